import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar, type StateStack } from 'vscode-textmate';

/** The repository root: the compiled test runs from out/unit/test/unit, the source from test/unit. */
function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, 'syntaxes', 'dns-zone.tmLanguage.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

const root = repoRoot();
const grammarPath = join(root, 'syntaxes', 'dns-zone.tmLanguage.json');
const snippetsPath = join(root, 'snippets', 'dns-zone.json');

interface Token {
  text: string;
  start: number;
  scopes: string[];
}

let grammar: IGrammar;

before(async () => {
  const wasm = readFileSync(join(dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === 'source.dns-zone' ? parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null,
  });
  const loaded = await registry.loadGrammar('source.dns-zone');
  assert.ok(loaded, 'the grammar source.dns-zone loads');
  grammar = loaded;
});

/** Tokenizes consecutive lines, carrying the rule stack across them like the editor does. */
function tokenize(text: string): Token[][] {
  let stack: StateStack = INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), start: t.startIndex, scopes: t.scopes }));
  });
}

/** True when a scope equals `prefix` or extends it (`comment.line` matches `comment.line.semicolon.dns-zone`). */
function hasScope(token: Token, prefix: string): boolean {
  return token.scopes.some((s) => s === prefix || s.startsWith(`${prefix}.`));
}

/** The token that starts exactly at the `occurrence`-th appearance of `needle` in `line`. */
function tokenAt(tokens: Token[], line: string, needle: string, occurrence = 0): Token {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = line.indexOf(needle, index + 1);
    assert.notEqual(index, -1, `"${needle}" occurs ${occurrence + 1} time(s) in ${line}`);
  }
  const token = tokens.find((t) => t.start <= index && index < t.start + t.text.length);
  assert.ok(token, `a token covers "${needle}"`);
  return token;
}

/** Asserts `needle` is one whole token carrying `scope`. */
function expectToken(tokens: Token[], line: string, needle: string, scope: string, occurrence = 0): Token {
  const token = tokenAt(tokens, line, needle, occurrence);
  assert.equal(token.text, needle, `"${needle}" is its own token (got "${token.text}" ${token.scopes.join(' ')})`);
  assert.ok(hasScope(token, scope), `"${needle}" has ${scope}; got ${token.scopes.join(' ')}`);
  return token;
}

function tokenizeOne(line: string): Token[] {
  const [tokens] = tokenize(line);
  assert.ok(tokens);
  return tokens;
}

