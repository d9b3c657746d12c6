/** Every custom LSP message between client and server, declared once for both sides. */
import type { ServerSettings } from './settings';

/** Client → server: the sanitised settings, after start and whenever configuration or trust changes. */
export const SETTINGS_NOTIFICATION = 'emailAuth/settings';
export type SettingsParams = ServerSettings;

/** Client → server: the lint result of a document as the CLI prints it (used by tests and the "show JSON" command). */
export const LANGUAGE_ID = 'dns-zone';
