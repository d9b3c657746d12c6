/**
 * Small helpers for tests that drive the language service the way the language server does:
 * analyze a zone text, validate it, and look at the diagnostics' codes and line/character ranges.
 */
import assert from 'node:assert/strict';
import { createLanguageService, type AnalyzedDocument, type Diagnostic, type DocumentInput, type Range, type RuleSettings } from '../../server/src/service/index';

/** A crash inside a rule is a test failure, not a silently missing finding. */
export const service = createLanguageService({
  onRuleError: (rule, error) => {
    throw new Error(`rule "${rule}" crashed: ${error instanceof Error ? error.stack : String(error)}`);
  },
});

export function analyze(text: string, input: Omit<DocumentInput, 'text'> = {}): AnalyzedDocument {
  return service.analyze({ text, ...input });
}

/** Diagnostics of `text` with the origin example.com unless the input says otherwise. */
export async function validate(text: string, input: Omit<DocumentInput, 'text'> = { origin: 'example.com' }, rules?: RuleSettings): Promise<Diagnostic[]> {
  return service.validate(analyze(text, input), { rules });
}

export function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => d.code);
}

export function withCode(diagnostics: readonly Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

/** The single diagnostic with `code`; fails when there is none or more than one. */
export function single(diagnostics: readonly Diagnostic[], code: string): Diagnostic {
  const found = withCode(diagnostics, code);
  assert.equal(found.length, 1, `expected exactly one ${code}, got: ${JSON.stringify(diagnostics.map((d) => `${d.code}: ${d.message}`), null, 1)}`);
  return found[0];
}

export function assertNone(diagnostics: readonly Diagnostic[], code: string): void {
  assert.deepEqual(withCode(diagnostics, code).map((d) => d.message), [], `expected no ${code}`);
}

export function range(line: number, start: number, endCharacter: number, endLine = line): Range {
  return { start: { line, character: start }, end: { line: endLine, character: endCharacter } };
}

/** The text a range covers, so a test can say which characters a diagnostic underlines. */
export function textOf(text: string, r: Range): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((sum, l) => sum + l.length + 1, 0) + p.character;
  return text.slice(offset(r.start), offset(r.end));
}

/** The position of the `occurrence`-th `needle` in `text`, moved `delta` characters right. */
export function positionOf(text: string, needle: string, delta = 0, occurrence = 1): { line: number; character: number } {
  let index = -1;
  for (let k = 0; k < occurrence; k++) {
    index = text.indexOf(needle, index + 1);
    assert.ok(index >= 0, `"${needle}" (occurrence ${occurrence}) not in the text`);
  }
  const before = text.slice(0, index + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}
