/**
 * The service and the CLI on hostile input: binary bytes, NUL bytes, a 10 MB line, thousands of
 * parentheses, a 100,000-record zone, self-including files, a 5000-term SPF record, a 50-name
 * include loop, and a seeded fuzzer. Nothing here may throw, hang or report a diagnostic outside
 * the document. No timing assertions (speed is for bench/); each case's work is bounded instead.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLanguageService, RULES, type AnalyzedDocument, type Diagnostic, type DocumentInput } from '../../server/src/service/index';
import { prng } from '../support/seededRandom';

const CODES = new Set(RULES.map((r) => r.code));
const SEVERITIES = new Set(['error', 'warning', 'information', 'hint']);

const ruleErrors: string[] = [];
const service = createLanguageService({ onRuleError: (rule, error) => ruleErrors.push(`${rule}: ${error instanceof Error ? error.stack : String(error)}`) });

/** Line lengths computed independently of the service's LineIndex: \r\n, \r and \n end a line. */
function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

/** Every diagnostic lies inside the document, starts before it ends, and has a known code. */
function assertWellFormed(text: string, diagnostics: Diagnostic[], context: string): void {
  const lengths = lineLengths(text);
  for (const d of diagnostics) {
    const where = () => `${context}: ${d.code} ${JSON.stringify(d.range)} (document has ${lengths.length} lines)`;
    assert.ok(CODES.has(d.code), `${context}: unknown code ${d.code}`);
    assert.ok(SEVERITIES.has(d.severity), `${context}: unknown severity ${d.severity}`);
    assert.equal(typeof d.message, 'string');
    assert.ok(d.message.length > 0, `${context}: empty message for ${d.code}`);
    for (const p of [d.range.start, d.range.end]) {
      assert.ok(Number.isInteger(p.line) && Number.isInteger(p.character), where());
      assert.ok(p.line >= 0 && p.line < lengths.length, where());
      assert.ok(p.character >= 0 && p.character <= lengths[p.line], where());
    }
    const { start, end } = d.range;
    assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `${where()}: start after end`);
  }
}

async function check(text: string, input: Omit<DocumentInput, 'text'> = {}, context = 'input'): Promise<{ doc: AnalyzedDocument; diagnostics: Diagnostic[] }> {
  ruleErrors.length = 0;
  const doc = service.analyze({ text, origin: 'example.com', ...input });
  const diagnostics = await service.validate(doc);
  assert.deepEqual(ruleErrors, [], `${context}: a rule crashed`);
  assertWellFormed(text, diagnostics, context);
  return { doc, diagnostics };
}

const errorsWith = (diagnostics: Diagnostic[], code: string) => diagnostics.filter((d) => d.code === code && d.severity === 'error');