describe('dns-zone grammar: zone-file structure', () => {
  test('a comment after a record is a comment; the record data before it is not', () => {
    const line = 'www 3600 IN A 192.0.2.1 ; web server';
    const tokens = tokenizeOne(line);
    expectToken(tokens, line, ';', 'comment.line.semicolon');
    assert.ok(hasScope(tokenAt(tokens, line, ' web server'), 'comment.line.semicolon'));
    const address = expectToken(tokens, line, '192.0.2.1', 'constant.numeric');
    assert.ok(!hasScope(address, 'comment'));
  });

  test('a ";" inside a quoted string is string text, and the comment after the string still is one', () => {
    const line = 'note IN TXT "hello; world" ; the real comment';
    const tokens = tokenizeOne(line);
    const inside = tokenAt(tokens, line, ';', 0);
    assert.ok(hasScope(inside, 'string.quoted.double'), `got ${inside.scopes.join(' ')}`);
    assert.ok(!hasScope(inside, 'comment'), `the ; inside quotes is not a comment: ${inside.scopes.join(' ')}`);
    assert.ok(!hasScope(tokenAt(tokens, line, 'world'), 'comment'));
    expectToken(tokens, line, ';', 'comment.line.semicolon', 1);
  });

  test('escapes inside strings: \\" does not close the string, \\\\ and \\DDD are escapes', () => {
    const line = String.raw`x IN TXT "say \"hi\" \\ \065; still text"`;
    const tokens = tokenizeOne(line);
    expectToken(tokens, line, String.raw`\"`, 'constant.character.escape', 0);
    expectToken(tokens, line, String.raw`\\`, 'constant.character.escape');
    expectToken(tokens, line, String.raw`\065`, 'constant.character.escape');
    const after = tokenAt(tokens, line, 'hi');
    assert.ok(hasScope(after, 'string.quoted.double'), 'text after \\" is still inside the string');
    assert.ok(!hasScope(tokenAt(tokens, line, '; still'), 'comment'), 'the string did not end early');
  });

  test('directives $ORIGIN, $TTL, $INCLUDE and $GENERATE', () => {
    const lines = ['$ORIGIN example.com.', '$TTL 1h30m', '$INCLUDE sub.zone', '$GENERATE 1-10 host-$ A 192.0.2.$'];
    const tokenized = tokenize(lines.join('\n'));
    for (const [i, line] of lines.entries()) {
      const directive = line.split(' ')[0] ?? '';
      expectToken(tokenized[i] ?? [], line, directive, 'keyword.control.directive');
    }
    expectToken(tokenized[1] ?? [], lines[1] ?? '', '1h30m', 'constant.numeric');
    expectToken(tokenized[3] ?? [], lines[3] ?? '', 'A', 'storage.type', 1); // the first "A" is inside $GENERATE
  });

  test('owner, TTL, class and type; @ is the origin', () => {
    const line = 'mail 1h IN MX 10 mx.example.com.';
    const tokens = tokenizeOne(line);
    expectToken(tokens, line, 'mail', 'entity.name.tag');
    expectToken(tokens, line, '1h', 'constant.numeric');
    expectToken(tokens, line, 'IN', 'storage.modifier');
    expectToken(tokens, line, 'MX', 'storage.type');
    expectToken(tokens, line, '10', 'constant.numeric');

    const atLine = '@ CH TXT "x"';
    const atTokens = tokenizeOne(atLine);
    expectToken(atTokens, atLine, '@', 'variable.language');
    expectToken(atTokens, atLine, 'CH', 'storage.modifier');
    expectToken(atTokens, atLine, 'TXT', 'storage.type');
  });

  test('a multi-line SOA in parentheses keeps comments and numbers, and the next line is a new record', () => {
    const text = ['@ IN SOA ns1.example.com. hostmaster.example.com. (', '    2024010101 ; serial', '    1h 15m 1w 300 )', 'www IN AAAA 2001:db8::1'].join('\n');
    const [first = [], serial = [], last = [], next = []] = tokenize(text);
    expectToken(first, '@ IN SOA ns1.example.com. hostmaster.example.com. (', '(', 'punctuation.section.parens.begin');
    expectToken(serial, '    2024010101 ; serial', '2024010101', 'constant.numeric');
    expectToken(serial, '    2024010101 ; serial', ';', 'comment.line.semicolon');
    expectToken(last, '    1h 15m 1w 300 )', '1w', 'constant.numeric');
    expectToken(last, '    1h 15m 1w 300 )', ')', 'punctuation.section.parens.end');
    expectToken(next, 'www IN AAAA 2001:db8::1', 'www', 'entity.name.tag');
    expectToken(next, 'www IN AAAA 2001:db8::1', 'AAAA', 'storage.type');
  });
});

