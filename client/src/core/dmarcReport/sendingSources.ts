/**
 * Which sending source a report row comes from: Amazon SES (its published ranges, its DKIM key or
 * MAIL FROM), a network named by reverse DNS (when look-ups are on), a third party that signs with
 * its own DKIM domain, or an unknown sender.
 */
import { organizationalDomain } from './domainAlignment';
import { DMARC_PASS, SENT_BY_SES, type RowTraits } from './rowTraits';
import { sourceIpText } from './reportRows';

export type SourceKind = 'amazon-ses' | 'reverse-dns' | 'dkim-signer' | 'authenticated' | 'unknown';

export interface SendingSource {
  key: string;
  kind: SourceKind;
  label: string;
}

export const AMAZON_SES_SOURCE: SendingSource = { key: 'amazon-ses', kind: 'amazon-ses', label: 'Amazon SES' };
const AUTHENTICATED_SOURCE: SendingSource = { key: 'authenticated', kind: 'authenticated', label: 'Other senders that pass DMARC' };
const UNKNOWN_SOURCE: SendingSource = { key: 'unknown', kind: 'unknown', label: 'Unknown senders' };

function reverseDnsSource(ptr: string): SendingSource {
  const org = organizationalDomain(ptr);
  return { key: `rdns:${org}`, kind: 'reverse-dns', label: `${org} (reverse DNS)` };
}

/**
 * Sources of the rows of one report, made once per signing domain or PTR name rather than once
 * per row (two signing domains of one organization give two objects with the same key).
 */
export class SourceClassifier {
  private readonly bySigner = new Map<number, SendingSource>();
  private readonly byPtr = new Map<string, SendingSource>();

  /** `reverseNames`: PTR names by IP, when reverse DNS is on. */
  constructor(
    private readonly traits: RowTraits,
    private readonly reverseNames?: ReadonlyMap<string, string>,
  ) {}

  /** `traits` is `this.traits.of(k)`, which the caller has at hand. */
  sourceOf(k: number, traits: number): SendingSource {
    if (traits & SENT_BY_SES) return AMAZON_SES_SOURCE;
    if (this.reverseNames && this.reverseNames.size > 0) {
      const ptr = this.reverseNames.get(sourceIpText(this.traits.rows, k));
      if (ptr) {
        let source = this.byPtr.get(ptr);
        if (!source) this.byPtr.set(ptr, (source = reverseDnsSource(ptr)));
        return source;
      }
    }
    const signer = this.traits.unalignedSigner(k);
    if (signer >= 0) {
      let source = this.bySigner.get(signer);
      if (!source) {
        const org = this.traits.organizationOf(signer);
        this.bySigner.set(signer, (source = { key: `dkim:${org}`, kind: 'dkim-signer', label: `Signed by ${org}` }));
      }
      return source;
    }
    return traits & DMARC_PASS ? AUTHENTICATED_SOURCE : UNKNOWN_SOURCE;
  }
}
