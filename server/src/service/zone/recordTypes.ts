/** RR types BIND knows by mnemonic; anything else must be written TYPEnnn (RFC 3597). */
export const KNOWN_TYPES = new Set([
  'A', 'NS', 'MD', 'MF', 'CNAME', 'SOA', 'MB', 'MG', 'MR', 'NULL', 'WKS', 'PTR', 'HINFO', 'MINFO', 'MX', 'TXT',
  'RP', 'AFSDB', 'X25', 'ISDN', 'RT', 'NSAP', 'NSAP-PTR', 'SIG', 'KEY', 'PX', 'GPOS', 'AAAA', 'LOC', 'NXT', 'EID',
  'NIMLOC', 'SRV', 'ATMA', 'NAPTR', 'KX', 'CERT', 'A6', 'DNAME', 'SINK', 'OPT', 'APL', 'DS', 'SSHFP', 'IPSECKEY',
  'RRSIG', 'NSEC', 'DNSKEY', 'DHCID', 'NSEC3', 'NSEC3PARAM', 'TLSA', 'SMIMEA', 'HIP', 'NINFO', 'RKEY', 'TALINK',
  'CDS', 'CDNSKEY', 'OPENPGPKEY', 'CSYNC', 'ZONEMD', 'SVCB', 'HTTPS', 'DSYNC', 'SPF', 'UINFO', 'UID', 'GID',
  'UNSPEC', 'NID', 'L32', 'L64', 'LP', 'EUI48', 'EUI64', 'TKEY', 'TSIG', 'URI', 'CAA', 'AVC', 'DOA', 'AMTRELAY',
  'RESINFO', 'WALLET', 'TA', 'DLV',
]);

/** Known types by their mnemonic, so records share one string per type. */
const CANONICAL_TYPES = new Map([...KNOWN_TYPES].map((type) => [type, type]));

/** The type a token names (any case; TYPEnnn for unknown types, RFC 3597), or undefined. */
export function canonicalType(text: string): string | undefined {
  const known = CANONICAL_TYPES.get(text);
  if (known !== undefined) return known;
  const upper = text.toUpperCase();
  const knownUpper = CANONICAL_TYPES.get(upper);
  if (knownUpper !== undefined) return knownUpper;
  return /^TYPE\d{1,5}$/.test(upper) && Number(upper.slice(4)) <= 65535 ? upper : undefined;
}

export const CLASSES = new Set(['IN', 'CH', 'CS', 'HS', 'NONE', 'ANY']);

/** Types that may share a name with a CNAME (RFC 2181 10.1, RFC 4035 2.5). */
export const CNAME_COMPANIONS = new Set(['RRSIG', 'NSEC', 'NSEC3', 'KEY']);

/** Completion list: the types people write in mail-related zones first. */
export const COMMON_TYPES = ['TXT', 'MX', 'CNAME', 'A', 'AAAA', 'NS', 'SOA', 'CAA', 'SRV', 'PTR', 'TLSA', 'HTTPS', 'SVCB', 'DS'];
