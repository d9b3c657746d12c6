/** Hover text for change-batch fields (Route 53 API Reference, ChangeResourceRecordSets). */
export const CHANGE_BATCH_FIELD_DOCS: Readonly<Record<string, string>> = {
  Comment: '**Comment** — free text, at most 256 characters.',
  Changes: '**Changes** — applied as one transaction. At most 1000 ResourceRecord elements and 32,000 characters of Value per request; UPSERT counts twice. Checked by `r53-batch-limits`, `r53-duplicate-change`.',
  Action: '**Action** — `CREATE` (fails if the record set exists), `DELETE` (must match exactly), `UPSERT` (create or replace). Checked by `r53-invalid-value`.',
  ResourceRecordSet: '**ResourceRecordSet** — one record set: all values of one name and type (and SetIdentifier). Change it once per batch, or DELETE then CREATE.',
  Name: '**Name** — the record name; the final dot is optional. Characters outside a–z, 0–9, `-`, `_` are written as `\\ddd` octal escapes.',
  Type: '**Type** — the record type. Checked by `r53-invalid-value`.',
  TTL: '**TTL** — seconds resolvers may cache the record set.',
  ResourceRecords: '**ResourceRecords** — the values of the record set; several TXT values at one name are several records.',
  Value: '**Value** — the record data. For TXT: double-quoted strings of at most 255 octets each, separated by spaces, with `\\"`, `\\\\` and `\\ddd` (octal) escapes; in JSON `"Value": "\\"v=spf1 … -all\\""`. Checked by `r53-txt-unquoted`, `r53-txt-string-too-long`, `r53-txt-escape` and the SPF, DMARC and DKIM rules.',
  HostedZoneId: '**HostedZoneId** — the hosted zone the batch changes.',
  ChangeBatch: '**ChangeBatch** — the changes and an optional comment.',
};
