/**
 * The zone parser against BIND itself. Every test/fixtures/zones/conformance/*.zone is a complete
 * zone for example.com; its name says what BIND does with it (accept-* loads, reject-* does not).
 * For each file we first ask named-checkzone, so a fixture that no longer means what its name says
 * fails here, and then check that the service agrees: no error that would stop BIND on an accepted
 * file, and an error on a rejected one (on the line and with the code its `; expect:` header names).
 *
 * named-checkzone comes from bind9-utils; without it this suite fails rather than skips, because
 * a silently skipped conformance suite proves nothing.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLanguageService, type Diagnostic } from '../../server/src/service/index';

const FIXTURES = resolve(process.cwd(), 'test/fixtures/zones/conformance');
const ORIGIN = 'example.com';

/** Codes that mean "BIND will not load this zone" when reported as errors. */
const BLOCKING_CODES = new Set(['zone-syntax', 'zone-include-missing', 'zone-cname-conflict', 'zone-string-too-long', 'spf-string-too-long']);
const isRejectCode = (code: string) => code.startsWith('zone-') || code === 'spf-string-too-long';

const fixtures = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.zone'))
  .sort();
const service = createLanguageService({
  onRuleError: (rule, error) => {
    throw new Error(`rule ${rule} crashed: ${String(error)}`);
  },
});

let namedCheckzone: string | undefined;
function findNamedCheckzone(): string {
  if (namedCheckzone) return namedCheckzone;
  for (const candidate of ['named-checkzone', '/usr/bin/named-checkzone', '/usr/sbin/named-checkzone']) {
    const probe = spawnSync(candidate, ['-v'], { encoding: 'utf8' });
    if (!probe.error) return (namedCheckzone = candidate);
  }
  assert.fail('named-checkzone was not found. Install it (Debian/Ubuntu: `sudo apt-get install bind9-utils`) to run the BIND conformance tests.');
}

/** Exit status of `named-checkzone -q example.com FILE`, run in the fixture folder so $INCLUDE resolves there. */
function bindAccepts(file: string): boolean {
  const result = spawnSync(findNamedCheckzone(), ['-q', ORIGIN, file], { cwd: FIXTURES, encoding: 'utf8', timeout: 30_000 });
  if (result.error) throw result.error;
  assert.ok(result.status === 0 || result.status === 1, `named-checkzone exited with ${result.status} (signal ${result.signal}) on ${file}`);
  return result.status === 0;
}

function readInclude(path: string): { text: string; resolvedPath: string } | undefined {
  const resolvedPath = resolve(FIXTURES, path);
  return existsSync(resolvedPath) ? { text: readFileSync(resolvedPath, 'utf8'), resolvedPath } : undefined;
}

async function diagnose(file: string): Promise<Diagnostic[]> {
  const fileName = join(FIXTURES, file);
  const doc = service.analyze({ text: readFileSync(fileName, 'utf8'), fileName, origin: ORIGIN, readInclude });
  return service.validate(doc);
}

/** `; expect: CODE line N` in a reject fixture's header: the error we must report and where. */
function expectation(file: string): { code: string; line: number } | undefined {
  const match = /^; expect: ([a-z0-9-]+) line (\d+)$/m.exec(readFileSync(join(FIXTURES, file), 'utf8'));
  return match ? { code: match[1], line: Number(match[2]) } : undefined;
}

const show = (diagnostics: Diagnostic[]) =>
  diagnostics.map((d) => `  ${d.severity} ${d.code} line ${d.range.start.line + 1}: ${d.message}`).join('\n') || '  (none)';

const counts = { accepted: 0, rejected: 0, agree: 0 };

describe('named-checkzone conformance', () => {
  test('the fixture set covers both outcomes and every file is named for one', () => {
    const accept = fixtures.filter((f) => f.startsWith('accept-'));
    const reject = fixtures.filter((f) => f.startsWith('reject-'));
    assert.deepEqual(fixtures.filter((f) => !f.startsWith('accept-') && !f.startsWith('reject-')), []);
    assert.ok(accept.length >= 15 && reject.length >= 15, `${accept.length} accept and ${reject.length} reject fixtures`);
    for (const file of reject) assert.ok(expectation(file), `${file} has no "; expect: CODE line N" header`);
    findNamedCheckzone();
  });

  for (const file of fixtures) {
    const expectAccept = file.startsWith('accept-');
    test(file, async () => {
      const accepted = bindAccepts(file);
      assert.equal(accepted, expectAccept, `named-checkzone ${accepted ? 'accepts' : 'rejects'} ${file}, but its name says it should ${expectAccept ? 'load' : 'fail'}: fix the fixture`);
      counts[accepted ? 'accepted' : 'rejected']++;

      const diagnostics = await diagnose(file);
      const errors = diagnostics.filter((d) => d.severity === 'error');
      if (expectAccept) {
        const blocking = errors.filter((d) => BLOCKING_CODES.has(d.code));
        assert.deepEqual(blocking, [], `BIND loads ${file} but the service reports errors BIND would not:\n${show(blocking)}`);
      } else {
        const rejecting = errors.filter((d) => isRejectCode(d.code));
        assert.ok(rejecting.length > 0, `BIND rejects ${file} but the service reports no zone error:\n${show(diagnostics)}`);
        const expected = expectation(file)!;
        assert.ok(
          rejecting.some((d) => d.code === expected.code && d.range.start.line + 1 === expected.line),
          `${file}: expected an error ${expected.code} on line ${expected.line}, got:\n${show(diagnostics)}`,
        );
      }
      counts.agree++;
    });
  }

  after(() => {
    console.log(`named-checkzone conformance: ${fixtures.length} fixtures, BIND accepted ${counts.accepted} and rejected ${counts.rejected}; the service agreed on ${counts.agree}`);
  });
});
