import type { Diagnostic, Finding } from './types';
import { effectiveSeverity, type RuleSettings } from './rules';
import type { LineIndex } from './txt/lineIndex';

/**
 * Turns findings into diagnostics: drops those on $INCLUDEd records (they belong to the other
 * file), applies the user's severities, removes exact repeats and sorts by position.
 */
export function toDiagnostics(doc: { text: string; readonly lines: LineIndex }, findings: Finding[], settings: RuleSettings): Diagnostic[] {
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const sorted = [...findings].sort((a, b) => a.start - b.start || a.end - b.end);
  for (const finding of sorted) {
    if (finding.start > doc.text.length) continue;
    const severity = effectiveSeverity(finding.code, finding.severity, settings);
    if (!severity) continue;
    const key = `${finding.start}:${finding.end}:${finding.code}:${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const diagnostic: Diagnostic = { range: doc.lines.rangeOf(finding), severity, code: finding.code, message: finding.message };
    if (finding.data) diagnostic.data = finding.data;
    diagnostics.push(diagnostic);
  }
  return diagnostics;
}
