/**
 * What the summary needs to know about each row of a report, read from its row store: whether DMARC
 * passed, whether Amazon SES sent it, the two SES set-up mistakes the explanations name, and the
 * DKIM signer that does not align. Facts about a string (is it amazonses.com, its organizational
 * domain) are worked out once per distinct string of the report, not once per row.
 */
import { isAmazonSesDomain, isAmazonSesIPv4 } from './amazonSes';
import { organizationalDomain } from './domainAlignment';
import type { PublishedPolicy } from './reportModel';
import * as Cell from './reportRows';
import { ABSENT, EMPTY_STRING, PASS_STRING, type ReportRows } from './reportRows';

/** policy_evaluated dkim is "pass": a DKIM signature aligned with From passed. */
export const DKIM_ALIGNED_PASS = 1;
export const SPF_ALIGNED_PASS = 2;
/** DMARC passes when DKIM or SPF passes aligned (RFC 7489 section 4.2). */
export const DMARC_PASS = 4;
/** Sent through Amazon SES: its published ranges, its DKIM key, or its MAIL FROM. */
export const SENT_BY_SES = 8;
/** SES delivered with its own MAIL FROM: SPF passed for amazonses.com, which does not align. */
export const SES_MAIL_FROM_UNALIGNED = 16;
/** The only passing DKIM signatures are SES's own (d=amazonses.com): Easy DKIM is not on for the domain. */
export const SES_DKIM_ONLY = 32;

export class RowTraits {
  /**
   * Per string of the rows, three numbers worked out when first asked (-1 until then): whether it
   * is amazonses.com (0 or 1), and the indexes in `names` of its normalised name and of its
   * organizational domain.
   */
  private readonly facts: Int32Array;
  private readonly names = new Map<string, number>();
  private readonly emptyName = this.nameIndex('');

  constructor(
    readonly rows: ReportRows,
    readonly policy: PublishedPolicy,
  ) {
    this.facts = new Int32Array(rows.strings.length * 3).fill(-1);
  }

  private isSesDomain(id: number): boolean {
    if (id === ABSENT) return false;
    if (this.facts[id * 3] < 0) this.facts[id * 3] = isAmazonSesDomain(this.rows.strings[id]) ? 1 : 0;
    return this.facts[id * 3] === 1;
  }

  private nameIndex(name: string): number {
    let index = this.names.get(name);
    if (index === undefined) this.names.set(name, (index = this.names.size));
    return index;
  }

  private normalizedName(id: number): number {
    if (this.facts[id * 3 + 1] < 0) {
      const text = this.rows.strings[id];
      this.facts[id * 3 + 1] = this.nameIndex(text.endsWith('.') ? text.slice(0, -1) : text);
    }
    return this.facts[id * 3 + 1];
  }

  private organization(id: number): number {
    if (this.facts[id * 3 + 2] < 0) this.facts[id * 3 + 2] = this.nameIndex(organizationalDomain(this.rows.strings[id]));
    return this.facts[id * 3 + 2];
  }

  /**
   * Whether domain `auth` aligns with From domain `from` (string indexes; domains are stored
   * lower-cased) under `mode`, the policy's adkim or aspf: isAligned in domainAlignment.ts.
   */
  aligned(auth: number, from: number, mode: string | undefined): boolean {
    const a = this.normalizedName(auth);
    const f = this.normalizedName(from);
    if (a === this.emptyName || f === this.emptyName) return false;
    if (a === f) return true;
    return mode !== 's' && this.organization(auth) === this.organization(from);
  }

  /** The organizational domain of a string of the rows (a DKIM domain, a PTR name). */
  organizationOf(id: number): string {
    return organizationalDomain(this.rows.strings[id]);
  }

  /** The traits of row k, as the bits above. */
  of(k: number): number {
    const { fields, dkimResults, spfResults } = this.rows;
    const at = k * Cell.FIELDS_PER_ROW;
    let traits = 0;
    if (fields[at + Cell.DKIM] === PASS_STRING) traits |= DKIM_ALIGNED_PASS | DMARC_PASS;
    if (fields[at + Cell.SPF] === PASS_STRING) traits |= SPF_ALIGNED_PASS | DMARC_PASS;
    let ses = (fields[at + Cell.SOURCE_IP_TEXT] === ABSENT && isAmazonSesIPv4(fields[at + Cell.SOURCE_IP])) || this.isSesDomain(fields[at + Cell.ENVELOPE_FROM]);
    let passingDkim = 0;
    let sesDkim = 0;
    for (let c = fields[at + Cell.DKIM_FIRST] * Cell.CELLS_PER_RESULT, end = fields[at + Cell.DKIM_END] * Cell.CELLS_PER_RESULT; c < end; c += Cell.CELLS_PER_RESULT) {
      if (dkimResults[c + Cell.RESULT_RESULT] !== PASS_STRING) continue;
      passingDkim++;
      if (this.isSesDomain(dkimResults[c + Cell.RESULT_DOMAIN])) sesDkim++;
    }
    if (sesDkim > 0) ses = true;
    let sesSpfPass = false;
    for (let c = fields[at + Cell.SPF_FIRST] * Cell.CELLS_PER_RESULT, end = fields[at + Cell.SPF_END] * Cell.CELLS_PER_RESULT; c < end; c += Cell.CELLS_PER_RESULT) {
      if (!this.isSesDomain(spfResults[c + Cell.RESULT_DOMAIN])) continue;
      ses = true;
      if (spfResults[c + Cell.RESULT_RESULT] === PASS_STRING) sesSpfPass = true;
    }
    if (ses) traits |= SENT_BY_SES;
    if (sesSpfPass && !(traits & SPF_ALIGNED_PASS)) traits |= SES_MAIL_FROM_UNALIGNED;
    if (passingDkim > 0 && sesDkim === passingDkim && !(traits & DKIM_ALIGNED_PASS)) traits |= SES_DKIM_ONLY;
    return traits;
  }

  /** The domain (string index) of the first passing DKIM signature that does not align with From, or -1. */
  unalignedSigner(k: number): number {
    const { fields, dkimResults } = this.rows;
    const at = k * Cell.FIELDS_PER_ROW;
    for (let c = fields[at + Cell.DKIM_FIRST] * Cell.CELLS_PER_RESULT, end = fields[at + Cell.DKIM_END] * Cell.CELLS_PER_RESULT; c < end; c += Cell.CELLS_PER_RESULT) {
      const domain = dkimResults[c + Cell.RESULT_DOMAIN];
      if (dkimResults[c + Cell.RESULT_RESULT] === PASS_STRING && domain !== EMPTY_STRING && !this.aligned(domain, fields[at + Cell.HEADER_FROM], this.policy.adkim)) return domain;
    }
    return -1;
  }
}
