/** A bug in one rule costs that rule's findings only: it is reported and the rest still runs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLanguageService } from '../../server/src/service/index';

test('a rule that throws is reported and skipped, and the other rules still report', async () => {
  const errors: string[] = [];
  const service = createLanguageService({ onRuleError: (rule) => errors.push(rule) });
  const doc = service.analyze({ text: '$ORIGIN example.com.\n@ IN TXT "v=spf1 ptr -all"\n_dmarc IN TXT "v=DMARC1; p=none"\nwww IN CNAME a.example.net.\nwww IN A 192.0.2.1\n' });
  // Simulate a bug in the DMARC rule: its record's value is not what the rule expects.
  const dmarc = doc.set.records.find((r) => r.name === '_dmarc.example.com')!;
  Object.defineProperty(dmarc.txt!, 'text', { get: () => { throw new Error('boom'); } });
  const diagnostics = await service.validate(doc);
  assert.ok(errors.includes('dmarc'), `the failing rule is reported: ${errors.join(', ')}`);
  const codes = diagnostics.map((d) => d.code);
  assert.ok(codes.includes('spf-ptr'), 'SPF findings survive');
  assert.ok(codes.includes('zone-cname-conflict'), 'zone findings survive');
});
