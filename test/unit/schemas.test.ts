// The JSON Schemas VS Code uses for *.receipt-rule.json, *.receipt-rule-set.json,
// *.send-email.json and *.change-batch.json, and the JSON snippets: generated from the AWS models,
// in step with the AWS SDK's enums, and accepting what the AWS CLI accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sesSdk from '@aws-sdk/client-ses';
import * as sesv2Sdk from '@aws-sdk/client-sesv2';
import * as route53Sdk from '@aws-sdk/client-route-53';
import { checkJsonSchema, type SchemaProblem } from '../support/jsonSchemaCheck';
import { expandSnippet } from '../support/snippetText';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaNode = { [keyword: string]: unknown };

const SCHEMA_FILES = ['ses-receipt-rule.schema.json', 'ses-receipt-rule-set.schema.json', 'ses-send-email.schema.json', 'route53-change-batch.schema.json'];

function readJson(path: string): Json {
  return JSON.parse(readFileSync(path, 'utf8')) as Json;
}

function schema(file: string): SchemaNode {
  return readJson(join('schemas', file)) as SchemaNode;
}

/** Every schema node with its JSON pointer. */
function* nodes(node: unknown, path = ''): Generator<[string, SchemaNode]> {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
  const n = node as SchemaNode;
  yield [path, n];
  if (n.properties) for (const [k, v] of Object.entries(n.properties as object)) yield* nodes(v, `${path}/properties/${k}`);
  if (n.items) yield* nodes(n.items, `${path}/items`);
  if (typeof n.additionalProperties === 'object') yield* nodes(n.additionalProperties, `${path}/additionalProperties`);
  if (Array.isArray(n.anyOf)) for (const [i, v] of n.anyOf.entries()) yield* nodes(v, `${path}/anyOf/${i}`);
}

function problems(file: string, value: unknown): SchemaProblem[] {
  return checkJsonSchema(schema(file), value);
}

function assertValid(file: string, value: unknown, what: string) {
  assert.deepEqual(problems(file, value), [], `${what} should be accepted by ${file}`);
}

/** The problem a user would see for a rejected file: which keyword at which place. */
function assertRejected(file: string, value: unknown, keyword: string, path: string) {
  const found = problems(file, value);
  assert.ok(
    found.some((p) => p.keyword === keyword && p.path === path),
    `expected ${keyword} at ${path || '/'} from ${file}, got ${JSON.stringify(found)}`,
  );
}

/**
 * The models the committed schemas were generated from, when this machine has that very botocore
 * release: another release has other documentation text, so a comparison would only report that
 * AWS edited its docs (the enum test below still catches model drift against the SDK).
 */
