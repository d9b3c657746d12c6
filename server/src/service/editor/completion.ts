import type { AnalyzedDocument } from '../analysis';
import { isDkimRecord, isDmarcRecord } from '../analysis';
import { isSpfText, valueOffsetAt } from '../records';
import { spfCompletions } from '../spf/spfDocs';
import { dmarcCompletions } from '../dmarc/dmarcDocs';
import { dkimCompletions } from '../dkim/dkimDocs';
import { CLASSES, COMMON_TYPES, KNOWN_TYPES } from '../zone/recordTypes';
import { parseTtl } from '../zone/ttl';
import { recordAt } from './recordAt';
import type { CompletionEntry } from './types';
import { RECORD_TYPE_DOCS } from './recordTypeDocs';

export function completionsAt(doc: AnalyzedDocument, offset: number): CompletionEntry[] {
  const record = recordAt(doc, offset);
  if (record?.txt && offset > record.typeSpan.end) {
    // A closed string's span ends after its closing quote, which is outside the string; an unclosed one runs to the line end.
    const inString = record.rdata.some((t) => t.quoted && offset > t.start && (offset < t.end || t.end - t.start === t.text.length + 1));
    if (!inString) return [];
    const at = valueOffsetAt(record.txt, offset) ?? record.txt.text.length;
    const before = record.txt.text.slice(0, at);
    if (before.trim() === '' || (!isSpfText(record.txt.text) && /^v=?[a-z0-9]*$/i.test(before.trim()))) return starters(record.name);
    if (isSpfText(record.txt.text)) return /(^| )[^ ]*$/.test(before) && before.length >= 6 ? spfCompletions() : [];
    if (isDmarcRecord(record)) return dmarcCompletions(before);
    if (isDkimRecord(record)) return dkimCompletions(before);
    return [];
  }
  return typePositionCompletions(doc, offset);
}

/** The first words of a TXT value, chosen by the owner name. */
export function starters(name: string): CompletionEntry[] {
  const dmarc: CompletionEntry = { label: 'v=DMARC1', kind: 'snippet', snippet: true, insertText: 'v=DMARC1; p=${1|none,quarantine,reject|}; rua=mailto:${2:dmarc-reports@example.com}', detail: 'DMARC policy record', documentation: 'Starts a DMARC record (RFC 9989 section 4.7).' };
  const dkim: CompletionEntry = { label: 'v=DKIM1', kind: 'snippet', snippet: true, insertText: 'v=DKIM1; k=rsa; p=${1:base64-public-key}', detail: 'DKIM public key record', documentation: 'Starts a DKIM key record (RFC 6376 section 3.6.1).' };
  const spf: CompletionEntry = { label: 'v=spf1', kind: 'snippet', snippet: true, insertText: 'v=spf1 ${1:include:amazonses.com} ${2|~all,-all|}', detail: 'SPF record', documentation: 'Starts an SPF record (RFC 7208 section 4.5).' };
  if (name.startsWith('_dmarc')) return [dmarc];
  if (name.includes('._domainkey')) return [dkim];
  return [spf, dmarc, dkim];
}

/** Record types where the type goes: after the owner and an optional TTL and class. */
function typePositionCompletions(doc: AnalyzedDocument, offset: number): CompletionEntry[] {
  const position = doc.lines.positionAt(offset);
  const lineText = doc.text.slice(offset - position.character, offset);
  if (lineText.includes('"') || lineText.includes(';') || lineText.trimStart().startsWith('$')) return [];
  const words = lineText.split(/[ \t]+/);
  words.pop();
  const ownerOmitted = /^[ \t]/.test(lineText);
  const afterOwner = ownerOmitted ? words.filter((w) => w !== '') : words.slice(1);
  if (!ownerOmitted && words.length === 0) return [];
  if (afterOwner.length > 2 || !afterOwner.every((w) => parseTtl(w) !== undefined || CLASSES.has(w.toUpperCase()))) return [];
  const rest = [...KNOWN_TYPES].filter((t) => !COMMON_TYPES.includes(t)).sort();
  return [...COMMON_TYPES, ...rest].map((type, index) => ({
    label: type,
    kind: 'type' as const,
    detail: index < COMMON_TYPES.length ? 'record type' : 'record type (rare)',
    documentation: RECORD_TYPE_DOCS[type],
  }));
}
