import type { Diagnostic, Span } from '../types';
import type { DnsLookup } from '../dnsLookup';
import { changeBatchSpfSource, type JsonDocument } from '../jsonAnalysis';
import { nodeAtOffset, pathOf, spanOfNode, type JsonNode } from '../json/jsonTree';
import { escapeJsonStringContent, jsonStringIndexAt } from '../json/jsonString';
import { isSpfText, valueOffsetAt, type DnsRecord } from '../records';
import { isDkimRecord, isDmarcRecord } from '../recordChecks';
import { parseSpf } from '../spf/spfRecord';
import { spfCompletions } from '../spf/spfDocs';
import { dmarcCompletions } from '../dmarc/dmarcDocs';
import { dkimCompletions } from '../dkim/dkimDocs';
import { route53QuotedValue } from '../changeBatch/route53Txt';
import type { BatchValue } from '../changeBatch/changeBatchModel';
import { RECEIPT_RULE_FIELD_DOCS } from '../sesRule/receiptRuleDocs';
import { SEND_EMAIL_FIELD_DOCS } from '../sendEmail/sendEmailDocs';
import { CHANGE_BATCH_FIELD_DOCS } from '../changeBatch/changeBatchDocs';
import { FEEDBACK_ID_TAGS, ONE_CLICK } from '../sendEmail/sendEmailChecks';
import { txtValueHover } from './hover';
import { starters } from './completion';
import type { QuickFix, TextEdit } from './codeActions';
import type { CompletionEntry, HoverResult } from './types';

/** The change-batch value whose JSON string holds `offset` (closing quote included). */
function batchValueAt(doc: JsonDocument, offset: number): BatchValue | undefined {
  for (const change of doc.batch?.changes ?? []) {
    for (const value of change.values) if (offset >= value.str.content.start && offset <= value.str.content.end) return value;
  }
  return undefined;
}

const FIELD_DOCS = {
  'receipt-rule': RECEIPT_RULE_FIELD_DOCS,
  'receipt-rule-set': RECEIPT_RULE_FIELD_DOCS,
  'send-email': SEND_EMAIL_FIELD_DOCS,
  'change-batch': CHANGE_BATCH_FIELD_DOCS,
} as const;

/** The property a node names or belongs to: the key node and the path of its value. */
function propertyOf(node: JsonNode | undefined): { key: JsonNode; path: Array<string | number> } | undefined {
  let current = node;
  while (current && current.parent?.type !== 'property') current = current.parent;
  if (!current) return undefined;
  const property = current.parent!;
  const key = property.children?.[0];
  const value = property.children?.[1];
  if (!key) return undefined;
  // A key node has no path of its own; its value's path names the property.
  return { key, path: value ? pathOf(value) : [...(property.parent ? pathOf(property.parent) : []), String(key.value)] };
}

export async function jsonHoverAt(doc: JsonDocument, offset: number, dns?: DnsLookup): Promise<HoverResult | undefined> {
  const value = batchValueAt(doc, offset);
  if (value?.record.txt) {
    const at = valueOffsetAt(value.record.txt, offset);
    if (at !== undefined && value.record.txt.text.length > 0) {
      const hover = await txtValueHover(value.record, at, () => changeBatchSpfSource(doc.batch!.set, dns));
      if (hover) return hover;
    }
  }
  const node = nodeAtOffset(doc.root, offset);
  const property = propertyOf(node);
  if (!property) return undefined;
  const names = property.path.filter((p): p is string => typeof p === 'string');
  const field = names.at(-1)!;
  const parent = names.at(-2);
  const docs: Readonly<Record<string, string>> = FIELD_DOCS[doc.jsonKind];
  const markdown = (parent && docs[`${parent}.${field}`]) ?? docs[field];
  if (!markdown) return undefined;
  // Hover over the key, or over a scalar value; not over a whole object.
  const onKey = offset >= property.key.offset && offset <= property.key.offset + property.key.length;
  const span: Span = onKey || !node || node.type === 'object' || node.type === 'array' ? spanOfNode(property.key) : spanOfNode(node);
  return { markdown, span };
}

