/** Hover text for send-email request fields (Amazon SES API v2 Reference, SendEmail; RFC 8058). */
export const SEND_EMAIL_FIELD_DOCS: Readonly<Record<string, string>> = {
  FromEmailAddress: '**FromEmailAddress** — the From address; its address or domain must be a verified identity.',
  Destination: '**Destination** — To, Cc and Bcc addresses; at most 50 recipients per message.',
  Content: '**Content** — exactly one of `Simple`, `Raw` or `Template`.',
  Headers: '**Headers** — extra message headers (name: printable ASCII without `:`, at most 126 characters; value at most 870). For one-click unsubscribe add `List-Unsubscribe: <https://…>` and `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058). Checked by `ses-send-list-unsubscribe`, `ses-send-feedback-header`.',
  EmailTags: '**EmailTags** — message tags for event publishing. `ses:feedback-id-a` and `ses:feedback-id-b` become the Feedback-ID header Gmail Postmaster Tools aggregates by. Checked by `ses-send-feedback-id`, `ses-send-feedback-id-repeat`, `ses-send-feedback-id-per-recipient`.',
  'EmailTags.Name': '**Tag name** — ASCII letters, digits, `_`, `-`; at most 256. Reserved: `ses:feedback-id-a`, `ses:feedback-id-b` (Feedback-ID).',
  'EmailTags.Value': '**Tag value** — ASCII letters, digits, `_`, `-`; at most 256 characters. For Feedback-ID tags: a campaign or batch identifier, unique across the two fields, never per recipient. Checked by `ses-send-feedback-id`.',
  ConfigurationSetName: '**ConfigurationSetName** — the configuration set whose event destinations receive sending events.',
  ListManagementOptions: '**ListManagementOptions** — SES subscription management: SES adds its own unsubscribe link and headers.',
  ReplyToAddresses: '**ReplyToAddresses** — Reply-To addresses.',
  FeedbackForwardingEmailAddress: '**FeedbackForwardingEmailAddress** — where bounces and complaints go when email feedback forwarding is on.',
};
