import type { Span } from '../types';
import { indexRecords, type DnsRecord, type RdataToken, type RecordSet } from '../records';
import { elements, property, propertyKey, type JsonNode } from '../json/jsonTree';
import { decodeJsonString, jsonStringSpan, stringField, type JsonString, type StringField } from '../json/jsonString';
import { parseRoute53Txt, type Route53Txt } from './route53Txt';

/** Change actions and record types the Route 53 API accepts (AWS SDK v3 `ChangeAction`, `RRType`). */
export const CHANGE_ACTIONS: readonly string[] = ['CREATE', 'DELETE', 'UPSERT'];
export const RR_TYPES: readonly string[] = ['A', 'AAAA', 'CAA', 'CNAME', 'DS', 'HTTPS', 'MX', 'NAPTR', 'NS', 'PTR', 'SOA', 'SPF', 'SRV', 'SSHFP', 'SVCB', 'TLSA', 'TXT'];

export interface BatchValue {
  str: JsonString;
  record: DnsRecord;
  /** TXT and SPF values: the strings as Route 53 reads them. */
  txt?: Route53Txt;
}

export interface BatchChange {
  node: JsonNode;
  action?: StringField;
  rrset?: JsonNode;
  name?: StringField;
  type?: StringField;
  setIdentifier?: string;
  values: BatchValue[];
}

export interface ChangeBatchModel {
  /** The `Changes` array and its key, for findings about the batch as a whole. */
  changesKey?: JsonNode;
  changes: BatchChange[];
  /** Records the batch writes (CREATE and UPSERT): what the checks of SPF, DMARC and DKIM see. */
  written: DnsRecord[];
  set: RecordSet;
}

/** A Route 53 name as a DNS name: lower case, no final dot, `\ddd` octal escapes decoded. */
export function route53Name(raw: string): string {
  return raw
    .replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)))
    .replace(/\.$/, '')
    .toLowerCase();
}

export function buildChangeBatch(text: string, root: JsonNode | undefined): ChangeBatchModel {
  const batch = property(root, 'Changes') ? root : property(root, 'ChangeBatch');
  const changesNode = property(batch, 'Changes');
  const changes: BatchChange[] = [];
  const written: DnsRecord[] = [];
  for (const node of elements(changesNode)) {
    const rrset = property(node, 'ResourceRecordSet');
    const change: BatchChange = {
      node,
      action: stringField(text, node, 'Action'),
      rrset,
      name: stringField(text, rrset, 'Name'),
      type: stringField(text, rrset, 'Type'),
      setIdentifier: stringField(text, rrset, 'SetIdentifier')?.value,
      values: [],
    };
    const type = (change.type?.value ?? '').toUpperCase();
    for (const rr of elements(property(rrset, 'ResourceRecords'))) {
      const str = decodeJsonString(text, property(rr, 'Value'));
      if (!str) continue;
      const isText = type === 'TXT' || type === 'SPF';
      const txt = isText ? parseRoute53Txt(str, text) : undefined;
      const record: DnsRecord = {
        name: route53Name(change.name?.value ?? ''),
        type,
        span: str.literal,
        nameSpan: change.name?.str.content ?? str.literal,
        typeSpan: change.type?.str.content ?? str.literal,
        rdataSpan: str.content,
        rdata: txt ? txt.strings.map((s) => token(text, jsonStringSpan(str, s.from, s.to), s.quoted)) : words(str),
        txt: txt?.value,
      };
      change.values.push({ str, record, txt });
      if (change.action?.value === 'CREATE' || change.action?.value === 'UPSERT') written.push(record);
    }
    changes.push(change);
  }
  return { changesKey: propertyKey(batch, 'Changes'), changes, written, set: indexRecords(written) };
}

function token(text: string, span: Span, quoted: boolean): RdataToken {
  const inner = quoted && span.end - span.start >= 4 ? { start: span.start + 2, end: span.end - 2 } : span;
  return { ...span, text: text.slice(inner.start, inner.end), quoted };
}

/** Space-separated rdata fields of a non-TXT value (`10 inbound-smtp.us-east-1.amazonaws.com`). */
function words(str: JsonString): RdataToken[] {
  const tokens: RdataToken[] = [];
  for (const match of str.value.matchAll(/\S+/g)) {
    const span = jsonStringSpan(str, match.index!, match.index! + match[0].length);
    tokens.push({ ...span, text: match[0], quoted: false });
  }
  return tokens;
}

export function valueKey(node: JsonNode): JsonNode | undefined {
  return node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
}
