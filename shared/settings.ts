/**
 * Settings as the language server consumes them. The client reads VS Code's configuration,
 * sanitises it with `sanitizeSettings` and sends the typed result; the server never reads raw
 * configuration, so both sides agree on defaults.
 */
import { DEFAULT_JSON_FILE_GLOBS } from '../server/src/service/json/fileGlobs';

export type RuleSeveritySetting = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface ServerSettings {
  rules: Record<string, RuleSeveritySetting>;
  dns: {
    enabled: boolean;
    servers: string[];
    timeoutMs: number;
  };
  /** False in Restricted Mode: then nothing leaves the machine (no DNS look-ups). */
  trusted: boolean;
  /** `emailAuth.aws.region`: the region receipt rules are checked against. */
  aws: { region?: string };
  /** `emailAuth.files.*`: file-name globs of the SES and Route 53 JSON kinds. */
  files: JsonFileSettings;
}

export interface JsonFileSettings {
  receiptRule: string[];
  receiptRuleSet: string[];
  sendEmail: string[];
  changeBatch: string[];
}

export const DEFAULT_SETTINGS: ServerSettings = {
  rules: {},
  dns: { enabled: true, servers: [], timeoutMs: 2000 },
  trusted: false,
  aws: {},
  files: {
    receiptRule: [...DEFAULT_JSON_FILE_GLOBS.receiptRule],
    receiptRuleSet: [...DEFAULT_JSON_FILE_GLOBS.receiptRuleSet],
    sendEmail: [...DEFAULT_JSON_FILE_GLOBS.sendEmail],
    changeBatch: [...DEFAULT_JSON_FILE_GLOBS.changeBatch],
  },
};

const stringList = (value: unknown, fallback: string[]): string[] =>
  Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim()) : fallback;

const SEVERITIES = new Set<RuleSeveritySetting>(['error', 'warning', 'information', 'hint', 'off']);

export function sanitizeSettings(raw: unknown, trusted: boolean): ServerSettings {
  const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, RuleSeveritySetting> = {};
  const rawRules = input.rules && typeof input.rules === 'object' ? (input.rules as Record<string, unknown>) : {};
  for (const [code, value] of Object.entries(rawRules)) {
    if (typeof value === 'string' && SEVERITIES.has(value as RuleSeveritySetting)) rules[code] = value as RuleSeveritySetting;
  }
  const dns = (input.dns && typeof input.dns === 'object' ? input.dns : {}) as Record<string, unknown>;
  const servers = Array.isArray(dns.servers) ? dns.servers.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim()) : [];
  const timeout = typeof dns.timeoutMs === 'number' && Number.isFinite(dns.timeoutMs) ? Math.min(30000, Math.max(100, dns.timeoutMs)) : DEFAULT_SETTINGS.dns.timeoutMs;
  const aws = (input.aws && typeof input.aws === 'object' ? input.aws : {}) as Record<string, unknown>;
  const region = typeof aws.region === 'string' && /^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(aws.region.trim()) ? aws.region.trim() : undefined;
  const files = (input.files && typeof input.files === 'object' ? input.files : {}) as Record<string, unknown>;
  const defaults = DEFAULT_SETTINGS.files;
  return {
    rules,
    dns: { enabled: typeof dns.enabled === 'boolean' ? dns.enabled : DEFAULT_SETTINGS.dns.enabled, servers, timeoutMs: timeout },
    trusted,
    aws: region ? { region } : {},
    files: {
      receiptRule: stringList(files.receiptRule, defaults.receiptRule),
      receiptRuleSet: stringList(files.receiptRuleSet, defaults.receiptRuleSet),
      sendEmail: stringList(files.sendEmail, defaults.sendEmail),
      changeBatch: stringList(files.changeBatch, defaults.changeBatch),
    },
  };
}