function randomBytes(random: () => number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

// A 2048-bit RSA key, so DKIM records in the big zone are valid and the zone has no errors.
const DKIM_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvWwYORHZghiFq0jJz/sjutcfW8d36wgEavud/Ih85CCkCSa+XG8g90QB97BafL9gHrhcyOD7zA8djj7zVDaS1bFKqtP8Cyy6MX40fBQHJPT+8YEdBDIt1EZUvymS+J7mssG2n6QKQWB3BjGxX2WCbEQyOdOl6TWj75d1k02wrgLPj5VN73dObAv9LuP8vTAf5Eby64UKEkqJe4oJ9tyKOjr3utxfJPr0pRmtIXJLMFvyaU4kTAI0pQU22ZwqzmhjG/lJU8WznbhBWvfzOCtK2hY/WGURpaXOlsRVPIuO19xINQqC+WOlH/CZO4poAfNveraMR0JyWmVap/HzrCeq1wIDAQAB';

const REALISTIC_ZONE = `$ORIGIN example.com.
$TTL 3600
@   IN  SOA ns1.example.net. hostmaster.example.com. (
        2024010101 ; serial
        2h 1h 2w 5m )
@       NS  ns1.example.net.
@       NS  ns2.example.net.
@       MX  10 inbound-smtp.us-east-1.amazonaws.com.
@       TXT "v=spf1 include:amazonses.com include:_spf.example.com ip4:192.0.2.0/24 ~all"
_spf    TXT "v=spf1 ip6:2001:db8::/32 a:mail.example.com mx -all"
_dmarc  TXT ( "v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com;"
              " ruf=mailto:forensic@example.net; pct=100; adkim=s" )
sel1._domainkey TXT ( "v=DKIM1; k=rsa; "
    "p=${DKIM_KEY.slice(0, 200)}"
    "${DKIM_KEY.slice(200)}" )
abcdefghijklmnopqrstuvwxyz234567._domainkey CNAME abcdefghijklmnopqrstuvwxyz234567.dkim.amazonses.com.
bounce  MX  10 feedback-smtp.us-east-1.amazonses.com.
        TXT "v=spf1 include:amazonses.com ~all"
mail    A   192.0.2.25
        AAAA 2001:db8::25
www     CNAME @
quote   TXT "semi;colon \\"quoted\\" back\\\\slash \\065\\066" "second"
@       CAA 0 issue "letsencrypt.org"
_submission._tcp SRV 0 1 587 mail
gen     TYPE65534 \\# 4 0a000001
$GENERATE 1-20 host$ A 192.0.2.$
$INCLUDE other.zone sub
`;

const OTHER_ZONE = 'host A 192.0.2.7\n    TXT "v=spf1 -all"\n';

describe('hostile input to the service', () => {
  test('random binary bytes, read as latin1 and as UTF-8', async () => {
    const random = prng(0xb1a5);
    for (let round = 0; round < 4; round++) {
      const bytes = randomBytes(random, 64 * 1024);
      for (const encoding of ['latin1', 'utf8'] as const) {
        const text = bytes.toString(encoding);
        const { diagnostics } = await check(text, {}, `binary round ${round} ${encoding}`);
        // Garbage is not a zone: the parser must say so rather than stay silent.
        assert.ok(errorsWith(diagnostics, 'zone-syntax').length > 0, `binary round ${round} ${encoding}: no zone-syntax error`);
      }
    }
  });

  test('NUL bytes in names, strings and whole lines do not stop the records after them', async () => {
    const text = ['w\0w A 192.0.2.1', 'nul TXT "a\0b"', 'trailing A 192.0.2.9 \0', '\0\0\0\0', '\0 A 192.0.2.2', '\0'.repeat(100_000), 'after A 192.0.2.3', 'txt TXT "v=spf1 ip4:192.0.2.\0 -all"', ''].join('\n');
    const { doc } = await check(text, {}, 'NUL bytes');
    assert.ok(doc.parsed.records.some((r) => r.name === 'after.example.com' && r.type === 'A'), 'the record after the NUL lines was lost');
    const nul = doc.parsed.records.find((r) => r.name === 'nul.example.com');
    assert.equal(nul?.txt?.text, 'a\0b');
  });

  test('a 10 MB single line, unquoted and as one TXT string', async () => {
    const tenMb = 10 * 1024 * 1024;
    const plain = await check('x'.repeat(tenMb), {}, '10 MB unquoted');
    assert.ok(errorsWith(plain.diagnostics, 'zone-syntax').length > 0);
    const quoted = `big TXT "${'a'.repeat(tenMb)}"`;
    const { doc, diagnostics } = await check(quoted, {}, '10 MB TXT');
    assert.equal(doc.parsed.records.length, 1);
    const tooLong = errorsWith(diagnostics, 'zone-string-too-long');
    assert.equal(tooLong.length, 1);
    assert.match(tooLong[0].message, new RegExp(`${tenMb} octets`));
  });

  test('10,000 unbalanced "(" give one error, 10,000 stray ")" give one each', async () => {
    const opens = await check(`www TXT ${'('.repeat(10_000)} "x"\nnext A 192.0.2.1\n`, {}, '10,000 (');
    assert.equal(opens.diagnostics.filter((d) => /never closed/.test(d.message)).length, 1);
    const closes = await check(`www TXT "x" ${')'.repeat(10_000)}\n`, {}, '10,000 )');
    assert.equal(closes.diagnostics.filter((d) => /closes no/.test(d.message)).length, 10_000);
    const lines = await check('www TXT (\n'.repeat(10_000), {}, '10,000 lines each opening (');
    assert.equal(lines.diagnostics.filter((d) => /never closed/.test(d.message)).length, 1);
  });

  test('a 100,000-record zone of SPF, DMARC, DKIM and address records is read whole and has no errors', async () => {
    const lines = ['$TTL 300', '@ SOA ns1.example.net. hostmaster.example.com. 1 7200 3600 1209600 300', '@ NS ns1.example.net.'];
    const records = 100_000;
    for (let i = 0; i < records; i++) {
      switch (i % 4) {
        case 0:
          lines.push(`h${i} TXT "v=spf1 ip4:192.0.2.${i % 256} include:_spf.example.net -all"`);
          break;
        case 1:
          lines.push(`_dmarc.h${i - 1} TXT "v=DMARC1; p=reject; rua=mailto:dmarc@example.com"`);
          break;
        case 2:
          lines.push(`s${i}._domainkey TXT ( "v=DKIM1; k=rsa; p=${DKIM_KEY.slice(0, 200)}"\n    "${DKIM_KEY.slice(200)}" )`);
          break;
        default:
          lines.push(`h${i - 3} A 192.0.2.${i % 256}`);
      }
    }
    const { doc, diagnostics } = await check(lines.join('\n') + '\n', {}, '100,000 records');
    assert.equal(doc.parsed.records.length, records + 2);
    assert.equal(doc.set.byName.size, 1 + 3 * (records / 4));
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').slice(0, 5), []);
  });

  test('a file that $INCLUDEs itself, once or on every line, is read a bounded number of times', async () => {
    let reads = 0;
    const files = new Map<string, string>();
    const readInclude = (path: string) => {
      reads++;
      const text = files.get(path);
      return text === undefined ? undefined : { text, resolvedPath: `/zones/${path}` };
    };
    const once = '$INCLUDE self.zone\nwww A 192.0.2.1\n';
    files.set('self.zone', once);
    const single = await check(once, { readInclude }, 'self include');
    const loop = single.diagnostics.filter((d) => d.code === 'zone-syntax' && /includes itself/.test(d.message));
    assert.equal(loop.length, 1);
    assert.equal(loop[0].range.start.line, 0);

    // N lines of "$INCLUDE self.zone": following each of them into a file of N such lines would
    // mean N*N reads and N*N parsed lines. Every line must be reported, with a bounded effort.
    const n = 2000;
    const many = '$INCLUDE self.zone\n'.repeat(n) + 'www A 192.0.2.1\n';
    files.set('self.zone', many);
    reads = 0;
    const { doc, diagnostics } = await check(many, { readInclude }, 'self include on every line');
    assert.ok(reads <= 2 * n, `readInclude was called ${reads} times for ${n} includes`);
    assert.ok(doc.parsed.records.length <= 10, `${doc.parsed.records.length} records read through a looping include`);
    const lines = new Set(diagnostics.filter((d) => d.code === 'zone-syntax' && d.severity === 'error').map((d) => d.range.start.line));
    assert.equal(lines.size, n, 'every looping $INCLUDE line is an error');

    // Two files including each other, and a 50-file chain deeper than the checker follows.
    files.set('a.zone', '$INCLUDE b.zone\na A 192.0.2.1\n');
    files.set('b.zone', '$INCLUDE a.zone\nb A 192.0.2.2\n');
    const mutual = await check('$INCLUDE a.zone\n', { readInclude }, 'mutual include');
    assert.equal(mutual.diagnostics.filter((d) => /includes itself/.test(d.message)).length, 1);
    for (let i = 0; i < 50; i++) files.set(`chain${i}.zone`, `$INCLUDE chain${i + 1}.zone\nc${i} A 192.0.2.1\n`);
    const chain = await check('$INCLUDE chain0.zone\n', { readInclude }, 'include chain of 50');
    assert.ok(chain.doc.parsed.records.length < 50, 'the chain is cut off at a fixed depth');

    // Fan-out: every file includes the next one 50 times. Fully expanded that is 50^8 files.
    for (let i = 0; i < 10; i++) files.set(`fan${i}.zone`, `$INCLUDE fan${i + 1}.zone\n`.repeat(50) + `f${i} TXT "${'x'.repeat(200)}"\n`);
    reads = 0;
    const fan = await check('$INCLUDE fan0.zone\n', { readInclude }, 'include fan-out');
    assert.ok(reads <= 20, `readInclude was called ${reads} times for 10 distinct files`);
    assert.ok(fan.doc.parsed.records.length < 1_000_000, `${fan.doc.parsed.records.length} records from the fan-out`);
  });

  test('an SPF record of 5000 terms in 255-octet strings', async () => {
    const terms = ['v=spf1'];
    for (let i = 0; i < 5000; i++) {
      const kind = i % 5;
      if (kind === 0) terms.push(`ip4:198.51.${(i >> 8) & 255}.${i & 255}`);
      else if (kind === 1) terms.push(`ip6:2001:db8:${i.toString(16)}::/48`);
      else if (kind === 2) terms.push(`include:_spf${i}.example.net`);
      else if (kind === 3) terms.push(`a:host${i}.example.net`);
      else terms.push(`~mx:mx${i}.example.net`);
    }
    terms.push('-all');
    const value = terms.join(' ');
    const strings: string[] = [];
    for (let i = 0; i < value.length; i += 255) strings.push(`"${value.slice(i, i + 255)}"`);
    const { diagnostics } = await check(`@ TXT ( ${strings.join('\n    ')} )\n`, {}, '5000-term SPF');
    assert.equal(errorsWith(diagnostics, 'spf-lookup-limit').length, 1);
    assert.ok(diagnostics.some((d) => d.code === 'spf-record-size'));
    assert.deepEqual(errorsWith(diagnostics, 'spf-string-too-long'), []);
  });

  test('an include: loop through 50 names ends, and every record on it is an error', async () => {
    const lines = ['@ TXT "v=spf1 include:n0.example.com -all"'];
    for (let i = 0; i < 50; i++) lines.push(`n${i} TXT "v=spf1 include:n${(i + 1) % 50}.example.com -all"`);
    const { diagnostics } = await check(lines.join('\n') + '\n', {}, 'include loop of 50');
    const failing = new Set(
      diagnostics.filter((d) => d.severity === 'error' && (d.code === 'spf-include-loop' || d.code === 'spf-lookup-limit')).map((d) => d.range.start.line),
    );
    assert.equal(failing.size, 51, 'each of the 51 records leads into the loop');
    // A short loop is reported as a loop.
    const short = await check('a TXT "v=spf1 include:b.example.com -all"\nb TXT "v=spf1 include:c.example.com -all"\nc TXT "v=spf1 include:a.example.com -all"\n', {}, 'include loop of 3');
    assert.equal(new Set(errorsWith(short.diagnostics, 'spf-include-loop').map((d) => d.range.start.line)).size, 3);
  });
});

describe('fuzzing the zone parser', () => {
  const ALPHABET = '"();\\$@. \n\t\r\0aZ09=:-_/+~%';
  const TOKENS = [
    '$INCLUDE self.zone', '$INCLUDE other.zone', '$INCLUDE missing.zone', '$ORIGIN ', '$TTL ', '$GENERATE 1-5 g$ TXT "v=spf1 ip4:192.0.2.$ -all"',
    'v=spf1 ', 'include:', 'redirect=', 'exp=', 'ptr', '+all', 'a:', 'mx:', 'exists:%{i}.', 'ip6:2001:db8::/32', 'ip4:300.1.1.1/33',
    'v=DMARC1; p=', 'rua=mailto:', 'v=DKIM1; k=ed25519; p=', '\\#', '\\999', '\\065', 'TYPE65534', ' IN ', ' CH ', ' TXT ', ' CNAME ', ' MX 10 ',
    '_dmarc', '._domainkey', '4294967296', '1w2d', '"', '(', ')', ';', '\r\n',
  ];

  function randomUnicode(random: () => number): string {
    const pick = random();
    if (pick < 0.3) return String.fromCodePoint(0x80 + Math.floor(random() * 0x780));
    if (pick < 0.6) return String.fromCharCode(0x800 + Math.floor(random() * 0xf800)); // includes lone surrogates
    return String.fromCodePoint(0x10000 + Math.floor(random() * 0x100000));
  }

  function mutate(text: string, random: () => number): string {
    let out = text;
    const operations = 1 + Math.floor(random() * 8);
    for (let k = 0; k < operations; k++) {
      const at = Math.floor(random() * (out.length + 1));
      const choice = random();
      const piece =
        choice < 0.55 ? ALPHABET[Math.floor(random() * ALPHABET.length)] : choice < 0.8 ? TOKENS[Math.floor(random() * TOKENS.length)] : randomUnicode(random);
      const op = random();
      if (op < 0.4) out = out.slice(0, at) + piece + out.slice(at);
      else if (op < 0.7) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random() * 20));
      else out = out.slice(0, at) + piece + out.slice(at + piece.length);
    }
    return out;
  }

  test('2000 mutations of a realistic zone: validate resolves with well-formed diagnostics', async () => {
    const seed = 20240101;
    const random = prng(seed);
    const iterations = 2000;
    let text = REALISTIC_ZONE;
    const seen = new Set<string>();
    for (let i = 0; i < iterations; i++) {
      // Mostly fresh mutants of the realistic zone, sometimes a mutant of the last mutant, to drift further.
      text = mutate(random() < 0.7 ? REALISTIC_ZONE : text, random);
      const current = text;
      const readInclude = (path: string) =>
        path === 'self.zone' ? { text: current, resolvedPath: '/fuzz/self.zone' } : path === 'other.zone' ? { text: OTHER_ZONE, resolvedPath: '/fuzz/other.zone' } : undefined;
      const context = `seed ${seed} iteration ${i} (text ${JSON.stringify(text.length > 4000 ? text.slice(0, 4000) + '…' : text)})`;
      let result: { doc: AnalyzedDocument; diagnostics: Diagnostic[] };
      try {
        result = await check(text, { readInclude, fileName: '/fuzz/example.com.zone' }, context);
      } catch (error) {
        if (error instanceof assert.AssertionError) throw error;
        assert.fail(`${context}: validate threw ${error instanceof Error ? error.stack : String(error)}`);
      }
      // The editor features read the same analysis; they must not throw on it either.
      const { doc, diagnostics } = result;
      assert.doesNotThrow(() => service.symbols(doc), context);
      assert.doesNotThrow(() => service.folding(doc), context);
      assert.doesNotThrow(() => service.quickFixes(doc, diagnostics), context);
      const offset = Math.floor(random() * (text.length + 1));
      assert.doesNotThrow(() => service.complete(doc, doc.lines.positionAt(offset)), context);
      for (const d of diagnostics) seen.add(d.code);
    }
    // The mutants reach well beyond zone syntax into the SPF, DMARC and DKIM checks.
    for (const code of ['zone-syntax', 'spf-syntax', 'dmarc-syntax', 'dkim-key-invalid']) assert.ok(seen.has(code), `no mutant produced ${code}; seen: ${[...seen].join(', ')}`);
    console.log(`fuzz: ${iterations} mutants, ${seen.size} distinct codes reported`);
  });
});

