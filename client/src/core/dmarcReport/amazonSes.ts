/**
 * How a report row is recognised as mail sent through Amazon SES: the source IP lies in the
 * ranges SES publishes in the SPF record of amazonses.com, or a DKIM signature or the MAIL FROM
 * domain is amazonses.com (the default MAIL FROM and the Amazon-owned DKIM key SES adds).
 */
import { parseIPv4 } from '../../../../server/src/service/net/ipAddress';
import { ipv4Value } from './ipv4Number';

/**
 * The ip4 ranges of `amazonses.com`'s SPF record (`dig TXT amazonses.com`). The first ten are the
 * record as quoted in public write-ups from 2023-2024 (199.255.192.0/22 ... 52.82.172.0/22; the
 * first three also in the AWS Messaging blog post "Amazon SES IP addresses"); the last four were
 * added by 2025 (76.223.128.0/19, 216.221.160.0/19, 206.55.144.0/20, 24.110.64.0/18). The record
 * is the authority and changes: refresh this list from DNS when SES adds ranges.
 */
export const AMAZON_SES_SPF_RANGES: readonly string[] = [
  '199.255.192.0/22',
  '199.127.232.0/22',
  '54.240.0.0/18',
  '69.169.224.0/20',
  '23.249.208.0/20',
  '23.251.224.0/19',
  '76.223.176.0/20',
  '54.240.64.0/19',
  '54.240.96.0/19',
  '52.82.172.0/22',
  '76.223.128.0/19',
  '216.221.160.0/19',
  '206.55.144.0/20',
  '24.110.64.0/18',
];

const RANGES = AMAZON_SES_SPF_RANGES.map((cidr) => {
  const [address, bits] = cidr.split('/');
  const bytes = parseIPv4(address)!;
  const prefix = Number(bits);
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  // Signed 32-bit patterns on both sides, as `&` gives them.
  return { network: ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) & mask, mask: mask | 0 };
});

export function isAmazonSesAddress(ip: string): boolean {
  const value = ipv4Value(ip);
  return value >= 0 && isAmazonSesIPv4(value | 0);
}

/** The same for an IPv4 address given as its 32 bits in a signed integer, as reportRows.ts stores it. */
export function isAmazonSesIPv4(bits: number): boolean {
  for (const range of RANGES) if ((bits & range.mask) === range.network) return true;
  return false;
}

/** amazonses.com and its subdomains (e.g. the MAIL FROM us-east-1.amazonses.com). */
export function isAmazonSesDomain(domain: string | undefined): boolean {
  // Cheap test first: this runs for several domains of every row.
  if (!domain || domain.length < 13) return false;
  const name = domain.endsWith('.') ? domain.slice(0, -1).toLowerCase() : domain.toLowerCase();
  return name === 'amazonses.com' || name.endsWith('.amazonses.com');
}
