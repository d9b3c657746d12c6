import type { Finding } from '../types';
import { elements, property, spanOfNode, type JsonNode } from '../json/jsonTree';
import { stringElements, stringField, type StringField } from '../json/jsonString';

/**
 * Checks of an `aws sesv2 send-email --cli-input-json` request: the Feedback-ID tags SES turns
 * into the Feedback-ID header, and the one-click unsubscribe headers of RFC 8058.
 */
export const FEEDBACK_ID_TAGS: readonly string[] = ['ses:feedback-id-a', 'ses:feedback-id-b'];
const TAG_RULES = 'Amazon SES API v2 Reference, MessageTag: only ASCII letters, digits, "_" and "-", at most 256 characters';
const FEEDBACK_ID = 'AWS Messaging & Targeting Blog, "Understanding Google Postmaster Tools (spam complaints) for Amazon SES email senders"';
export const ONE_CLICK = 'List-Unsubscribe=One-Click';

export interface SendEmailHeader {
  name: StringField;
  value?: StringField;
}

export interface SendEmailRequest {
  tags: Array<{ name: StringField; value?: StringField }>;
  headers: SendEmailHeader[];
  /** Every destination address, lower case. */
  recipients: string[];
}

export function buildSendEmail(text: string, root: JsonNode | undefined): SendEmailRequest {
  const tags = elements(property(root, 'EmailTags')).flatMap((tag) => {
    const name = stringField(text, tag, 'Name');
    return name ? [{ name, value: stringField(text, tag, 'Value') }] : [];
  });
  const content = property(root, 'Content');
  const headers: SendEmailHeader[] = [];
  for (const part of [property(content, 'Simple'), property(content, 'Template')]) {
    for (const header of elements(property(part, 'Headers'))) {
      const name = stringField(text, header, 'Name');
      if (name) headers.push({ name, value: stringField(text, header, 'Value') });
    }
  }
  const destination = property(root, 'Destination');
  const recipients = ['ToAddresses', 'CcAddresses', 'BccAddresses'].flatMap((k) => stringElements(text, property(destination, k)).map((f) => f.value.trim().toLowerCase()));
  return { tags, headers, recipients };
}

const valueSpan = (field: StringField) => (field.value === '' ? spanOfNode(field.node) : field.str.content);

export function checkSendEmail(request: SendEmailRequest): Finding[] {
  const findings: Finding[] = [];
  checkFeedbackTags(request, findings);
  checkUnsubscribe(request.headers, findings);
  for (const header of request.headers) {
    if (header.name.value.trim().toLowerCase() === 'feedback-id') {
      findings.push({ code: 'ses-send-feedback-header', ...valueSpan(header.name), message: `SES builds the Feedback-ID header itself from the ses:feedback-id-a and ses:feedback-id-b message tags and its own identifiers; a hand-written one is not what Gmail reads for your mail (${FEEDBACK_ID}). Remove this header and set the two EmailTags instead.` });
    }
  }
  return findings;
}

