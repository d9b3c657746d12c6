// Generates the JSON Schemas in schemas/ from the AWS API models, so completion, hover and
// validation in VS Code's JSON support follow what the AWS CLI actually accepts.
//
// Input: the service models that ship with botocore, the Python SDK the AWS CLI is built on
// (<botocore>/data/<service>/<api-version>/service-2.json[.gz]). They are AWS's own API models
// (the same Smithy models as github.com/aws/api-models-aws, in botocore's JSON form), with every
// member, enum, pattern, length and value limit and the HTML documentation AWS publishes.
// The botocore version is written into each schema's $comment.
//
// Re-run:   node scripts/generate-schemas.mjs            (finds botocore with `python3`)
//           node scripts/generate-schemas.mjs --models DIR [--models-label "botocore 1.2.3"]
//           node scripts/generate-schemas.mjs --check    (exit 1 when schemas/ is stale)
//           node scripts/generate-schemas.mjs --out DIR  (write elsewhere)
// DIR is a botocore-style data folder: DIR/ses/2010-12-01/service-2.json(.gz) and so on.
// After `pip install -U botocore`, re-run and commit schemas/ (test/unit/schemas.test.ts fails
// while the committed files differ from what this script produces).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const SERVICES = {
  ses: { version: '2010-12-01', title: 'Amazon SES API v1 (2010-12-01)' },
  sesv2: { version: '2019-09-27', title: 'Amazon SES API v2 (2019-09-27)' },
  route53: { version: '2013-04-01', title: 'Amazon Route 53 API (2013-04-01)' },
};

/**
 * Constraints AWS states in a member's documentation but not in the model's traits. Each one is
 * only applied while its evidence sentence is still in the model, so a model change that drops
 * or rewords the rule stops the generator instead of leaving a stale constraint behind.
 * Keyed by "service:Shape" (wherever the shape is used) or "service:Structure.Member".
 */
const DOCUMENTED_CONSTRAINTS = {
  'ses:ReceiptRuleName': {
    evidence: { member: 'ReceiptRule.Name', text: 'Contain 64 characters or fewer.' },
    schema: {
      pattern: '^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$',
      patternErrorMessage: 'Use only ASCII letters, numbers, underscores, dashes and periods; start and end with a letter or number.',
      minLength: 1,
      maxLength: 64,
    },
  },
  'ses:ReceiptRuleSetName': {
    evidence: { member: 'ReceiptRuleSetMetadata.Name', text: 'Contain only ASCII letters (a-z, A-Z), numbers (0-9), underscores (_), or dashes (-).' },
    schema: {
      pattern: '^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?$',
      patternErrorMessage: 'Use only ASCII letters, numbers, underscores and dashes; start and end with a letter or number.',
      minLength: 1,
      maxLength: 64,
    },
  },
  'ses:AddHeaderAction.HeaderName': {
    evidence: { member: 'AddHeaderAction.HeaderName', text: 'can contain up to 50 characters. It consists of alphanumeric' },
    schema: {
      pattern: '^[A-Za-z0-9-]+$',
      patternErrorMessage: 'Use only ASCII letters, numbers and dashes.',
      minLength: 1,
      maxLength: 50,
    },
  },
  'ses:AddHeaderAction.HeaderValue': {
    evidence: { member: 'AddHeaderAction.HeaderValue', text: 'This value can contain up to 2048 characters.' },
    schema: {
      pattern: '^[^\\r\\n]*$',
      patternErrorMessage: 'A header value cannot contain a newline (\\n) or carriage return (\\r).',
      maxLength: 2048,
    },
  },
};

/**
 * Corrections for what the AWS CLI does before validating. botocore's fix_route53_ids handler
 * keeps only the last path segment of HostedZoneId, so "/hostedzone/Z123" (what
 * list-hosted-zones prints) is accepted; the 32-character limit applies to that segment.
 */