export function jsonCompletionsAt(doc: JsonDocument, offset: number): CompletionEntry[] {
  const value = batchValueAt(doc, offset);
  if (value) return txtCompletions(value, offset);
  const node = nodeAtOffset(doc.root, offset);
  if (node?.type !== 'string' || node.parent?.type !== 'property' || node.parent.children?.[1] !== node) return [];
  const path = pathOf(node);
  const field = path.at(-1);
  if (doc.jsonKind === 'send-email' && path[0] === 'EmailTags' && field === 'Name') {
    return FEEDBACK_ID_TAGS.map((tag) => ({ label: tag, kind: 'value', detail: 'Feedback-ID tag', documentation: SEND_EMAIL_FIELD_DOCS['EmailTags.Value'] }));
  }
  if (doc.jsonKind === 'send-email' && path.includes('Headers') && field === 'Name') {
    return [
      { label: 'List-Unsubscribe', kind: 'value', detail: 'RFC 2369, RFC 8058', documentation: 'URIs in angle brackets; with List-Unsubscribe-Post one must be https.' },
      { label: 'List-Unsubscribe-Post', kind: 'value', detail: 'RFC 8058', documentation: `Value: exactly \`${ONE_CLICK}\`.` },
    ];
  }
  if (doc.jsonKind === 'send-email' && path.includes('Headers') && field === 'Value') {
    const header = node.parent.parent;
    const name = header?.children?.find((p) => p.children?.[0]?.value === 'Name')?.children?.[1]?.value;
    if (typeof name === 'string' && name.toLowerCase() === 'list-unsubscribe-post') return [{ label: ONE_CLICK, kind: 'value', detail: 'RFC 8058 section 3.1' }];
  }
  return [];
}

/** SPF, DMARC and DKIM completions inside a TXT value; outside its quotes the starters come quoted. */
function txtCompletions(value: BatchValue, offset: number): CompletionEntry[] {
  const record = value.record;
  if (!record.txt || (record.type !== 'TXT' && record.type !== 'SPF')) return [];
  const index = jsonStringIndexAt(value.str, offset) ?? 0;
  const before = value.str.value.slice(0, index);
  const insideQuotes = (before.match(/(?<!\\)"/g)?.length ?? 0) % 2 === 1;
  if (!insideQuotes) {
    if (before.trim() !== '') return [];
    return starters(record.name).map((s) => ({ ...s, insertText: `\\"${s.insertText ?? s.label}\\"` }));
  }
  const at = valueOffsetAt(record.txt, offset) ?? record.txt.text.length;
  const text = record.txt.text.slice(0, at);
  if (text.trim() === '' || (!isSpfText(record.txt.text) && /^v=?[a-z0-9]*$/i.test(text.trim()))) return starters(record.name);
  if (isSpfText(record.txt.text)) return /(^| )[^ ]*$/.test(text) && text.length >= 6 ? spfCompletions() : [];
  if (isDmarcRecord(record)) return dmarcCompletions(text);
  if (isDkimRecord(record)) return dkimCompletions(text);
  return [];
}

/** Quick fixes for the diagnostics of a JSON document that carry fix data. */
export function jsonQuickFixes(doc: JsonDocument, diagnostics: Diagnostic[]): QuickFix[] {
  const fixes: QuickFix[] = [];
  const edit = (span: Span, newText: string): TextEdit => ({ range: doc.lines.rangeOf(span), newText });
  for (const diagnostic of diagnostics) {
    const data = diagnostic.data;
    if (!data) continue;
    const start = doc.lines.offsetAt(diagnostic.range.start);
    switch (data.kind) {
      case 'choose-value': {
        const current = doc.text.slice(data.span.start, data.span.end).replace(/^"|"$/g, '').toLowerCase();
        for (const value of data.values) {
          fixes.push({ title: `Change to "${value}"`, diagnostic, edits: [edit(data.span, JSON.stringify(value))], preferred: value.toLowerCase() === current });
        }
        break;
      }
      case 'json-edit':
        fixes.push({ title: data.title, diagnostic, edits: data.edits.map((e) => edit(e, e.text)), preferred: true });
        break;
      case 'replace':
        // Text for the inside of a Route 53 quoted string, inside a JSON string: escape for both.
        fixes.push({ title: data.title, diagnostic, edits: [edit(data.span, escapeJsonStringContent(data.text.replace(/[\\"]/g, (c) => `\\${c}`)))], preferred: true });
        break;
      case 'move-all-last':
      case 'remove-term': {
        const record = batchValueAt(doc, start)?.record;
        if (!record?.txt) break;
        const terms = parseSpf(record.txt.text).terms;
        let title: string;
        let rest: string[];
        if (data.kind === 'move-all-last') {
          const all = terms.find((t) => t.kind === 'mechanism' && t.name === 'all');
          if (!all) break;
          title = `Move "${all.text}" to the end`;
          rest = [...terms.filter((t) => t !== all).map((t) => t.text), all.text];
        } else {
          title = 'Remove the ptr mechanism';
          rest = terms.filter((t) => !(t.kind === 'mechanism' && t.name === 'ptr')).map((t) => t.text);
        }
        fixes.push({ title, diagnostic, edits: [rewriteValue(doc, record, ['v=spf1', ...rest].join(' '))], preferred: true });
        break;
      }
    }
  }
  return fixes;
}

function rewriteValue(doc: JsonDocument, record: DnsRecord, value: string): TextEdit {
  return { range: doc.lines.rangeOf(record.rdataSpan), newText: escapeJsonStringContent(route53QuotedValue(value)) };
}
