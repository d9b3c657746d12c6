import type { AnalyzedDocument } from '../analysis';
import type { Diagnostic, Range, Span } from '../types';
import { isSpfText, type DnsRecord } from '../records';
import { parseSpf } from '../spf/spfRecord';
import { quoteOctets, splitWrittenString } from '../txt/quoting';
import { recordAt } from './recordAt';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface QuickFix {
  title: string;
  diagnostic: Diagnostic;
  edits: TextEdit[];
  preferred: boolean;
}

/** Quick fixes for the diagnostics that carry fix data. */
export function quickFixes(doc: AnalyzedDocument, diagnostics: Diagnostic[]): QuickFix[] {
  const fixes: QuickFix[] = [];
  for (const diagnostic of diagnostics) {
    const data = diagnostic.data;
    if (!data) continue;
    const start = doc.lines.offsetAt(diagnostic.range.start);
    const edit = (span: Span, newText: string): TextEdit => ({ range: doc.lines.rangeOf(span), newText });
    const record = recordAt(doc, start);
    switch (data.kind) {
      case 'split-string': {
        const end = doc.lines.offsetAt(diagnostic.range.end);
        const written = doc.text.slice(start, end);
        if (!written.startsWith('"') || !written.endsWith('"')) break;
        const pieces = splitWrittenString(written.slice(1, -1));
        fixes.push({ title: `Split into ${pieces.length} strings of at most 255 octets`, diagnostic, edits: [edit({ start, end }, pieces.map((p) => `"${p}"`).join(' '))], preferred: true });
        break;
      }
      case 'move-all-last':
        if (record?.txt) {
          const terms = parseSpf(record.txt.text).terms;
          const all = terms.find((t) => t.kind === 'mechanism' && t.name === 'all');
          if (all) fixes.push(rewriteSpf(doc, record, diagnostic, `Move "${all.text}" to the end`, ['v=spf1', ...terms.filter((t) => t !== all).map((t) => t.text), all.text].join(' ')));
        }
        break;
      case 'remove-term':
        if (record?.txt) {
          const terms = parseSpf(record.txt.text).terms;
          const removed = terms.filter((t) => !(t.kind === 'mechanism' && t.name === 'ptr'));
          fixes.push(rewriteSpf(doc, record, diagnostic, 'Remove the ptr mechanism', ['v=spf1', ...removed.map((t) => t.text)].join(' ')));
        }
        break;
      case 'replace':
        fixes.push({ title: data.title, diagnostic, edits: [edit(data.span, escapeForQuotedString(data.text))], preferred: true });
        break;
      case 'merge-spf': {
        const [first, ...rest] = data.recordSpans.filter((s) => s.start <= doc.text.length);
        const firstRecord = first && recordAt(doc, first.start);
        if (!firstRecord) break;
        const edits = [edit(firstRecord.rdataSpan, quoteOctets(data.mergedValue))];
        for (const span of rest) edits.push(edit(lineSpan(doc.text, span), ''));
        fixes.push({ title: 'Merge the SPF records into one', diagnostic, edits, preferred: false });
        break;
      }
    }
  }
  return fixes;
}

function rewriteSpf(doc: AnalyzedDocument, record: DnsRecord, diagnostic: Diagnostic, title: string, value: string): QuickFix {
  const newValue = isSpfText(value) ? value : `v=spf1 ${value}`;
  return { title, diagnostic, edits: [{ range: doc.lines.rangeOf(record.rdataSpan), newText: quoteOctets(newValue) }], preferred: true };
}

/** Text put inside an existing quoted string must escape quotes and backslashes. */
function escapeForQuotedString(text: string): string {
  return text.replace(/[\\"]/g, (c) => `\\${c}`);
}

/** A record's whole line(s), with the line break, so deleting it leaves no blank line. */
function lineSpan(text: string, span: Span): Span {
  let start = span.start;
  while (start > 0 && text[start - 1] !== '\n') start--;
  let end = span.end;
  while (end < text.length && text[end] !== '\n') end++;
  return { start, end: Math.min(text.length, end + 1) };
}