const CLI_ADJUSTMENTS = {
  'route53:ChangeResourceRecordSetsRequest.HostedZoneId': {
    drop: ['maxLength'],
    schema: { pattern: '(?:^|/)[^/]{0,32}$', patternErrorMessage: 'A hosted zone ID has at most 32 characters (a "/hostedzone/" prefix is allowed: the AWS CLI removes it).' },
    note: 'the AWS CLI keeps only the part after the last "/" (botocore fix_route53_ids), so the limit of 32 applies to that part',
  },
};

// ---------------------------------------------------------------------------------------------
// Loading

function parseArgs(argv) {
  const args = { models: undefined, label: undefined, out: undefined, check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--models') args.models = argv[++i];
    else if (a === '--models-label') args.label = argv[++i];
    else if (a === '--out') args.out = argv[++i];
    else if (a === '--check') args.check = true;
    else throw new Error(`Unknown argument ${a}. Usage: node scripts/generate-schemas.mjs [--models DIR] [--models-label TEXT] [--out DIR | --check]`);
  }
  return args;
}

/** botocore's data folder and version, through the Python that has it installed. */
export function findBotocore() {
  for (const python of ['python3', 'python']) {
    const r = spawnSync(python, ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__));print(botocore.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) {
      const [dir, version] = r.stdout.trim().split(/\r?\n/);
      return { dataDir: join(dir, 'data'), label: `botocore ${version}` };
    }
  }
  return undefined;
}

function labelFor(modelsDir) {
  // A botocore checkout or install: <botocore>/data next to <botocore>/__init__.py.
  const init = join(modelsDir, '..', '__init__.py');
  if (existsSync(init)) {
    const m = /__version__\s*=\s*['"]([^'"]+)['"]/.exec(readFileSync(init, 'utf8'));
    if (m) return `botocore ${m[1]}`;
  }
  return 'botocore-format models (version unknown)';
}

function loadModel(dataDir, service) {
  const base = join(dataDir, service, SERVICES[service].version, 'service-2.json');
  if (existsSync(base)) return JSON.parse(readFileSync(base, 'utf8'));
  if (existsSync(`${base}.gz`)) return JSON.parse(gunzipSync(readFileSync(`${base}.gz`)).toString('utf8'));
  throw new Error(`No model at ${base}(.gz). --models must point at a botocore-style data folder.`);
}

// ---------------------------------------------------------------------------------------------
// AWS documentation HTML → plain text and Markdown

const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (all, e) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? all;
  });
}