describe('dns-zone grammar: SPF, DMARC and DKIM inside TXT strings', () => {
  test('SPF mechanisms and qualifiers', () => {
    const line = '@ IN TXT "v=spf1 ip4:192.0.2.0/24 include:amazonses.com -all"';
    const tokens = tokenizeOne(line);
    expectToken(tokens, line, 'include', 'keyword.other.spf.mechanism');
    expectToken(tokens, line, '-', 'keyword.operator.qualifier.spf');
    expectToken(tokens, line, 'all', 'keyword.other.spf.mechanism');
    expectToken(tokens, line, 'ip4', 'keyword.other.spf.mechanism');
    expectToken(tokens, line, '192.0.2.0', 'constant.numeric.ip.spf');
    assert.ok(hasScope(tokenAt(tokens, line, 'include'), 'string.quoted.double'), 'SPF terms stay inside the string scope');
  });

  test('SPF macros and modifiers', () => {
    const line = '@ TXT "v=spf1 exists:%{ir}.%{v}._spf.%{d} redirect=_spf.example.com"';
    const tokens = tokenizeOne(line);
    expectToken(tokens, line, '%{ir}', 'variable.parameter.spf.macro');
    expectToken(tokens, line, '%{d}', 'variable.parameter.spf.macro');
    expectToken(tokens, line, 'exists', 'keyword.other.spf.mechanism');
    expectToken(tokens, line, 'redirect', 'keyword.other.spf.modifier');
  });

  test('an SPF record split over strings and lines: later strings are still SPF', () => {
    const lines = ['@ IN TXT ( "v=spf1 include:_spf.example.net "', '          "include:amazonses.com ~all" ) ; end'];
    const [first = [], second = []] = tokenize(lines.join('\n'));
    expectToken(first, lines[0] ?? '', 'include', 'keyword.other.spf.mechanism');
    expectToken(second, lines[1] ?? '', 'include', 'keyword.other.spf.mechanism');
    expectToken(second, lines[1] ?? '', '~', 'keyword.operator.qualifier.spf');
    expectToken(second, lines[1] ?? '', 'all', 'keyword.other.spf.mechanism');
    expectToken(second, lines[1] ?? '', ';', 'comment.line.semicolon');

    const oneLine = 'x IN TXT "v=spf1 a " "mx -all"';
    const oneLineTokens = tokenizeOne(oneLine);
    expectToken(oneLineTokens, oneLine, 'mx', 'keyword.other.spf.mechanism');
    expectToken(oneLineTokens, oneLine, '-', 'keyword.operator.qualifier.spf');
  });

  test('the first string decides: text that is not SPF gets no SPF scopes', () => {
    const line = 'x IN TXT "note: include:a.example -all" "v=spf1 -all"';
    const tokens = tokenizeOne(line);
    for (const needle of ['include', '-all', 'v=spf1']) {
      const token = tokenAt(tokens, line, needle);
      assert.ok(hasScope(token, 'string.quoted.double'));
      assert.ok(!token.scopes.some((s) => s.endsWith('.spf') || s.includes('.spf.')), `"${needle}" is plain text: ${token.scopes.join(' ')}`);
    }
  });

  test('DMARC tags and values', () => {
    const line = '_dmarc IN TXT "v=DMARC1; p=reject; adkim=s; rua=mailto:dmarc@example.com"';
    const tokens = tokenizeOne(line);
    expectToken(tokens, line, 'p', 'variable.other.dmarc.tag', 0);
    expectToken(tokens, line, 'reject', 'constant.language.dmarc.value');
    expectToken(tokens, line, 'adkim', 'variable.other.dmarc.tag');
    expectToken(tokens, line, 'rua', 'variable.other.dmarc.tag');
    expectToken(tokens, line, 'mailto:dmarc@example.com', 'markup.underline.link');
  });

  test('DKIM key record tags, also across strings', () => {
    const lines = ['sel._domainkey IN TXT ( "v=DKIM1; k=rsa; "', '    "p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" )'];
    const [first = [], second = []] = tokenize(lines.join('\n'));
    expectToken(first, lines[0] ?? '', 'k', 'variable.other.dkim.tag', 1);
    expectToken(first, lines[0] ?? '', 'rsa', 'constant.language.dkim.value');
    expectToken(second, lines[1] ?? '', 'p', 'variable.other.dkim.tag');
    expectToken(second, lines[1] ?? '', 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA', 'constant.other.base64.dkim');

    const bare = 'ed._domainkey IN TXT "k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="';
    const bareTokens = tokenizeOne(bare);
    expectToken(bareTokens, bare, 'k', 'variable.other.dkim.tag', 1);
    expectToken(bareTokens, bare, 'ed25519', 'constant.language.dkim.value');
  });
});

// ------------------------------------------------------------------ snippets

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

const ESCAPED_DOLLAR = '\u0000';

/**
 * Expands a snippet body to plain text: ${n|a,b|} becomes the `pick`-th choice (the first by default,
 * the last one when there are fewer), ${n:default} its default (nested ones too), $n and ${n} 'x'.
 */
function expandSnippet(body: string, pick = 0): string {
  let text = body.replace(/\\\$/g, ESCAPED_DOLLAR);
  text = text.replace(/\$\{\d+\|((?:[^|\\]|\\.)*)\|\}/g, (_m, list: string) => {
    const options = list.split(/(?<!\\),/).map((o) => o.replace(/\\([,|\\])/g, '$1'));
    return options[Math.min(pick, options.length - 1)] ?? '';
  });
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(/\$\{\d+:((?:[^${}\\]|\\.)*)\}/g, (_m, fallback: string) => fallback);
  }
  text = text.replace(/\$\{\d+\}/g, 'x').replace(/\$\d+/g, 'x');
  return text.replace(/\\([}\\])/g, '$1').replace(new RegExp(ESCAPED_DOLLAR, 'g'), '$');
}

function choiceCount(body: string): number {
  let most = 1;
  for (const m of body.matchAll(/\$\{\d+\|((?:[^|\\]|\\.)*)\|\}/g)) most = Math.max(most, (m[1] ?? '').split(/(?<!\\),/).length);
  return most;
}