function checkFeedbackTags(request: SendEmailRequest, findings: Finding[]): void {
  const used = new Map<string, StringField>();
  for (const { name, value } of request.tags) {
    const tag = name.value;
    if (!FEEDBACK_ID_TAGS.includes(tag)) {
      if (/^ses:.*feedback/i.test(tag)) {
        findings.push({ code: 'ses-send-feedback-id', ...valueSpan(name), message: `"${tag}" is not a tag SES reads: the Feedback-ID tags are ses:feedback-id-a and ses:feedback-id-b (${FEEDBACK_ID}).`, data: { kind: 'choose-value', span: spanOfNode(name.node), values: [...FEEDBACK_ID_TAGS] } });
      }
      continue;
    }
    if (!value) continue;
    const v = value.value;
    const bad = /[^A-Za-z0-9_-]/.exec(v);
    if (v.length === 0 || v.length > 256 || bad) {
      const problem = v.length === 0 ? 'it is empty' : v.length > 256 ? `it has ${v.length} characters` : `"${bad![0]}" is not allowed`;
      findings.push({ code: 'ses-send-feedback-id', ...valueSpan(value), message: `"${v}" is not a valid ${tag} value: ${problem} (${TAG_RULES}); SES rejects the request. Use a campaign or batch identifier such as november-newsletter.` });
    }
    const other = [...used.entries()].find(([, f]) => f.value.toLowerCase() === v.toLowerCase() && v !== '');
    if (other) {
      findings.push({ code: 'ses-send-feedback-id-repeat', ...valueSpan(value), message: `${tag} repeats the value of ${other[0]}; identifiers must be unique across the Feedback-ID fields, or Postmaster Tools cannot tell them apart (${FEEDBACK_ID}). Put a different dimension here, e.g. the campaign in one and the mail type in the other.` });
    }
    if (looksPerRecipient(v, request.recipients)) {
      findings.push({ code: 'ses-send-feedback-id-per-recipient', ...valueSpan(value), message: `"${v}" looks like it names a recipient; Gmail Postmaster Tools aggregates complaint rates per Feedback-ID value and shows only values with enough volume, so the value must name a batch or campaign, not a person (${FEEDBACK_ID}). Use e.g. the campaign name.` });
    }
    used.set(tag, value);
  }
}

/** An address, or a recipient's address flattened into the tag's allowed characters. */
function looksPerRecipient(value: string, recipients: string[]): boolean {
  if (/[^\s@]+@[^\s@]+\.[^\s@]+/.test(value)) return true;
  const flat = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const v = flat(value);
  return v.length > 0 && recipients.some((r) => r.includes('@') && flat(r).length >= 6 && v.includes(flat(r)));
}

/** RFC 8058 section 3.1 and RFC 2369 section 2. */
function checkUnsubscribe(headers: SendEmailHeader[], findings: Finding[]): void {
  const named = (name: string) => headers.filter((h) => h.name.value.trim().toLowerCase() === name.toLowerCase());
  const post = named('List-Unsubscribe-Post')[0];
  const list = named('List-Unsubscribe')[0];
  if (list?.value) {
    const value = list.value.value;
    const uris = [...value.matchAll(/<([^>]*)>/g)].map((m) => m[1].trim());
    const bare = value.replace(/<[^>]*>/g, '').replace(/[\s,]/g, '');
    if (uris.length === 0 || bare !== '') {
      findings.push({ code: 'ses-send-list-unsubscribe', ...valueSpan(list.value), message: `List-Unsubscribe must list URIs in angle brackets, separated by commas, e.g. <https://example.com/unsubscribe?id=…>, <mailto:unsubscribe@example.com> (RFC 2369 section 2). Put each URI in angle brackets.` });
    } else if (post && !uris.some((u) => /^https:\/\/[^\s/]+/i.test(u))) {
      findings.push({ code: 'ses-send-list-unsubscribe', ...valueSpan(list.value), message: `With List-Unsubscribe-Post, List-Unsubscribe must hold an https URI in angle brackets for the one-click POST (RFC 8058 section 3.1); a mailto: or http: URI alone does not do. Add <https://…>.` });
    }
  }
  if (!post) return;
  if (!list) {
    findings.push({ code: 'ses-send-list-unsubscribe', ...valueSpan(post.name), message: `List-Unsubscribe-Post without a List-Unsubscribe header does nothing: one-click unsubscribe needs both (RFC 8058 section 3.1). Add List-Unsubscribe with an https URI in angle brackets.` });
  }
  if (post.value && post.value.value !== ONE_CLICK) {
    const wasOneClick = /^\s*one-click\s*$/i.test(post.value.value);
    findings.push({
      code: 'ses-send-list-unsubscribe',
      ...valueSpan(post.value),
      message: `The List-Unsubscribe-Post value must be exactly "${ONE_CLICK}" (RFC 8058 section 3.1)${wasOneClick ? '; the widely copied "One-Click" alone is not recognised, so mailbox providers show no unsubscribe button' : ''}. Write "${ONE_CLICK}".`,
      data: { kind: 'json-edit', title: `Change the value to "${ONE_CLICK}"`, edits: [{ ...post.value.str.content, text: ONE_CLICK }] },
    });
  }
}
