// A small draft-07 checker for exactly the keywords scripts/generate-schemas.mjs emits (no $ref,
// no formats). It is not a general validator: an unknown assertion keyword throws, so a schema
// that starts using one fails the tests instead of being half-checked.

export interface SchemaProblem {
  /** JSON pointer of the offending value, '' for the document. */
  path: string;
  keyword: string;
  message: string;
}

type Schema = { [keyword: string]: unknown };

/** Keywords that only annotate (editor hints, docs); they never reject a value. */
const ANNOTATIONS = new Set([
  '$schema', '$comment', 'title', 'description', 'markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions',
  'patternErrorMessage', 'deprecationMessage', 'default', 'examples',
]);
const ASSERTIONS = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'enum', 'pattern', 'minLength', 'maxLength',
  'minimum', 'maximum', 'items', 'minItems', 'maxItems', 'anyOf', 'minProperties', 'maxProperties',
]);

export function checkJsonSchema(schema: unknown, value: unknown): SchemaProblem[] {
  return check(asSchema(schema, ''), value, '');
}

function asSchema(schema: unknown, at: string): Schema {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) throw new Error(`schema at ${at || '/'} is not an object`);
  for (const keyword of Object.keys(schema)) {
    if (!ANNOTATIONS.has(keyword) && !ASSERTIONS.has(keyword)) throw new Error(`jsonSchemaCheck does not support the keyword "${keyword}" (schema at ${at || '/'})`);
  }
  return schema as Schema;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: string, value: unknown): boolean {
  const actual = typeOf(value);
  return actual === expected || (expected === 'number' && actual === 'integer');
}

function check(schema: Schema, value: unknown, path: string): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const report = (keyword: string, message: string, at = path) => problems.push({ path: at, keyword, message });

  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => typeMatches(t, value))) {
      report('type', `expected ${types.join(' or ')}, got ${typeOf(value)}`);
      return problems; // the other keywords would only repeat the type error
    }
  }
  if (schema.enum !== undefined && !(schema.enum as unknown[]).some((e) => e === value)) {
    report('enum', `${JSON.stringify(value)} is not one of ${(schema.enum as unknown[]).map((e) => JSON.stringify(e)).join(', ')}`);
  }
  if (typeof value === 'string') {
    const length = [...value].length; // JSON Schema counts code points
    if (typeof schema.minLength === 'number' && length < schema.minLength) report('minLength', `shorter than ${schema.minLength} characters`);
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) report('maxLength', `longer than ${schema.maxLength} characters`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) report('pattern', `does not match ${schema.pattern}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) report('minimum', `less than ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) report('maximum', `greater than ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) report('minItems', `fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) report('maxItems', `more than ${schema.maxItems} items`);
    if (schema.items !== undefined) {
      const items = asSchema(schema.items, `${path}/items`);
      value.forEach((item, i) => problems.push(...check(items, item, `${path}/${i}`)));
    }
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    const properties = (schema.properties ?? {}) as Record<string, unknown>;
    for (const name of (schema.required ?? []) as string[]) {
      if (!(name in object)) report('required', `missing required property ${name}`);
    }
    if (typeof schema.minProperties === 'number' && keys.length < schema.minProperties) report('minProperties', `fewer than ${schema.minProperties} properties`);
    if (typeof schema.maxProperties === 'number' && keys.length > schema.maxProperties) report('maxProperties', `more than ${schema.maxProperties} properties`);
    for (const key of keys) {
      const at = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (Object.prototype.hasOwnProperty.call(properties, key)) {
        problems.push(...check(asSchema(properties[key], at), object[key], at));
      } else if (schema.additionalProperties === false) {
        report('additionalProperties', `property ${key} is not allowed`, at);
      } else if (schema.additionalProperties !== undefined && schema.additionalProperties !== true) {
        problems.push(...check(asSchema(schema.additionalProperties, at), object[key], at));
      }
    }
  }
  if (schema.anyOf !== undefined) {
    const outcomes = (schema.anyOf as unknown[]).map((alternative, i) => check(asSchema(alternative, `${path}/anyOf/${i}`), value, path));
    if (!outcomes.some((o) => o.length === 0)) {
      // Like VS Code, explain the failure through the alternative that came closest.
      const closest = outcomes.reduce((best, o) => (o.length < best.length ? o : best));
      report('anyOf', 'matches none of the allowed shapes');
      problems.push(...closest);
    }
  }
  return problems;
}
