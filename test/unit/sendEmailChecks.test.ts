/** SES send-email requests: Feedback-ID tags and RFC 8058 one-click unsubscribe headers. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNone, codes, positionOf, service, single, textOf, withCode } from '../support/serviceKit';
import { analyzeJson, applyFix, validateJson } from '../support/jsonKit';

const FILE = 'newsletter.send-email.json';
type Header = { Name: string; Value: string };
type Tag = { Name: string; Value: string };

function request(headers: Header[], tags: Tag[] = [], to = ['reader@example.net']): string {
  return JSON.stringify(
    {
      FromEmailAddress: 'news@example.com',
      Destination: { ToAddresses: to },
      Content: { Simple: { Subject: { Data: 'News' }, Body: { Text: { Data: 'Hello' } }, Headers: headers } },
      EmailTags: tags,
    },
    null,
    2,
  );
}

const UNSUBSCRIBE = { Name: 'List-Unsubscribe', Value: '<https://example.com/u?id=1>, <mailto:unsubscribe@example.com>' };
const ONE_CLICK = { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' };
const TAGS = [{ Name: 'ses:feedback-id-a', Value: 'november-newsletter' }, { Name: 'ses:feedback-id-b', Value: 'marketing' }];

test('a correct request gets no findings', async () => {
  assert.deepEqual(codes(await validateJson(request([UNSUBSCRIBE, ONE_CLICK], TAGS), FILE)), []);
});

describe('ses-send-list-unsubscribe', () => {
  test('"One-Click" is the widely copied mistake; the quick fix writes List-Unsubscribe=One-Click', async () => {
    const text = request([UNSUBSCRIBE, { Name: 'List-Unsubscribe-Post', Value: 'One-Click' }], TAGS);
    const d = single(await validateJson(text, FILE), 'ses-send-list-unsubscribe');
    assert.equal(d.severity, 'error');
    assert.equal(textOf(text, d.range), 'One-Click');
    assert.match(d.message, /RFC 8058 section 3\.1/);
    const fixed = await applyFix(text, FILE, 'ses-send-list-unsubscribe', /List-Unsubscribe=One-Click/);
    assert.match(fixed, /"Value": "List-Unsubscribe=One-Click"/);
    assert.deepEqual(codes(await validateJson(fixed, FILE)), []);
  });

  test('List-Unsubscribe-Post needs a List-Unsubscribe with an https URI in angle brackets', async () => {
    assert.match(single(await validateJson(request([ONE_CLICK]), FILE), 'ses-send-list-unsubscribe').message, /without a List-Unsubscribe/);
    const mailtoOnly = request([{ Name: 'List-Unsubscribe', Value: '<mailto:u@example.com>' }, ONE_CLICK]);
    assert.match(single(await validateJson(mailtoOnly, FILE), 'ses-send-list-unsubscribe').message, /https URI/);
    const bare = request([{ Name: 'List-Unsubscribe', Value: 'https://example.com/u' }, ONE_CLICK]);
    assert.match(single(await validateJson(bare, FILE), 'ses-send-list-unsubscribe').message, /angle brackets/);
  });

  test('List-Unsubscribe alone with a mailto URI is fine; header names are not case-sensitive', async () => {
    assertNone(await validateJson(request([{ Name: 'List-Unsubscribe', Value: '<mailto:u@example.com>' }]), FILE), 'ses-send-list-unsubscribe');
    assertNone(await validateJson(request([{ Name: 'list-unsubscribe', Value: '<https://example.com/u>' }, { Name: 'LIST-UNSUBSCRIBE-POST', Value: 'List-Unsubscribe=One-Click' }]), FILE), 'ses-send-list-unsubscribe');
  });

  test('template headers are checked too', async () => {
    const text = JSON.stringify({ FromEmailAddress: 'news@example.com', Destination: { ToAddresses: ['a@example.net'] }, Content: { Template: { TemplateName: 'news', TemplateData: '{}', Headers: [UNSUBSCRIBE, { Name: 'List-Unsubscribe-Post', Value: 'One-Click' }] } } });
    single(await validateJson(text, FILE), 'ses-send-list-unsubscribe');
  });
});

describe('ses-send-feedback-id', () => {
  test('a value outside the SES message-tag characters is an error on the value', async () => {
    for (const value of ['november newsletter', 'campaign:42', 'x'.repeat(257), '']) {
      const text = request([], [{ Name: 'ses:feedback-id-a', Value: value }]);
      const d = single(await validateJson(text, FILE), 'ses-send-feedback-id');
      if (value) assert.equal(textOf(text, d.range), value);
      assert.match(d.message, /MessageTag/);
    }
    assertNone(await validateJson(request([], [{ Name: 'ses:feedback-id-a', Value: `Nov_2025-${'x'.repeat(200)}` }]), FILE), 'ses-send-feedback-id');
  });

  test('a misspelt Feedback-ID tag name offers the two names SES reads', async () => {
    const text = request([], [{ Name: 'ses:feedback-id-1', Value: 'november' }]);
    const doc = analyzeJson(text, FILE);
    const d = single(await service.validate(doc), 'ses-send-feedback-id');
    assert.deepEqual(service.quickFixes(doc, [d]).map((f) => f.title), ['Change to "ses:feedback-id-a"', 'Change to "ses:feedback-id-b"']);
    assertNone(await validateJson(request([], [{ Name: 'campaign', Value: 'x' }]), FILE), 'ses-send-feedback-id');
  });
});

test('ses-send-feedback-id-repeat: the same identifier in both fields', async () => {
  const text = request([], [{ Name: 'ses:feedback-id-a', Value: 'november' }, { Name: 'ses:feedback-id-b', Value: 'November' }]);
  const d = single(await validateJson(text, FILE), 'ses-send-feedback-id-repeat');
  assert.equal(d.severity, 'warning');
  assert.deepEqual(d.range.start, positionOf(text, 'November'));
  assertNone(await validateJson(request([], TAGS), FILE), 'ses-send-feedback-id-repeat');
});

test('ses-send-feedback-id-per-recipient: an address, or the recipient flattened into tag characters', async () => {
  const found = await validateJson(request([], [{ Name: 'ses:feedback-id-a', Value: 'reader@example.net' }]), FILE);
  assert.equal(withCode(found, 'ses-send-feedback-id-per-recipient').length, 1);
  const flattened = await validateJson(request([], [{ Name: 'ses:feedback-id-b', Value: 'reader_example_net' }]), FILE);
  assert.equal(withCode(flattened, 'ses-send-feedback-id-per-recipient').length, 1);
  assertNone(await validateJson(request([], TAGS), FILE), 'ses-send-feedback-id-per-recipient');
});

test('ses-send-feedback-header: a hand-written Feedback-ID header', async () => {
  const text = request([{ Name: 'Feedback-ID', Value: 'a:b:c:sender' }]);
  const d = single(await validateJson(text, FILE), 'ses-send-feedback-header');
  assert.equal(textOf(text, d.range), 'Feedback-ID');
  assertNone(await validateJson(request([UNSUBSCRIBE]), FILE), 'ses-send-feedback-header');
});

test('completions offer the Feedback-ID tag names and the one-click value', () => {
  const text = request([{ Name: 'List-Unsubscribe-Post', Value: '' }], [{ Name: '', Value: 'x' }]);
  const doc = analyzeJson(text, FILE);
  const tagNames = service.complete(doc, positionOf(text, '"Name": ""', 9, 1)).map((c) => c.label);
  assert.deepEqual(tagNames, ['ses:feedback-id-a', 'ses:feedback-id-b']);
  const value = service.complete(doc, positionOf(text, '"Value": ""', 10)).map((c) => c.label);
  assert.deepEqual(value, ['List-Unsubscribe=One-Click']);
});

test('recognised by content without the file-name suffix', () => {
  assert.equal(service.analyzeJson({ text: request([UNSUBSCRIBE]), fileName: '/w/message.json' })?.jsonKind, 'send-email');
});