/** A forgiving tree of the documentation HTML: unknown closers are ignored, open tags closed at the end. */
function parseHtml(html) {
  const root = { tag: '#root', attrs: {}, children: [] };
  const stack = [root];
  const re = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+)|(<)/g;
  for (let m; (m = re.exec(html)); ) {
    const top = stack[stack.length - 1];
    if (m[4] !== undefined || m[5] !== undefined) {
      top.children.push({ text: decodeEntities(m[4] ?? m[5]) });
      continue;
    }
    const tag = m[2].toLowerCase();
    if (m[1]) {
      const at = stack.map((n) => n.tag).lastIndexOf(tag);
      if (at > 0) stack.length = at;
      continue;
    }
    const attrs = {};
    for (const a of m[3].matchAll(/([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[a[1].toLowerCase()] = decodeEntities(a[2] ?? a[3]);
    const node = { tag, attrs, children: [] };
    top.children.push(node);
    if (!m[3].trim().endsWith('/') && tag !== 'br') stack.push(node);
  }
  return root;
}

const BLOCK_TAGS = new Set(['p', 'ul', 'ol', 'li', 'note', 'important', 'dl', 'dt', 'dd', 'div', 'pre', 'fullname', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

function escapeMarkdown(s) {
  return s.replace(/[\\`*_[\]<>]/g, '\\$&');
}

function codeSpan(s) {
  const longest = Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

function textOf(node) {
  return node.text !== undefined ? node.text : node.children.map(textOf).join('');
}

/** Moves white space out of an emphasis marker: "** x **" is not bold in Markdown. */
function wrapInline(inner, marker) {
  const lead = /^\s*/.exec(inner)[0];
  const trail = /\s*$/.exec(inner)[0];
  const core = inner.trim();
  return core ? `${lead}${marker}${core}${marker}${trail}` : inner;
}

function renderInline(node, md) {
  if (node.text !== undefined) {
    const t = node.text.replace(/\s+/g, ' ');
    return md ? escapeMarkdown(t) : t;
  }
  const inner = () => node.children.map((c) => renderInline(c, md)).join('');
  switch (node.tag) {
    case 'code': {
      const t = textOf(node).replace(/\s+/g, ' ');
      const core = t.trim();
      if (!core) return t;
      return md ? t.replace(core, codeSpan(core)) : t;
    }
    case 'a': {
      const label = inner();
      const href = (node.attrs.href ?? '').trim();
      if (!/^(https?|mailto):/i.test(href)) return label;
      if (!label.trim()) return md ? `<${href}>` : href;
      return md ? wrapLink(label, href) : label.trim() === href ? label : `${label} (${href})`;
    }
    case 'b':
    case 'strong':
      return md ? wrapInline(inner(), '**') : inner();
    case 'i':
    case 'em':
      return md ? wrapInline(inner(), '*') : inner();
    case 'br':
      return '\n';
    default:
      return inner();
  }
}

function wrapLink(label, href) {
  const lead = /^\s*/.exec(label)[0];
  const trail = /\s*$/.exec(label)[0];
  return `${lead}[${label.trim()}](${href.replace(/[()\s]/g, encodeURIComponent)})${trail}`;
}

function indent(block, prefix) {
  const pad = ' '.repeat(prefix.length);
  return block
    .split('\n')
    .map((line, i) => (i === 0 ? prefix + line : line ? pad + line : line))
    .join('\n');
}

/** Blocks (paragraphs, lists) of a container; inline runs between blocks become paragraphs. */
function renderBlocks(node, md) {
  const blocks = [];
  let run = '';
  const flush = () => {
    const p = run
      .split('\n')
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .filter(Boolean)
      .join(md ? '  \n' : '\n');
    if (p) blocks.push(p);
    run = '';
  };
  for (const child of node.children) {
    if (child.text !== undefined || !BLOCK_TAGS.has(child.tag)) {
      run += renderInline(child, md);
      continue;
    }
    flush();
    switch (child.tag) {
      case 'ul':
      case 'ol': {
        const items = child.children.filter((c) => c.tag === 'li');
        const lines = items.map((li, i) => {
          // A nested list may follow its paragraph directly; paragraphs need a blank line between them.
          const body = renderBlocks(li, md).reduce((acc, b) => (acc ? acc + (/^(- |\d+\. )/.test(b) ? '\n' : '\n\n') + b : b), '');
          return indent(body || '', child.tag === 'ol' ? `${i + 1}. ` : '- ');
        });
        if (lines.length) blocks.push(lines.join('\n'));
        break;
      }
      case 'note':
      case 'important': {
        const label = child.tag === 'note' ? 'Note:' : 'Important:';
        const inner = renderBlocks(child, md);
        const head = md ? `**${label}**` : label;
        if (inner.length && !/^(- |\d+\. )/.test(inner[0])) inner[0] = `${head} ${inner[0]}`;
        else inner.unshift(head);
        blocks.push(...inner);
        break;
      }
      case 'dt': {
        const t = renderBlocks(child, md).join(' ');
        if (t) blocks.push(md ? wrapInline(t, '**') : t);
        break;
      }
      case 'pre': {
        const t = textOf(child).replace(/^\n+|\s+$/g, '');
        if (t) blocks.push(md ? '```\n' + t + '\n```' : t);
        break;
      }
      default:
        blocks.push(...renderBlocks(child, md));
    }
  }
  flush();
  return blocks;
}

/** The documentation as { text, markdown }, or undefined when there is none. */
export function convertDocumentation(html) {
  if (!html || !html.trim()) return undefined;
  const tree = parseHtml(html);
  const text = renderBlocks(tree, false).join('\n\n');
  const markdown = renderBlocks(tree, true).join('\n\n');
  return text ? { text, markdown } : undefined;
}

/**
 * Descriptions of enum values, taken from list items that start with the value, e.g.
 * "<li><code>UPSERT</code>: If a resource record set doesn't already exist…</li>".
 */
function enumValueDocs(html, values) {
  if (!html) return undefined;
  const found = new Map();
  const visit = (node) => {
    if (node.tag === 'li') {
      const blocks = node.children.filter((c) => !(c.text !== undefined && !c.text.trim()));
      const first = blocks[0]?.tag === 'p' ? blocks[0] : node;
      const lead = first.children.filter((c) => !(c.text !== undefined && !c.text.trim()));
      const head = lead[0];
      if (head && (head.tag === 'code' || head.tag === 'b') && values.includes(textOf(head).trim())) {
        const value = textOf(head).trim();
        const rest = { tag: '#root', attrs: {}, children: [] };
        const firstRest = { tag: 'p', attrs: {}, children: first.children.slice(first.children.indexOf(head) + 1) };
        rest.children.push(firstRest, ...(first === node ? [] : blocks.slice(1)));
        const strip = (s) => s.replace(/^\s*(:|-|–)\s*/, '');
        const text = strip(renderBlocks(rest, false).join('\n\n'));
        const markdown = strip(renderBlocks(rest, true).join('\n\n'));
        if (text && !found.has(value)) found.set(value, { text, markdown });
      }
    }
    for (const c of node.children ?? []) visit(c);
  };
  visit(parseHtml(html));
  if (found.size === 0) return undefined;
  return {
    enumDescriptions: values.map((v) => found.get(v)?.text ?? ''),
    markdownEnumDescriptions: values.map((v) => found.get(v)?.markdown ?? ''),
  };
}

// ---------------------------------------------------------------------------------------------
// Java regular expressions → ECMAScript (VS Code compiles schema patterns with the 'u' flag)

/**
 * botocore patterns come from Smithy, which asks for ECMA 262 regexes, but some models still carry
 * Java-only syntax. Known spellings are rewritten; anything that still does not compile, or that
 * compiles with a different meaning (class intersection), is dropped and reported.
 */
export function toEcmaPattern(pattern) {
  if (/&&\[/.test(pattern)) return { dropped: 'Java character-class intersection (&&) has no ECMAScript equivalent' };
  let p = pattern
    .replace(/\\A/g, '^')
    .replace(/\\[zZ]/g, '$')
    .replace(/\\p\{(Alpha|IsAlphabetic)\}/g, '[A-Za-z]')
    .replace(/\\p\{Digit\}/g, '[0-9]')
    .replace(/\\p\{Alnum\}/g, '[A-Za-z0-9]')
    .replace(/\\p\{Upper\}/g, '[A-Z]')
    .replace(/\\p\{Lower\}/g, '[a-z]')
    .replace(/\\p\{Punct\}/g, '[!-\\/:-@\\[-`{-~]')
    .replace(/\\p\{Space\}/g, '\\s')
    .replace(/\\p\{ASCII\}/g, '[\\u0000-\\u007F]')
    .replace(/([*+?}])\+/g, '$1'); // possessive quantifiers: same matches for validation purposes
  try {
    new RegExp(p, 'u');
    return { pattern: p, changed: p !== pattern };
  } catch (e) {
    return { dropped: `does not compile as an ECMAScript regex (${e.message})` };
  }
}

// ---------------------------------------------------------------------------------------------
// Model shapes → JSON Schema

class SchemaBuilder {
  constructor(service, model) {
    this.service = service;
    this.model = model;
    this.report = [];
    this.enumShapes = new Set();
  }

  shape(name) {
    const s = this.model.shapes[name];
    if (!s) throw new Error(`${this.service}: shape ${name} is not in the model`);
    return s;
  }

  memberDoc(structure, member) {
    return this.shape(structure).members[member]?.documentation;
  }

  /** Schema for a value of shape `name`; `doc` is the member's documentation (falls back to the shape's). */
  build(name, doc, memberPath, stack = []) {
    const s = this.shape(name);
    if (stack.includes(name)) throw new Error(`${this.service}: recursive shape ${name}; add $ref support to the generator`);
    const node = {};
    const comments = [];
    const docs = convertDocumentation(doc ?? s.documentation);
    if (docs) {
      node.description = docs.text;
      node.markdownDescription = docs.markdown;
    }
    switch (s.type) {
      case 'structure': {
        node.type = 'object';
        node.properties = {};
        for (const [member, m] of Object.entries(s.members)) {
          node.properties[member] = this.build(m.shape, m.documentation, `${name}.${member}`, [...stack, name]);
          if (m.deprecated) node.properties[member].deprecationMessage = m.deprecatedMessage ?? `${member} is deprecated.`;
        }
        if (s.required?.length) node.required = [...s.required];
        node.additionalProperties = false;
        break;
      }
      case 'list': {
        node.type = 'array';
        node.items = this.build(s.member.shape, s.member.documentation, `${name}.member`, [...stack, name]);
        if (s.min !== undefined) node.minItems = s.min;
        if (s.max !== undefined) node.maxItems = s.max;
        break;
      }
      case 'map': {
        node.type = 'object';
        node.additionalProperties = this.build(s.value.shape, s.value.documentation, `${name}.value`, [...stack, name]);
        if (s.min !== undefined) node.minProperties = s.min;
        if (s.max !== undefined) node.maxProperties = s.max;
        break;
      }
      case 'string': {
        node.type = 'string';
        if (s.enum) {
          node.enum = [...s.enum];
          const valueDocs = enumValueDocs(doc ?? s.documentation, s.enum);
          if (valueDocs) Object.assign(node, valueDocs);
          this.enumShapes.add(name);
        }
        if (s.pattern !== undefined) {
          const converted = toEcmaPattern(s.pattern);
          if (converted.dropped) {
            comments.push(`model pattern ${JSON.stringify(s.pattern)} dropped: ${converted.dropped}`);
            this.report.push(`${this.service}:${name} pattern ${JSON.stringify(s.pattern)} dropped: ${converted.dropped}`);
          } else {
            node.pattern = converted.pattern;
            if (converted.changed) this.report.push(`${this.service}:${name} pattern rewritten from Java syntax: ${JSON.stringify(s.pattern)} -> ${JSON.stringify(converted.pattern)}`);
          }
        }
        if (s.min !== undefined) node.minLength = s.min;
        if (s.max !== undefined) node.maxLength = s.max;
        break;
      }
      case 'integer':
      case 'long':
      case 'short':
      case 'byte':
        node.type = 'integer';
        if (s.min !== undefined) node.minimum = s.min;
        if (s.max !== undefined) node.maximum = s.max;
        break;
      case 'float':
      case 'double':
        node.type = 'number';
        if (s.min !== undefined) node.minimum = s.min;
        if (s.max !== undefined) node.maximum = s.max;
        break;
      case 'boolean':
        node.type = 'boolean';
        break;
      case 'timestamp':
        // The AWS CLI prints timestamps as ISO 8601 strings (and reads them back the same way).
        node.type = 'string';
        comments.push('timestamp: an ISO 8601 date and time as the AWS CLI prints it');
        break;
      case 'blob':
        // AWS CLI v2 reads blobs in JSON input as base64 text (cli_binary_format base64), v1 as raw text.
        node.type = 'string';
        comments.push('blob: base64 text with AWS CLI v2, raw text with v1');
        break;
      default:
        throw new Error(`${this.service}:${name}: shape type ${s.type} is not supported by the generator`);
    }
    this.applyOverrides(node, name, memberPath, comments);
    if (s.enum || comments.length) node.$comment = [`shape ${this.service}:${name}`, ...comments].join('; ');
    return orderKeys(node);
  }

  applyOverrides(node, shapeName, memberPath, comments) {
    for (const key of [`${this.service}:${shapeName}`, `${this.service}:${memberPath}`]) {
      const documented = DOCUMENTED_CONSTRAINTS[key];
      if (documented) {
        const [structure, member] = documented.evidence.member.split('.');
        const evidence = convertDocumentation(this.memberDoc(structure, member))?.text ?? '';
        if (!evidence.includes(documented.evidence.text)) {
          throw new Error(`${key}: the documentation of ${documented.evidence.member} no longer says "${documented.evidence.text}"; review DOCUMENTED_CONSTRAINTS`);
        }
        for (const k of Object.keys(documented.schema)) {
          if (node[k] !== undefined && k !== 'patternErrorMessage') throw new Error(`${key}: the model now declares ${k}; remove it from DOCUMENTED_CONSTRAINTS`);
        }
        Object.assign(node, documented.schema);
        comments.push(`${Object.keys(documented.schema).filter((k) => k !== 'patternErrorMessage').join(', ')} from the documentation of ${documented.evidence.member} (the model declares none)`);
      }
      const adjustment = CLI_ADJUSTMENTS[key];
      if (adjustment) {
        for (const k of adjustment.drop) delete node[k];
        Object.assign(node, adjustment.schema);
        comments.push(adjustment.note);
      }
    }
  }
}

const KEY_ORDER = [
  '$schema', '$comment', 'title', 'description', 'markdownDescription', 'type', 'enum', 'enumDescriptions', 'markdownEnumDescriptions',
  'pattern', 'patternErrorMessage', 'minLength', 'maxLength', 'minimum', 'maximum', 'items', 'minItems', 'maxItems',
  'properties', 'required', 'additionalProperties', 'minProperties', 'maxProperties', 'anyOf', 'deprecationMessage',
];

function orderKeys(node) {
  const out = {};
  for (const k of KEY_ORDER) if (node[k] !== undefined) out[k] = node[k];
  for (const k of Object.keys(node)) if (!(k in out)) throw new Error(`generator emitted an unordered key ${k}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The four schemas

function header(label, services, title, markdown) {
  const inputs = services.map((s) => `${s}/${SERVICES[s].version}/service-2.json`).join(', ');
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment: `Generated by scripts/generate-schemas.mjs from ${label} (${inputs}). Do not edit; re-run the script.`,
    title,
    description: markdown.replace(/`/g, ''),
    markdownDescription: markdown,
  };
}

function alternative(title, schema) {
  const { $comment, ...rest } = schema;
  return orderKeys({ ...($comment ? { $comment } : {}), title, ...rest });
}

/** Returns { files: Map<file name, JSON text>, report: string[] }. */
export function generateSchemas(dataDir, label) {
  const models = Object.fromEntries(Object.keys(SERVICES).map((s) => [s, loadModel(dataDir, s)]));
  const ses = new SchemaBuilder('ses', models.ses);
  const sesv2 = new SchemaBuilder('sesv2', models.sesv2);
  const route53 = new SchemaBuilder('route53', models.route53);
  const files = new Map();

  // Files that take two forms (the bare --rule / --change-batch value, or the whole request for
  // --cli-input-json) get a top-level anyOf of two closed objects, each complete with its own
  // docs. VS Code completes the properties of both alternatives in an empty object, then reports
  // errors through the alternative that matches best, so a mistake in a bare rule reads "Value
  // is not accepted" at the field rather than "Missing property RuleSetName". A single merged
  // object would need not/oneOf tricks and would offer keys that cannot go together.
  // Shapes are inlined rather than $ref'd: a member's own documentation is kept for every use
  // (VS Code's handling of keywords beside $ref differs between versions) and there is no
  // recursion in these shapes.
  const rule = ses.build('ReceiptRule', undefined, 'ReceiptRule');
  const createRule = ses.build('CreateReceiptRuleRequest', ses.shape('CreateReceiptRuleRequest').documentation ?? models.ses.operations.CreateReceiptRule.documentation, 'CreateReceiptRuleRequest');
  files.set('ses-receipt-rule.schema.json', {
    ...header(label, ['ses'], 'Amazon SES receipt rule',
      'An Amazon SES receipt rule: the `--rule file://…` value of `aws ses create-receipt-rule` and `update-receipt-rule` (a `ReceiptRule`), or the whole `--cli-input-json` request (`RuleSetName`, `After`, `Rule`).'),
    type: 'object',
    anyOf: [alternative('ReceiptRule (--rule file://…)', rule), alternative('CreateReceiptRuleRequest (--cli-input-json)', createRule)],
  });

  const ruleSet = ses.build('DescribeReceiptRuleSetResponse', undefined, 'DescribeReceiptRuleSetResponse');
  files.set('ses-receipt-rule-set.schema.json', {
    ...header(label, ['ses'], 'Amazon SES receipt rule set',
      'The output of `aws ses describe-receipt-rule-set`: the rule set `Metadata` and its ordered `Rules`.'),
    ...withoutDocs(ruleSet),
  });

  const send = sesv2.build('SendEmailRequest', undefined, 'SendEmailRequest');
  files.set('ses-send-email.schema.json', {
    ...header(label, ['sesv2'], 'Amazon SES v2 SendEmail request',
      'The `--cli-input-json` value of `aws sesv2 send-email` (`SendEmailRequest`). Custom headers such as `List-Unsubscribe` go in `Content.Simple.Headers`; Feedback-ID values in the `ses:feedback-id-a` and `ses:feedback-id-b` `EmailTags`.'),
    ...withoutDocs(send),
  });

  const batch = route53.build('ChangeBatch', undefined, 'ChangeBatch');
  const changeRequest = route53.build('ChangeResourceRecordSetsRequest', undefined, 'ChangeResourceRecordSetsRequest');
  files.set('route53-change-batch.schema.json', {
    ...header(label, ['route53'], 'Amazon Route 53 change batch',
      'The `--change-batch file://…` value of `aws route53 change-resource-record-sets` (a `ChangeBatch`), or the whole `--cli-input-json` request (`HostedZoneId`, `ChangeBatch`).'),
    type: 'object',
    anyOf: [alternative('ChangeBatch (--change-batch file://…)', batch), alternative('ChangeResourceRecordSetsRequest (--cli-input-json)', changeRequest)],
  });

  const text = new Map();
  for (const [name, schema] of files) text.set(name, JSON.stringify(schema, null, 2) + '\n');
  return { files: text, report: [...ses.report, ...sesv2.report, ...route53.report], enumShapes: [...ses.enumShapes, ...sesv2.enumShapes, ...route53.enumShapes] };
}

/** The top level gets a hand-written description; the request shape's own is kept on nested uses only. */
function withoutDocs(schema) {
  const { description: _d, markdownDescription: _m, ...rest } = schema;
  return rest;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const args = parseArgs(process.argv.slice(2));
  let dataDir = args.models && resolve(args.models);
  let label = args.label ?? (dataDir && labelFor(dataDir));
  if (!dataDir) {
    const found = findBotocore();
    if (!found) {
      console.error('botocore is not installed (pip install botocore), and no --models DIR was given.');
      process.exit(2);
    }
    dataDir = found.dataDir;
    label = args.label ?? found.label;
  }
  const { files, report } = generateSchemas(dataDir, label);
  for (const line of report) console.error(`note: ${line}`);
  const outDir = args.out ? resolve(args.out) : join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');
  if (args.check) {
    const stale = [...files].filter(([name, text]) => !existsSync(join(outDir, name)) || readFileSync(join(outDir, name), 'utf8') !== text).map(([n]) => n);
    if (stale.length) {
      console.error(`Stale against ${label}: ${stale.join(', ')}. Run: node scripts/generate-schemas.mjs`);
      process.exit(1);
    }
    console.log(`schemas/ matches ${label}`);
    return;
  }
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of files) writeFileSync(join(outDir, name), text);
  console.log(`Wrote ${[...files.keys()].join(', ')} from ${label}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
