import type { Finding } from '../types';
import type { DnsRecord } from '../records';
import { isSpfText } from '../records';
import { CNAME_COMPANIONS } from './recordTypes';

/** The checks of one owner name (a name with two or more records): CNAME exclusivity and duplicates. */
export function checkZoneName(name: string, records: readonly DnsRecord[], findings: Finding[]): void {
  checkCnameConflict(name, records, findings);
  checkDuplicates(records, findings);
}

function checkCnameConflict(name: string, records: readonly DnsRecord[], findings: Finding[]): void {
  const cnames = records.filter((r) => r.type === 'CNAME');
  if (cnames.length === 0) return;
  const others = records.filter((r) => r.type !== 'CNAME' && !CNAME_COMPANIONS.has(r.type));
  const shown = name || '.';
  for (const other of others) {
    findings.push({ code: 'zone-cname-conflict', start: other.typeSpan.start, end: other.typeSpan.end, message: `${shown} has a CNAME, so it cannot have ${/^[AEIOU]/.test(other.type) ? 'an' : 'a'} ${other.type} record too (RFC 2181 section 10.1); BIND refuses the zone. Put the ${other.type} record on the CNAME's target or replace the CNAME with the target's records.` });
  }
  if (others.length > 0) {
    const first = cnames[0];
    findings.push({ code: 'zone-cname-conflict', start: first.typeSpan.start, end: first.typeSpan.end, message: `${shown} has a CNAME beside other data (${[...new Set(others.map((o) => o.type))].join(', ')}) (RFC 2181 section 10.1); a name with a CNAME can have no other records.` });
  }
  const distinctTargets = new Set(cnames.map((c) => c.rdata.map((t) => t.text.toLowerCase()).join(' ')));
  if (distinctTargets.size > 1) {
    for (const extra of cnames.slice(1)) {
      findings.push({ code: 'zone-cname-conflict', start: extra.typeSpan.start, end: extra.typeSpan.end, message: `${shown} has more than one CNAME (RFC 2181 section 10.1); a name is an alias of exactly one target. Keep one.` });
    }
  }
}

function recordKey(record: DnsRecord): string {
  if (record.txt) {
    // The RDATA is the sequence of character-strings: "a" "b" and "ab" are different records.
    const strings: string[] = [];
    let at = 0;
    for (const string of record.txt.strings) {
      strings.push(record.txt.text.slice(at, at + string.octets));
      at += string.octets;
    }
    return `${record.type}\u0000${JSON.stringify(strings)}`;
  }
  return `${record.type}\u0000${record.rdata.map((t) => t.text.toLowerCase()).join(' ')}`;
}

function checkDuplicates(records: readonly DnsRecord[], findings: Finding[]): void {
  if (records.length < 2) return;
  const seen = new Map<string, DnsRecord>();
  for (const record of records) {
    const key = recordKey(record);
    const earlier = seen.get(key);
    if (earlier && earlier.span.start !== record.span.start) {
      findings.push({ code: 'zone-duplicate-record', start: record.rdataSpan.start, end: record.rdataSpan.end, message: `This ${record.type} record repeats an earlier one at ${record.name || '.'} with the same data; DNS keeps a single copy (RFC 2181 section 5), so one of them is dead text. Delete the duplicate.` });
    } else seen.set(key, record);
  }
}

export function checkStringLengths(record: DnsRecord, findings: Finding[]): void {
  const value = record.txt;
  // No string is longer than the whole value; zone files also say how long their longest string is.
  if (!value || value.text.length <= 255 || (value.longestString !== undefined && value.longestString <= 255)) return;
  const spf = isSpfText(value.text);
  for (const string of value.strings) {
    if (string.octets <= 255) continue;
    findings.push({
      code: spf ? 'spf-string-too-long' : 'zone-string-too-long',
      start: string.span.start,
      end: string.span.end,
      message: `This string is ${string.octets} octets; a DNS character-string holds at most 255 (RFC 1035 section 3.3${spf ? ', RFC 7208 section 3.3' : ''}), so BIND rejects the record. Split it into several quoted strings of at most 255 octets; they are joined with no space.`,
      data: { kind: 'split-string' },
    });
  }
}
