import type { DnsLookup } from '../dnsLookup';
import { isSpfText, type RecordSet } from '../records';
import { absoluteName } from '../zone/names';
import type { ExistsResult, SpfLookupResult, SpfSource } from './spfTree';

/**
 * Answers from the file being edited for names it is authoritative for (its origin and below,
 * unless delegated with NS), and from DNS for everything else when a lookup is given.
 */
export function createSpfSource(set: RecordSet, origin: string | undefined, dns?: DnsLookup, authoritative?: (name: string) => boolean): SpfSource {
  const isLocal = authoritative ?? ((name: string) => set.byName.has(name) || isUnderOrigin(set, name, origin));
  const offline = (name: string): SpfLookupResult => ({ status: 'unknown', reason: `${name} is outside this file; DNS look-ups are off` });
  return {
    spf(name): SpfLookupResult | Promise<SpfLookupResult> {
      if (isLocal(name)) {
        const alias = followLocalCname(set, name, origin);
        if (alias !== name && !isLocal(alias)) return this.spf(alias);
        const records = set.byName.get(alias);
        if (!records) return { status: 'nxdomain', where: 'file' };
        const texts = records.filter((r) => r.type === 'TXT' && r.txt && isSpfText(r.txt.text)).map((r) => r.txt!.text);
        return texts.length > 0 ? { status: 'found', texts, where: 'file' } : { status: 'none', where: 'file' };
      }
      if (!dns) return offline(name);
      return dnsSpf(dns, name);
    },
    addresses(name): ExistsResult | Promise<ExistsResult> {
      if (isLocal(name)) return localHas(set, name, ADDRESS_TYPES, origin);
      if (!dns) return 'unknown';
      return Promise.all([dns.a(name), dns.aaaa(name)]).then(([a, aaaa]) => combine(a.status, aaaa.status));
    },
    mx(name): ExistsResult | Promise<ExistsResult> {
      if (isLocal(name)) return localHas(set, name, MX_TYPES, origin);
      if (!dns) return 'unknown';
      return dns.mx(name).then((answer) => (answer.status === 'ok' && answer.records.length > 10 ? 'too-many' : combine(answer.status)));
    },
  };
}

async function dnsSpf(dns: DnsLookup, name: string): Promise<SpfLookupResult> {
  const answer = await dns.txt(name);
  if (answer.status === 'unknown') return { status: 'unknown', reason: answer.reason };
  if (answer.status === 'nxdomain') return { status: 'nxdomain', where: 'dns' };
  if (answer.status === 'nodata') return { status: 'none', where: 'dns' };
  const texts = answer.records.filter((t) => isSpfText(t));
  return texts.length > 0 ? { status: 'found', texts, where: 'dns' } : { status: 'none', where: 'dns' };
}

/**
 * Follows CNAMEs within the file (a few hops, as resolvers do), so an alias finds its target's
 * records. Plain loops here and in localHas: every a and mx term of every SPF record comes here.
 */
function followLocalCname(set: RecordSet, name: string, origin: string | undefined): string {
  let current = name;
  for (let hops = 0; hops < 8; hops++) {
    const records = set.byName.get(current);
    let target: string | undefined;
    if (records) {
      for (const r of records) {
        if (r.type !== 'CNAME') continue;
        const rdata = r.rdata;
        if (rdata.length === 1) {
          target = rdata[0].text;
          break;
        }
      }
    }
    if (target === undefined) return current;
    current = absoluteName(target, origin ?? '');
  }
  return current;
}

function localHas(set: RecordSet, name: string, types: readonly string[], origin: string | undefined): ExistsResult {
  const records = set.byName.get(followLocalCname(set, name, origin)) ?? [];
  let mx = 0;
  let has = false;
  let cname = false;
  for (const r of records) {
    if (r.type === 'MX') mx++;
    if (types.includes(r.type)) has = true;
    if (r.type === 'CNAME') cname = true;
  }
  if (mx > 10 && types.includes('MX')) return 'too-many';
  if (has) return 'yes';
  // A CNAME in the file points somewhere we may not see; do not guess.
  if (cname) return 'unknown';
  return 'void';
}

const ADDRESS_TYPES: readonly string[] = ['A', 'AAAA'];
const MX_TYPES: readonly string[] = ['MX'];

function combine(...statuses: string[]): ExistsResult {
  if (statuses.includes('ok')) return 'yes';
  if (statuses.includes('unknown')) return 'unknown';
  return 'void';
}

function isUnderOrigin(set: RecordSet, name: string, origin: string | undefined): boolean {
  if (!origin || !(name === origin || name.endsWith(`.${origin}`))) return false;
  // A delegation (NS below the apex) hands the name to another zone.
  let current = name;
  while (current !== origin && current.includes('.')) {
    if ((set.byName.get(current) ?? []).some((r) => r.type === 'NS')) return false;
    current = current.slice(current.indexOf('.') + 1);
  }
  return true;
}