describe('hostile input to the CLI', () => {
  const cli = resolve(process.cwd(), 'dist/cli.js');

  function lintJson(file: string): { status: number | null; items: Array<{ code: string; severity: string }> } {
    assert.ok(existsSync(cli), `${cli} is missing: run \`npm run build\` first`);
    const result = spawnSync(process.execPath, [cli, 'lint', '--no-dns', '--format', 'json', file], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, timeout: 120_000 });
    assert.equal(result.error, undefined, `the CLI could not be run or did not finish: ${String(result.error)}`);
    assert.ok(result.status === 0 || result.status === 1, `exit status ${result.status} (signal ${result.signal}); stderr: ${result.stderr.slice(0, 2000)}`);
    assert.doesNotMatch(result.stderr, /internal error|TypeError|RangeError/, 'the CLI reported an internal error');
    let items: unknown;
    assert.doesNotThrow(() => (items = JSON.parse(result.stdout)), 'the JSON output does not parse');
    assert.ok(Array.isArray(items));
    const list = items as Array<{ code: string; severity: string }>;
    for (const item of list) assert.ok(CODES.has(item.code), `unknown code ${item.code}`);
    assert.equal(result.status, list.some((item) => item.severity === 'error') ? 1 : 0, 'exit status disagrees with the errors reported');
    return { status: result.status, items: list };
  }

  test('binary bytes and a 10 MB line: exit 0 or 1 with valid JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'email-auth-robustness-'));
    try {
      const binary = join(dir, 'binary.example.com.zone');
      writeFileSync(binary, randomBytes(prng(0xc11), 256 * 1024));
      const fromBinary = lintJson(binary);
      assert.equal(fromBinary.status, 1);

      const long = join(dir, 'long.example.com.zone');
      writeFileSync(long, `big TXT "${'a'.repeat(10 * 1024 * 1024)}"\n`);
      const fromLong = lintJson(long);
      assert.ok(fromLong.items.some((item) => item.code === 'zone-string-too-long'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