function botocoreDataDir(t: { skip(message: string): void }): string | undefined {
  for (const python of ['python3', 'python']) {
    const r = spawnSync(python, ['-c', 'import botocore,os;print(botocore.__version__, os.path.dirname(botocore.__file__))'], { encoding: 'utf8' });
    if (r.status !== 0) continue;
    const [version, dir] = r.stdout.trim().split(' ');
    const committed = /from botocore (\d+\.\d+\.\d+)/.exec(String(schema(SCHEMA_FILES[0]).$comment))?.[1];
    if (version !== committed) {
      t.skip(`botocore ${version} is installed but the schemas come from ${committed}: re-run node scripts/generate-schemas.mjs to move to it`);
      return undefined;
    }
    return join(dir, 'data');
  }
  t.skip('botocore is not installed (pip install botocore): cannot regenerate the schemas to compare; every other schema test still runs');
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// (a) generated, documented, loadable by VS Code

test('the committed schemas are what scripts/generate-schemas.mjs produces from the installed botocore models', (t) => {
  if (!botocoreDataDir(t)) return;
  const check = spawnSync(process.execPath, ['scripts/generate-schemas.mjs', '--check'], { encoding: 'utf8' });
  assert.equal(check.status, 0, `${check.stderr}\nThe committed schemas differ from the generator's output: run node scripts/generate-schemas.mjs and commit schemas/.`);
});

test('--models reads a botocore-style data folder copied elsewhere and gives the same schemas', (t) => {
  const dataDir = botocoreDataDir(t);
  if (!dataDir) return;
  const work = mkdtempSync(join(tmpdir(), 'schemas-'));
  try {
    for (const service of ['ses/2010-12-01', 'sesv2/2019-09-27', 'route53/2013-04-01']) {
      cpSync(join(dataDir, service), join(work, 'models', service), { recursive: true });
    }
    const run = spawnSync(process.execPath, ['scripts/generate-schemas.mjs', '--models', join(work, 'models'), '--models-label', 'copied models', '--out', join(work, 'out')], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    for (const file of SCHEMA_FILES) {
      const generated = JSON.parse(readFileSync(join(work, 'out', file), 'utf8')) as SchemaNode;
      assert.match(String(generated.$comment), /from copied models \(/);
      assert.deepEqual({ ...generated, $comment: '' }, { ...schema(file), $comment: '' }, file);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('each schema is draft-07, names the botocore version it came from, and closes every object', () => {
  for (const file of SCHEMA_FILES) {
    const s = schema(file);
    assert.equal(s.$schema, 'http://json-schema.org/draft-07/schema#', file);
    assert.match(String(s.$comment), /^Generated by scripts\/generate-schemas\.mjs from botocore \d+\.\d+\.\d+ \(/, file);
    const text = readFileSync(join('schemas', file), 'utf8');
    assert.equal(text, JSON.stringify(JSON.parse(text), null, 2) + '\n', `${file} is 2-space JSON with a final newline`);
    for (const [path, node] of nodes(s)) {
      if (node.properties) assert.equal(node.additionalProperties, false, `${file}${path}: the AWS CLI rejects unknown keys, so the schema must too`);
    }
  }
});

test('every field has hover documentation converted from the AWS HTML to Markdown', () => {
  for (const file of SCHEMA_FILES) {
    for (const [path, node] of nodes(schema(file))) {
      if (!node.properties) continue;
      for (const [key, member] of Object.entries(node.properties as Record<string, SchemaNode>)) {
        const md = member.markdownDescription;
        assert.ok(typeof md === 'string' && md.length > 0, `${file}${path}/properties/${key} has a markdownDescription`);
        assert.ok(typeof member.description === 'string' && member.description.length > 0, `${file}${path}/properties/${key} has a description`);
        for (const doc of [md, member.description as string]) {
          assert.doesNotMatch(doc, /<\/?(p|ul|li|code|a|b|i|note|important|dl|dt|dd)[ >]/, `${file}${path}/properties/${key}: HTML left in the documentation`);
          assert.doesNotMatch(doc, /&(lt|gt|amp|quot);/, `${file}${path}/properties/${key}: HTML entity left`);
        }
      }
    }
  }
  // Links, lists, code and notes survive the conversion (the KMS key documentation has them all).
  const s3 = (schema('ses-receipt-rule.schema.json').anyOf as SchemaNode[])[0] as any;
  const kms = s3.properties.Actions.items.properties.S3Action.properties.KmsKeyArn;
  assert.match(kms.markdownDescription, /\[Amazon SES Developer Guide\]\(https:\/\/docs\.aws\.amazon\.com\/ses\/latest\/dg\/receiving-email-permissions\.html\)/);
  assert.match(kms.markdownDescription, /\n- To use the Amazon Web Services managed key, provide an ARN in the form of `arn:aws:kms:REGION:ACCOUNT-ID-WITHOUT-HYPHENS:alias\/aws\/ses`/);
  assert.match(kms.markdownDescription, /\n\n\*\*Important:\*\* Your mail is encrypted/);
  assert.match(kms.description, /Amazon SES Developer Guide \(https:\/\/docs\.aws\.amazon\.com\/ses\/latest\/dg\/receiving-email-permissions\.html\)/);
  assert.doesNotMatch(kms.description, /`|\*\*/);
});

test('every pattern compiles the way VS Code compiles it (ECMAScript, u flag)', () => {
  let count = 0;
  for (const file of SCHEMA_FILES) {
    for (const [path, node] of nodes(schema(file))) {
      if (node.pattern === undefined) continue;
      count++;
      assert.doesNotThrow(() => new RegExp(node.pattern as string, 'u'), `${file}${path}: ${String(node.pattern)}`);
    }
  }
  assert.ok(count >= 10, `patterns found: ${count}`);
});

test('Java-only regex syntax from the models is rewritten or dropped by the generator', () => {
  const script = `import { toEcmaPattern } from './scripts/generate-schemas.mjs';
    console.log(JSON.stringify(['\\\\Aabc\\\\z', '[a-z]++x', '\\\\p{Alnum}+', '[a-z&&[^q]]', '(?<!x', 'arn:[\\\\w-]+:iam::[0-9]+:role(\\\\u002F)'].map(toEcmaPattern)));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const [anchors, possessive, posix, intersection, broken, unicodeEscape] = JSON.parse(run.stdout) as { pattern?: string; dropped?: string }[];
  assert.equal(anchors.pattern, '^abc$');
  assert.equal(possessive.pattern, '[a-z]+x');
  assert.equal(posix.pattern, '[A-Za-z0-9]+');
  assert.match(String(intersection.dropped), /intersection/);
  assert.match(String(broken.dropped), /does not compile/);
  assert.equal(unicodeEscape.pattern, 'arn:[\\w-]+:iam::[0-9]+:role(\\u002F)');
});

// ---------------------------------------------------------------------------------------------
// (b) the enums agree with the AWS SDK v3 the extension ships

test('every enum equals the enum the installed AWS SDK v3 client declares for the same shape', () => {
  const sdks: Record<string, Record<string, unknown>> = { ses: sesSdk, sesv2: sesv2Sdk, route53: route53Sdk };
  const compared = new Set<string>();
  for (const file of SCHEMA_FILES) {
    for (const [path, node] of nodes(schema(file))) {
      if (!node.enum) continue;
      const shape = /shape (\w+):(\w+)/.exec(String(node.$comment));
      assert.ok(shape, `${file}${path}: an enum names its model shape in $comment`);
      const [, service, name] = shape;
      const declared = sdks[service][name];
      assert.ok(declared && typeof declared === 'object', `${file}${path}: the SDK client for ${service} exports no enum ${name}`);
      assert.deepEqual([...(node.enum as string[])].sort(), Object.values(declared as object).map(String).sort(), `${file}${path}: ${service}:${name} differs between the botocore model and the SDK`);
      if (node.enumDescriptions) assert.equal((node.enumDescriptions as string[]).length, (node.enum as string[]).length, `${file}${path}: one description per value`);
      compared.add(`${service}:${name}`);
    }
  }
  for (const expected of ['ses:TlsPolicy', 'ses:StopScope', 'ses:InvocationType', 'ses:SNSActionEncoding', 'route53:ChangeAction', 'route53:RRType', 'sesv2:AttachmentContentDisposition']) {
    assert.ok(compared.has(expected), `${expected} is in a schema and compared`);
  }
});

test('enum values documented by the model get their own completion descriptions', () => {
  const batch = (schema('route53-change-batch.schema.json').anyOf as any[])[0];
  const action = batch.properties.Changes.items.properties.Action;
  assert.deepEqual(action.enum, ['CREATE', 'DELETE', 'UPSERT']);
  assert.match(action.markdownEnumDescriptions[2], /^If a resource record set doesn't already exist, Route 53 creates it/);
  assert.match(action.markdownEnumDescriptions[1], /\[DeleteTrafficPolicyInstance\]\(https:/);
});

// ---------------------------------------------------------------------------------------------
// (c) real files, snippets and mistakes

test('the checker used below rejects what each keyword forbids (and refuses keywords it does not know)', () => {
  const s = {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 2, maxLength: 4, pattern: '^[a-z]+$' },
      n: { type: 'integer', minimum: 1, maximum: 3 },
      list: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, minItems: 1, maxItems: 2 },
      either: { anyOf: [{ type: 'string' }, { type: 'boolean' }] },
    },
    required: ['name'],
    additionalProperties: false,
  };
  assert.deepEqual(checkJsonSchema(s, { name: 'abc', n: 2, list: ['a'], either: true }), []);
  const keywordsAt = (value: unknown) => checkJsonSchema(s, value).map((p) => `${p.keyword}@${p.path}`).sort();
  assert.deepEqual(keywordsAt({}), ['required@']);
  assert.deepEqual(keywordsAt({ name: 'abc', extra: 1 }), ['additionalProperties@/extra']);
  assert.deepEqual(keywordsAt({ name: 'a' }), ['minLength@/name']);
  assert.deepEqual(keywordsAt({ name: 'abcde' }), ['maxLength@/name']);
  assert.deepEqual(keywordsAt({ name: 'AB' }), ['pattern@/name']);
  assert.deepEqual(keywordsAt({ name: 'ab', n: 0 }), ['minimum@/n']);
  assert.deepEqual(keywordsAt({ name: 'ab', n: 4 }), ['maximum@/n']);
  assert.deepEqual(keywordsAt({ name: 'ab', n: 1.5 }), ['type@/n']);
  assert.deepEqual(keywordsAt({ name: 'ab', list: [] }), ['minItems@/list']);
  assert.deepEqual(keywordsAt({ name: 'ab', list: ['a', 'b', 'a'] }), ['maxItems@/list']);
  assert.deepEqual(keywordsAt({ name: 'ab', list: ['c'] }), ['enum@/list/0']);
  assert.deepEqual(keywordsAt({ name: 'ab', either: 1 }), ['anyOf@/either', 'type@/either']);
  assert.deepEqual(keywordsAt([]), ['type@']);
  assert.throws(() => checkJsonSchema({ type: 'string', format: 'email' }, 'x'), /does not support the keyword "format"/);
});

/** package.json's jsonValidation: the schema VS Code applies to a file name. */
function schemaForFileName(fileName: string): string | undefined {
  const pkg = readJson('package.json') as any;
  for (const entry of pkg.contributes.jsonValidation as { fileMatch: string; url: string }[]) {
    const glob = new RegExp(`^${entry.fileMatch.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    if (glob.test(fileName)) return entry.url.replace(/^\.\/schemas\//, '');
  }
  return undefined;
}

test('package.json maps each file kind to its schema, ships the schemas and contributes the snippets to JSON', () => {
  assert.equal(schemaForFileName('inbound.receipt-rule.json'), 'ses-receipt-rule.schema.json');
  assert.equal(schemaForFileName('prod.receipt-rule-set.json'), 'ses-receipt-rule-set.schema.json');
  assert.equal(schemaForFileName('newsletter.send-email.json'), 'ses-send-email.schema.json');
  assert.equal(schemaForFileName('dmarc.change-batch.json'), 'route53-change-batch.schema.json');
  assert.equal(schemaForFileName('package.json'), undefined);
  const pkg = readJson('package.json') as any;
  for (const entry of pkg.contributes.jsonValidation) assert.ok(SCHEMA_FILES.includes(entry.url.replace('./schemas/', '')), entry.url);
  const snippetLanguages = (pkg.contributes.snippets as { language: string; path: string }[]).filter((s) => s.path === './snippets/ses-json.json').map((s) => s.language);
  assert.deepEqual(snippetLanguages.sort(), ['json', 'jsonc']);
  const ignore = readFileSync('.vscodeignore', 'utf8').split('\n');
  assert.ok(ignore.includes('!schemas/**'), '.vscodeignore keeps schemas/ in the package');
});

test('the demo files validate against the schema their name selects', () => {
  const files = ['demo/ses', 'demo/route53'].flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f)));
  assert.ok(files.length >= 3, `demo JSON files: ${files.join(', ')}`);
  for (const path of files) {
    const file = schemaForFileName(path.split('/').pop()!);
    assert.ok(file, `${path} has a schema by name`);
    assertValid(file, readJson(path), path);
  }
});

test('both forms the AWS CLI takes are accepted: the --rule / --change-batch value and the whole --cli-input-json request', () => {
  const rule = readJson('demo/ses/inbound.receipt-rule.json');
  assertValid('ses-receipt-rule.schema.json', { RuleSetName: 'default-rule-set', After: 'first-rule', Rule: rule }, 'a CreateReceiptRuleRequest');
  const batch = readJson('demo/route53/dmarc.change-batch.json');
  assertValid('route53-change-batch.schema.json', { HostedZoneId: 'Z0123456789ABCDEFGHIJ', ChangeBatch: batch }, 'a ChangeResourceRecordSetsRequest');
  // list-hosted-zones prints "/hostedzone/<id>"; the CLI strips the prefix, so it is accepted too.
  assertValid('route53-change-batch.schema.json', { HostedZoneId: '/hostedzone/Z0123456789ABCDEFGHIJ', ChangeBatch: batch }, 'a hosted zone ID with its /hostedzone/ prefix');
  assertRejected('route53-change-batch.schema.json', { HostedZoneId: 'Z'.repeat(33), ChangeBatch: batch }, 'pattern', '/HostedZoneId');
  // A rule set as describe-receipt-rule-set prints it.
  assertValid('ses-receipt-rule-set.schema.json', { Metadata: { Name: 'default-rule-set', CreatedTimestamp: '2025-11-03T09:12:44.512000+00:00' }, Rules: [rule] }, 'describe-receipt-rule-set output');
});

test('mistakes are rejected where they are: unknown key, bad enum, too-long or badly formed names, limits', () => {
  const rule = readJson('demo/ses/inbound.receipt-rule.json') as Record<string, Json>;
  const R = 'ses-receipt-rule.schema.json';
  assertRejected(R, { ...rule, Action: [] }, 'additionalProperties', '/Action');
  assertRejected(R, { ...rule, TlsPolicy: 'Required' }, 'enum', '/TlsPolicy');
  assertRejected(R, { ...rule, Name: 'r'.repeat(65) }, 'maxLength', '/Name');
  assertValid(R, { ...rule, Name: 'r'.repeat(64) }, 'a 64-character rule name');
  assertRejected(R, { ...rule, Name: '-starts-with-dash' }, 'pattern', '/Name');
  assertRejected(R, { ...rule, Name: 'has space' }, 'pattern', '/Name');
  assertRejected(R, { ...rule, Enabled: 'true' }, 'type', '/Enabled');
  assertRejected(R, { Name: 'x', Actions: [{ StopAction: { Scope: 'Rule' } }] }, 'enum', '/Actions/0/StopAction/Scope');
  assertRejected(R, { Name: 'x', Actions: [{ LambdaAction: {} }] }, 'required', '/Actions/0/LambdaAction');
  assertRejected(R, { Name: 'x', Actions: [{ AddHeaderAction: { HeaderName: 'X_Bad', HeaderValue: 'v' } }] }, 'pattern', '/Actions/0/AddHeaderAction/HeaderName');
  assertRejected(R, { Name: 'x', Actions: [{ AddHeaderAction: { HeaderName: 'X-Ok', HeaderValue: 'two\nlines' } }] }, 'pattern', '/Actions/0/AddHeaderAction/HeaderValue');
  assertRejected(R, { Name: 'x', Actions: [{ ConnectAction: { InstanceARN: 'arn:aws:connect:us-east-1:123:instance/nope', IAMRoleARN: 'arn:aws:iam::123456789012:role/r' } }] }, 'pattern', '/Actions/0/ConnectAction/InstanceARN');
  // The two forms do not mix: a rule name beside RuleSetName is neither a ReceiptRule nor a request.
  assertRejected(R, { RuleSetName: 'default-rule-set', Rule: rule, Name: 'x' }, 'anyOf', '');
  assertRejected(R, { RuleSetName: 'rule.set', Rule: rule }, 'pattern', '/RuleSetName');

  const send = readJson('demo/ses/newsletter.send-email.json') as any;
  const S = 'ses-send-email.schema.json';
  assertRejected(S, { ...send, Headers: [] }, 'additionalProperties', '/Headers'); // headers belong in Content.Simple
  const { Content: _content, ...noContent } = send;
  assertRejected(S, noContent, 'required', '');
  const header = (i: number) => ({ Name: `X-Extra-${i}`, Value: 'v' });
  assertRejected(S, { ...send, Content: { Simple: { ...send.Content.Simple, Headers: Array.from({ length: 16 }, (_, i) => header(i)) } } }, 'maxItems', '/Content/Simple/Headers');
  assertRejected(S, { ...send, Content: { Simple: { ...send.Content.Simple, Headers: [{ Name: 'List-Unsubscribe:', Value: 'x' }] } } }, 'pattern', '/Content/Simple/Headers/0/Name');

  const batch = readJson('demo/route53/dmarc.change-batch.json') as any;
  const B = 'route53-change-batch.schema.json';
  const change = batch.Changes[0];
  assertRejected(B, { ...batch, Changes: [{ ...change, Action: 'UPDATE' }] }, 'enum', '/Changes/0/Action');
  assertRejected(B, { ...batch, Changes: [{ ...change, ResourceRecordSet: { ...change.ResourceRecordSet, Type: 'txt' } }] }, 'enum', '/Changes/0/ResourceRecordSet/Type');
  assertRejected(B, { ...batch, Changes: [{ ...change, ResourceRecordSet: { ...change.ResourceRecordSet, TTL: -1 } }] }, 'minimum', '/Changes/0/ResourceRecordSet/TTL');
  assertRejected(B, { ...batch, Changes: [{ ...change, ResourceRecordSet: { ...change.ResourceRecordSet, ResourceRecords: [{ Value: 'x'.repeat(4001) }] } }] }, 'maxLength', '/Changes/0/ResourceRecordSet/ResourceRecords/0/Value');
  assertRejected(B, { ...batch, Changes: [] }, 'minItems', '/Changes');
  assertRejected(B, { ...batch, Comment: 'c'.repeat(257) }, 'maxLength', '/Comment');
});

// ---------------------------------------------------------------------------------------------
// Snippets: every body, expanded with its defaults, is a valid file (or a valid part of one)

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

const snippets = readJson('snippets/ses-json.json') as unknown as Record<string, Snippet>;

/** How to check each snippet: the schema, and where the expanded body goes. */
const SNIPPET_CONTEXT: Record<string, { schema: string; wrap: (text: string) => string }> = {
  'ses-receipt-rule': { schema: 'ses-receipt-rule.schema.json', wrap: (t) => t },
  'ses-create-receipt-rule': { schema: 'ses-receipt-rule.schema.json', wrap: (t) => t },
  'ses-send-email': { schema: 'ses-send-email.schema.json', wrap: (t) => t },
  'ses-one-click-unsubscribe': {
    schema: 'ses-send-email.schema.json',
    wrap: (t) => `{ "Content": { "Simple": { "Subject": { "Data": "s" }, "Body": { "Text": { "Data": "b" } }, "Headers": [${t}] } } }`,
  },
  'r53-dmarc-upsert': { schema: 'route53-change-batch.schema.json', wrap: (t) => t },
};
const ACTION_SNIPPET = /^ses-action-/;

function firstPrefix(s: Snippet): string {
  return Array.isArray(s.prefix) ? s.prefix[0] : s.prefix;
}

function expanded(prefix: string): Json {
  const s = Object.values(snippets).find((x) => firstPrefix(x) === prefix);
  assert.ok(s, `snippet ${prefix} exists`);
  return JSON.parse(expandSnippet(s.body).text) as Json;
}

test('every snippet expands to JSON that the schema accepts', () => {
  assert.ok(Object.keys(snippets).length >= 12);
  for (const [name, s] of Object.entries(snippets)) {
    const prefix = firstPrefix(s);
    assert.ok(s.description.length > 20, `${name} explains itself`);
    const { text, placeholders } = expandSnippet(s.body);
    for (const [index, defaults] of placeholders) {
      assert.equal(new Set(defaults).size, 1, `${name}: tab stop ${index} has one default (VS Code mirrors the first)`);
    }
    const context = ACTION_SNIPPET.test(prefix)
      ? { schema: 'ses-receipt-rule.schema.json', wrap: (t: string) => `{ "Name": "snippet-check", "Actions": [${t}] }` }
      : SNIPPET_CONTEXT[prefix];
    assert.ok(context, `${name} (${prefix}) is checked against a schema`);
    let value: unknown;
    assert.doesNotThrow(() => (value = JSON.parse(context.wrap(text))), `${name} expands to JSON:\n${text}`);
    assertValid(context.schema, value, `snippet ${name}`);
  }
});

test('there is one action snippet per receipt action the model defines', () => {
  const rule = (schema('ses-receipt-rule.schema.json').anyOf as any[])[0];
  const actionKinds = Object.keys(rule.properties.Actions.items.properties).sort();
  assert.deepEqual(actionKinds, ['AddHeaderAction', 'BounceAction', 'ConnectAction', 'LambdaAction', 'S3Action', 'SNSAction', 'StopAction', 'WorkmailAction']);
  const covered = Object.values(snippets)
    .filter((s) => ACTION_SNIPPET.test(firstPrefix(s)))
    .map((s) => Object.keys(JSON.parse(expandSnippet(s.body).text) as object))
    .flat()
    .sort();
  assert.deepEqual(covered, actionKinds);
  const complete = expanded('ses-receipt-rule') as any;
  assert.equal(complete.Actions.at(-1).StopAction.Scope, 'RuleSet', 'the complete rule ends the rule set after storing');
});

test('the send-email snippet carries Feedback-ID tags and RFC 8058 one-click unsubscribe headers in Content.Simple.Headers', () => {
  const send = expanded('ses-send-email') as any;
  const tags = Object.fromEntries(send.EmailTags.map((t: any) => [t.Name, t.Value]));
  assert.deepEqual(Object.keys(tags).sort(), ['ses:feedback-id-a', 'ses:feedback-id-b']);
  assert.notEqual(tags['ses:feedback-id-a'], tags['ses:feedback-id-b'], 'Feedback-ID identifiers must differ');
  for (const value of Object.values(tags)) assert.doesNotMatch(String(value), /@/, 'a Feedback-ID value names a campaign, not a recipient');
  const headers = Object.fromEntries(send.Content.Simple.Headers.map((h: any) => [h.Name, h.Value]));
  assert.match(headers['List-Unsubscribe'], /^<https:\/\/[^>\s]+>$/);
  assert.equal(headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
  const fragment = JSON.parse(`[${expandSnippet(Object.values(snippets).find((s) => firstPrefix(s) === 'ses-one-click-unsubscribe')!.body).text}]`) as any[];
  assert.deepEqual(fragment.map((h) => h.Name), ['List-Unsubscribe', 'List-Unsubscribe-Post']);
  assert.equal(fragment[1].Value, 'List-Unsubscribe=One-Click');
});

test('the change-batch snippet upserts a quoted DMARC TXT record at _dmarc', () => {
  const batch = expanded('r53-dmarc-upsert') as any;
  const [change] = batch.Changes;
  assert.equal(change.Action, 'UPSERT');
  assert.equal(change.ResourceRecordSet.Type, 'TXT');
  assert.match(change.ResourceRecordSet.Name, /^_dmarc\.[a-z0-9.-]+\.$/);
  assert.equal(change.ResourceRecordSet.ResourceRecords[0].Value, '"v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"');
});