/** Checks quotes close on the line they open and parentheses balance, ignoring `;` comments. */
function checkBalance(text: string, label: string): void {
  let depth = 0;
  for (const [n, line] of text.split('\n').entries()) {
    let inQuote = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (inQuote) {
        if (c === '\\') i++;
        else if (c === '"') inQuote = false;
        continue;
      }
      if (c === ';') break;
      if (c === '"') inQuote = true;
      else if (c === '(') depth++;
      else if (c === ')') {
        depth--;
        assert.ok(depth >= 0, `${label}, line ${n + 1}: ")" without "(" in ${line}`);
      }
    }
    assert.ok(!inQuote, `${label}, line ${n + 1}: unbalanced quote in ${line}`);
  }
  assert.equal(depth, 0, `${label}: unbalanced parentheses`);
}

describe('snippets/dns-zone.json', () => {
  const raw = readFileSync(snippetsPath, 'utf8');

  test('parses as JSON and has the expected snippets', () => {
    const snippets = JSON.parse(raw) as Record<string, Snippet>;
    for (const name of ['SES Easy DKIM (three CNAMEs)', 'SES custom MAIL FROM', 'DMARC record', 'SES inbound MX', 'SPF record', 'full SES setup']) {
      assert.ok(snippets[name], `snippet "${name}" exists`);
    }
    for (const [name, snippet] of Object.entries(snippets)) {
      assert.ok(typeof snippet.prefix === 'string' || (Array.isArray(snippet.prefix) && snippet.prefix.length > 0), `${name} has a prefix`);
      assert.ok(typeof snippet.body === 'string' || Array.isArray(snippet.body), `${name} has a body`);
    }
  });

  test('the expansion helper substitutes defaults, nested defaults and choices', () => {
    assert.equal(expandSnippet('${1:a}.${2:b${3:c}} ${4|x,y|} $5 \\$TTL'), 'a.bc x x $TTL');
    assert.equal(expandSnippet('${4|x,y|}', 1), 'y');
    assert.throws(() => checkBalance('a "b', 'probe'));
    assert.throws(() => checkBalance('a ( b', 'probe'));
  });

  test('every expanded body has balanced quotes and parentheses and is zone syntax the grammar recognises', () => {
    const snippets = JSON.parse(raw) as Record<string, Snippet>;
    for (const [name, snippet] of Object.entries(snippets)) {
      const body = Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
      for (let pick = 0; pick < choiceCount(body); pick++) {
        const text = expandSnippet(body, pick);
        const label = `${name} (choice ${pick + 1})`;
        assert.ok(!/\$\{|\$\d/.test(text), `${label}: no placeholder left in ${text}`);
        checkBalance(text, label);
        const lines = text.split('\n');
        for (const [i, tokens] of tokenize(text).entries()) {
          const line = lines[i] ?? '';
          if (/^\s*(;|$)/.test(line)) continue;
          const types = tokens.filter((t) => hasScope(t, 'storage.type.rrtype'));
          assert.equal(types.length, 1, `${label}: one record type in ${line}`);
          assert.ok(!types.some((t) => hasScope(t, 'storage.type.rrtype.unknown')), `${label}: known type in ${line}`);
          const bad = tokens.find((t) => hasScope(t, 'invalid'));
          assert.equal(bad, undefined, `${label}: nothing invalid in ${line}`);
          const lastQuote = line.lastIndexOf('"');
          if (lastQuote > 0) {
            assert.ok(tokens.some((t) => t.start === lastQuote && hasScope(t, 'punctuation.definition.string.end')), `${label}: the string closes in ${line}`);
          }
        }
      }
    }
  });

  test('SES region choices are region names and the hosts are absolute', () => {
    const snippets = JSON.parse(raw) as Record<string, Snippet>;
    const inbound = snippets['SES inbound MX'];
    assert.ok(inbound);
    const body = Array.isArray(inbound.body) ? inbound.body.join('\n') : inbound.body;
    const regions = /inbound-smtp\.\$\{\d+\|([^|]*)\|\}\.amazonaws\.com\./.exec(body)?.[1]?.split(',') ?? [];
    assert.ok(regions.length >= 3, 'the inbound MX offers a list of regions');
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) assert.ok(regions.includes(region), `${region} is offered`);
    for (const region of regions) assert.match(region, /^[a-z]{2}(-gov)?-[a-z]+-\d$/);
    for (const [name, snippet] of Object.entries(snippets)) {
      const text = expandSnippet(Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body);
      for (const host of text.matchAll(/\b(?:inbound-smtp|feedback-smtp)\.[a-z0-9-]+\.amazon(?:aws|ses)\.com\S*/g)) {
        assert.ok(host[0].endsWith('.com.'), `${name}: ${host[0]} ends with a dot`);
      }
    }
  });
});
