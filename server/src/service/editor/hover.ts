import type { AnalyzedDocument } from '../analysis';
import { isDkimRecord, isDmarcRecord } from '../analysis';
import type { DnsLookup } from '../dnsLookup';
import { isSpfText, sourceSpan, valueOffsetAt, type DnsRecord } from '../records';
import { parseSpf } from '../spf/spfRecord';
import { spfTermMarkdown, spfVersionMarkdown, QUALIFIER_DOCS } from '../spf/spfDocs';
import { buildSpfTree, renderSpfTree, type SpfSource } from '../spf/spfTree';
import { createSpfSource } from '../spf/spfSource';
import { dmarcHover } from '../dmarc/dmarcDocs';
import { dkimHover } from '../dkim/dkimDocs';
import { recordAt } from './recordAt';
import type { HoverResult } from './types';
import { RECORD_TYPE_DOCS } from './recordTypeDocs';

export async function hoverAt(doc: AnalyzedDocument, offset: number, dns?: DnsLookup): Promise<HoverResult | undefined> {
  const record = recordAt(doc, offset);
  if (!record) return undefined;
  if (offset >= record.typeSpan.start && offset <= record.typeSpan.end) {
    const markdown = RECORD_TYPE_DOCS[record.type];
    return markdown ? { markdown, span: record.typeSpan } : undefined;
  }
  const value = record.txt;
  if (!value || offset < record.rdataSpan.start || offset > record.rdataSpan.end) return undefined;
  const at = valueOffsetAt(value, offset);
  if (at === undefined) return undefined;
  return txtValueHover(record, at, () => createSpfSource(doc.set, doc.origin || undefined, dns));
}

/** The SPF, DMARC or DKIM hover at octet `at` of a TXT record (of a zone or a change batch). */
export async function txtValueHover(record: DnsRecord, at: number, source: () => SpfSource): Promise<HoverResult | undefined> {
  const value = record.txt;
  if (!value) return undefined;
  if (isSpfText(value.text)) return spfHover(record, at, source());
  if (isDmarcRecord(record)) return dmarcHover(value, at);
  if (isDkimRecord(record)) return dkimHover(value, at);
  return undefined;
}

async function spfHover(record: DnsRecord, at: number, source: SpfSource): Promise<HoverResult | undefined> {
  const value = record.txt!;
  const parsed = parseSpf(value.text);
  const term = parsed.terms.find((t) => at >= t.start && at <= t.end);
  let markdown: string | undefined;
  let span = sourceSpan(value, 0, Math.min(6, value.text.length));
  if (term) {
    span = sourceSpan(value, term.start, term.end);
    const onQualifier = term.explicitQualifier && at === term.start;
    markdown = onQualifier ? `**SPF qualifier**\n\n${QUALIFIER_DOCS[term.qualifier!]}` : spfTermMarkdown(term.name, term.explicitQualifier ? term.qualifier : undefined);
    if (!markdown) markdown = term.kind === 'modifier' ? `**Unknown modifier \`${term.name}=\`**\n\nReceivers ignore modifiers they do not know (RFC 7208 section 6).` : undefined;
  } else if (at <= 6) {
    markdown = spfVersionMarkdown();
  }
  if (!markdown) return undefined;
  const tree = await buildSpfTree(record.name, value.text, source);
  return { markdown: `${markdown}\n\n---\n\n${renderSpfTree(tree)}`, span };
}
