/**
 * Helpers for tests of the SES and Route 53 JSON kinds: analyze a JSON text under a file name,
 * validate it, and apply the quick fixes the service offers, as the editor would.
 */
import assert from 'node:assert/strict';
import type { Diagnostic, JsonDocument, RuleSettings, TextEdit } from '../../server/src/service/index';
import { service, withCode } from './serviceKit';

export function analyzeJson(text: string, fileName: string): JsonDocument {
  const doc = service.analyzeJson({ text, fileName });
  assert.ok(doc, `${fileName} is recognised`);
  return doc;
}

export async function validateJson(text: string, fileName: string, options: { region?: string; rules?: RuleSettings } = {}): Promise<Diagnostic[]> {
  return service.validate(analyzeJson(text, fileName), { rules: options.rules, aws: { region: options.region } });
}

/** Applies LSP-style edits (line/character ranges) to a text, last first. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((sum, l) => sum + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let result = text;
  for (const e of sorted) result = result.slice(0, offset(e.range.start)) + e.newText + result.slice(offset(e.range.end));
  return result;
}

/** The text after applying the quick fix titled like `title` offered for the first `code` diagnostic. */
export async function applyFix(text: string, fileName: string, code: string, title: RegExp): Promise<string> {
  const doc = analyzeJson(text, fileName);
  const diagnostics = withCode(await service.validate(doc), code);
  assert.ok(diagnostics.length > 0, `a ${code} diagnostic to fix`);
  const fixes = service.quickFixes(doc, [diagnostics[0]]);
  const fix = fixes.find((f) => title.test(f.title));
  assert.ok(fix, `a fix titled ${title} among ${JSON.stringify(fixes.map((f) => f.title))}`);
  return applyEdits(text, fix.edits);
}
