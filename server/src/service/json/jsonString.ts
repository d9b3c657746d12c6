import type { Span } from '../types';
import type { JsonNode } from './jsonTree';

/**
 * A JSON string literal decoded, with a source map: `starts[i]`/`ends[i]` are the document
 * offsets of the characters that wrote decoded code unit `i`, so `\"`, `\\` and `\u00e9` map one
 * decoded character to several written ones. Findings on part of a value land on exactly the
 * characters that wrote it.
 */
export interface JsonString {
  value: string;
  starts: number[];
  ends: number[];
  /** Between the quotes. */
  content: Span;
  /** Quotes included. */
  literal: Span;
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Decodes a string node; undefined for other nodes. Never throws on a broken literal. */
export function decodeJsonString(text: string, node: JsonNode | undefined): JsonString | undefined {
  if (!node || node.type !== 'string') return undefined;
  const literalEnd = node.offset + node.length;
  const closed = node.length >= 2 && text[literalEnd - 1] === '"' && !endsInsideEscape(text, node.offset + 1, literalEnd - 1);
  const contentStart = node.offset + 1;
  const contentEnd = closed ? literalEnd - 1 : literalEnd;
  let value = '';
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = contentStart; i < contentEnd; ) {
    const c = text[i];
    if (c !== '\\') {
      value += c;
      starts.push(i);
      ends.push(i + 1);
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)) && i + 6 <= contentEnd) {
      value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
      starts.push(i);
      ends.push(i + 6);
      i += 6;
      continue;
    }
    if (next === undefined || i + 1 >= contentEnd) {
      // A lone backslash at the end: keep it, the parser already reported the literal.
      value += '\\';
      starts.push(i);
      ends.push(i + 1);
      i++;
      continue;
    }
    value += SIMPLE_ESCAPES[next] ?? next;
    starts.push(i);
    ends.push(i + 2);
    i += 2;
  }
  return { value, starts, ends, content: { start: contentStart, end: contentEnd }, literal: { start: node.offset, end: literalEnd } };
}

/** Whether the quote at `end` is escaped (an odd run of backslashes before it). */
function endsInsideEscape(text: string, start: number, end: number): boolean {
  let backslashes = 0;
  for (let i = end - 1; i >= start && text[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** Document span of decoded code units [start, end); an empty range maps to a caret position. */
export function jsonStringSpan(s: JsonString, start: number, end: number): Span {
  const n = s.value.length;
  if (n === 0) return s.content;
  const from = Math.max(0, Math.min(start, n));
  const to = Math.max(from, Math.min(end, n));
  const docStart = from < n ? s.starts[from] : s.content.end;
  if (to === from) return { start: docStart, end: docStart };
  return { start: docStart, end: s.ends[to - 1] };
}

/** The decoded index written at document `offset` (the end of the content maps to `value.length`). */
export function jsonStringIndexAt(s: JsonString, offset: number): number | undefined {
  if (offset < s.content.start || offset > s.content.end) return undefined;
  if (offset === s.content.end) return s.value.length;
  let lo = 0;
  let hi = s.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s.starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Text as it must be written inside a JSON string literal. */
export function escapeJsonStringContent(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** A string-valued property: its decoded value, source map and nodes. */
export interface StringField {
  value: string;
  str: JsonString;
  node: JsonNode;
  key: JsonNode | undefined;
}

/** Property `key` of an object when it is a string; `node.parent.children[0]` is its key. */
export function stringField(text: string, object: JsonNode | undefined, key: string): StringField | undefined {
  if (object?.type !== 'object') return undefined;
  for (const entry of object.children ?? []) {
    const [name, value] = entry.children ?? [];
    if (name?.value !== key) continue;
    const str = decodeJsonString(text, value);
    return str ? { value: str.value, str, node: value!, key: name } : undefined;
  }
  return undefined;
}

/** Every string element of an array node, as fields. */
export function stringElements(text: string, array: JsonNode | undefined): StringField[] {
  if (array?.type !== 'array') return [];
  const fields: StringField[] = [];
  for (const element of array.children ?? []) {
    const str = decodeJsonString(text, element);
    if (str) fields.push({ value: str.value, str, node: element, key: undefined });
  }
  return fields;
}
