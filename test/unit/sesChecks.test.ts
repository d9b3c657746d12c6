/** The checks of the records Amazon SES asks people to publish, through the service. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SES_RECEIVING_REGIONS } from '../../server/src/service/ses/sesRegions';
import { assertNone, range, single, textOf, validate, withCode } from '../support/serviceKit';

const ORIGIN = '$ORIGIN example.com.\n';

describe('ses-mail-from-spf', () => {
  const code = 'ses-mail-from-spf';
  const mx = 'bounce MX 10 feedback-smtp.us-east-1.amazonses.com.\n';

  test('a custom MAIL FROM domain without SPF is a warning on the MX data', async () => {
    const text = `${ORIGIN}${mx}`;
    const d = single(await validate(text), code);
    assert.equal(d.severity, 'warning');
    assert.deepEqual(d.range, range(1, 10, 51));
    assert.equal(textOf(text, d.range), '10 feedback-smtp.us-east-1.amazonses.com.');
    assert.match(d.message, /bounce\.example\.com\. TXT "v=spf1 include:amazonses\.com ~all"/);
  });

  test('an SPF record that does not include amazonses.com does not help', async () => {
    assert.equal(withCode(await validate(`${ORIGIN}${mx}bounce TXT "v=spf1 include:mailgun.org ~all"\n`), code).length, 1);
  });

  test('an SPF record at another name does not help', async () => {
    assert.equal(withCode(await validate(`${ORIGIN}${mx}@ TXT "v=spf1 include:amazonses.com ~all"\n`), code).length, 1);
  });

  test('an obsolete SPF-type record does not help (receivers read TXT)', async () => {
    assert.equal(withCode(await validate(`${ORIGIN}${mx}bounce SPF "v=spf1 include:amazonses.com ~all"\n`), code).length, 1);
  });

  test('an SPF record including amazonses.com (with or without the final dot) satisfies it', async () => {
    for (const target of ['amazonses.com', 'amazonses.com.', 'AmazonSES.com']) {
      assertNone(await validate(`${ORIGIN}${mx}bounce TXT "v=spf1 include:${target} ~all"\n`), code);
    }
  });

  test('an ordinary MX needs no SES SPF', async () => {
    assertNone(await validate(`${ORIGIN}@ MX 10 mail.example.com.\n`), code);
  });
});

describe('ses-inbound-mx-region', () => {
  const code = 'ses-inbound-mx-region';

  test('a region where SES does not receive mail is an error on the exchange', async () => {
    const text = `${ORIGIN}@ MX 10 inbound-smtp.eu-central-2.amazonaws.com.\n`;
    const d = single(await validate(text), code);
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.range, range(1, 8, 48));
    assert.match(d.message, /^SES does not receive mail in eu-central-2/);
  });

  test('a name that is not an AWS region says so', async () => {
    const d = single(await validate(`${ORIGIN}@ MX 10 inbound-smtp.eu-wets-1.amazonaws.com.\n`), code);
    assert.match(d.message, /^"eu-wets-1" is not an AWS region/);
  });

  test('every receiving region is accepted', async () => {
    for (const region of SES_RECEIVING_REGIONS) {
      assertNone(await validate(`${ORIGIN}@ MX 10 inbound-smtp.${region}.amazonaws.com.\n`), code);
    }
  });
});

describe('ses-dkim-incomplete', () => {
  const code = 'ses-dkim-incomplete';
  const cname = (token: string, owner = 'example.com.') => `${token}._domainkey.${owner} CNAME ${token}.dkim.amazonses.com.\n`;

  test('two of three Easy DKIM CNAMEs: a warning on each of them', async () => {
    const text = `${ORIGIN}${cname('tok1')}${cname('tok2')}`;
    const diagnostics = withCode(await validate(text), code);
    assert.deepEqual(diagnostics.map((d) => d.range), [range(1, 35, 59), range(2, 35, 59)]);
    assert.equal(textOf(text, diagnostics[1].range), 'tok2.dkim.amazonses.com.');
    assert.equal(diagnostics[0].severity, 'warning');
    assert.match(diagnostics[0].message, /^example\.com has 2 of the 3 Easy DKIM CNAMEs/);
  });

  test('all three CNAMEs are complete', async () => {
    assertNone(await validate(`${ORIGIN}${cname('tok1')}${cname('tok2')}${cname('tok3')}`), code);
  });

  test('CNAMEs are counted per domain', async () => {
    const text = `${ORIGIN}${cname('tok1')}${cname('tok2')}${cname('tok3')}${cname('tok4', 'shop.example.com.')}`;
    const diagnostics = withCode(await validate(text), code);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].range.start.line, 4);
    assert.match(diagnostics[0].message, /^shop\.example\.com has 1 of the 3/);
  });

  test('DKIM CNAMEs to another provider are not SES', async () => {
    assertNone(await validate(`${ORIGIN}s1._domainkey CNAME s1.domainkey.u1.wl.sendgrid.net.\n`), code);
  });
});
