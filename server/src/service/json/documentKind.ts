import { matchesGlob, DEFAULT_JSON_FILE_GLOBS, type JsonFileGlobs } from './fileGlobs';

export { DEFAULT_JSON_FILE_GLOBS, type JsonFileGlobs };
import { elements, properties, property, type JsonNode } from './jsonTree';

/** The JSON files Email Auth Studio checks; every other JSON file gets nothing from it. */
export type JsonKind = 'receipt-rule' | 'receipt-rule-set' | 'send-email' | 'change-batch';

const BY_SETTING: ReadonlyArray<[keyof JsonFileGlobs, JsonKind]> = [
  ['receiptRuleSet', 'receipt-rule-set'],
  ['receiptRule', 'receipt-rule'],
  ['sendEmail', 'send-email'],
  ['changeBatch', 'change-batch'],
];

export function kindFromFileName(fileName: string | undefined, globs: JsonFileGlobs = DEFAULT_JSON_FILE_GLOBS): JsonKind | undefined {
  if (!fileName) return undefined;
  for (const [setting, kind] of BY_SETTING) if ((globs[setting] ?? []).some((g) => matchesGlob(fileName, g))) return kind;
  return undefined;
}

/** Top-level keys that can make a file one of ours; a file holding none of them is not parsed at all. */
const SIGNAL_KEYS = ['"Rule"', '"Actions"', '"Recipients"', '"Rules"', '"FromEmailAddress"', '"Destination"', '"Content"', '"Changes"', '"ChangeBatch"'];

/** A cheap test run before parsing, so package.json or a large data file costs a few string searches. */
export function mayBeRecognisedByContent(text: string): boolean {
  return SIGNAL_KEYS.some((key) => text.includes(key));
}

/**
 * The kind by the top-level keys: the `--rule` / create-receipt-rule input, the output of
 * `aws ses describe-receipt-rule-set`, `aws sesv2 send-email --cli-input-json` input, and a
 * `--change-batch` (or the whole change-resource-record-sets input).
 */
export function kindFromContent(root: JsonNode | undefined): JsonKind | undefined {
  if (root?.type !== 'object') return undefined;
  const keys = new Set(properties(root).map(([k]) => String(k.value)));
  if (property(root, 'Rule')?.type === 'object') return 'receipt-rule';
  if (keys.has('Name') && (keys.has('Actions') || keys.has('Recipients'))) return 'receipt-rule';
  if (property(root, 'Rules')?.type === 'array' && (keys.has('Metadata') || elements(property(root, 'Rules')).some((r) => r.type === 'object'))) return 'receipt-rule-set';
  const sendKeys = ['FromEmailAddress', 'Destination', 'Content'].filter((k) => keys.has(k)).length;
  if (sendKeys >= 2) return 'send-email';
  if (property(root, 'Changes')?.type === 'array') return 'change-batch';
  if (property(property(root, 'ChangeBatch'), 'Changes')) return 'change-batch';
  return undefined;
}
