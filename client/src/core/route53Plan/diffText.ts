/**
 * A plan as text for a diff editor: two documents, `current` and `planned`, in zone-file lines
 * (`name TTL IN TYPE data`, TXT strings with decimal escapes as a zone file writes them). The same
 * comment header opens each rrset on both sides and values are sorted, so the editor lines up
 * rrset with rrset and shows exactly the values that change.
 */
import { displayRoute53Name } from './names';
import { displayValue } from './rdataValues';
import type { Route53RecordSet } from './types';

/** Zone-file lines of one rrset, values sorted; an alias is a comment (zone files cannot write one). */
export function rrsetLines(set: Route53RecordSet | undefined): string[] {
  if (!set) return [];
  const name = displayRoute53Name(set.Name);
  const routing = set.SetIdentifier !== undefined ? ` (routing policy, set ${JSON.stringify(set.SetIdentifier)})` : '';
  if (set.AliasTarget) return [`; ${name} ${set.Type} alias to ${set.AliasTarget.DNSName}${routing}`];
  const lines = (set.ResourceRecords ?? []).map((r) => `${name} ${set.TTL ?? ''} IN ${set.Type} ${displayValue(set.Type, r.Value)}`);
  lines.sort();
  if (routing) lines.unshift(`;${routing}`);
  return lines;
}

export interface DiffDocuments {
  current: string;
  planned: string;
}

/** The two sides of one rrset; an absent side is empty. */
export function rrsetDiff(current: Route53RecordSet | undefined, planned: Route53RecordSet | undefined): DiffDocuments {
  const side = (set: Route53RecordSet | undefined) => {
    const lines = rrsetLines(set);
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  };
  return { current: side(current), planned: side(planned) };
}

/** What the whole-plan documents need of each rrset. */
export interface DiffEntry {
  title: string;
  current?: Route53RecordSet;
  planned?: Route53RecordSet;
}

/** One pair of documents for many rrsets, each opened by `title` on both sides. */
export function combinedDiff(entries: readonly DiffEntry[]): DiffDocuments {
  const current: string[] = [];
  const planned: string[] = [];
  for (const entry of entries) {
    const header = `; ${entry.title}`;
    const before = rrsetLines(entry.current);
    const after = rrsetLines(entry.planned);
    current.push(header, ...(before.length > 0 ? before : ['; (none)']), '');
    planned.push(header, ...(after.length > 0 ? after : ['; (none)']), '');
  }
  return { current: current.join('\n'), planned: planned.join('\n') };
}
