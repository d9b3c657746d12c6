import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLanguageService } from '../../server/src/service/index';

const service = createLanguageService();

test('zone-missing-trailing-dot: an internet name written without the dot gets the origin appended', async () => {
  const text = '$ORIGIN example.com.\nsel._domainkey IN CNAME sel.dkim.amazonses.com\n@ IN MX 10 inbound-smtp.us-east-1.amazonaws.com\n';
  const doc = service.analyze({ text });
  const found = (await service.validate(doc)).filter((d) => d.code === 'zone-missing-trailing-dot');
  assert.deepEqual(found.map((d) => d.range.start.line), [1, 2]);
  assert.match(found[0].message, /means sel\.dkim\.amazonses\.com\.example\.com\./);
  const fix = service.quickFixes(doc, [found[0]])[0];
  assert.equal(fix.edits[0].newText, 'sel.dkim.amazonses.com.');
});

test('zone-missing-trailing-dot: relative names inside the zone and absolute names are fine', async () => {
  const text = '$ORIGIN example.com.\nwww IN CNAME web\nweb IN CNAME host.internal\nmail IN MX 10 mx1\nalias IN CNAME target.example.net.\n';
  const found = (await service.validate(service.analyze({ text }))).filter((d) => d.code === 'zone-missing-trailing-dot');
  assert.deepEqual(found, []);
});
