import { findNodeAtOffset, getNodePath, parseTree, ParseErrorCode, type Node } from 'jsonc-parser';
import type { Finding, Span } from '../types';

/** A node of the JSON tree (jsonc-parser's): offsets are document offsets, strings include their quotes. */
export type JsonNode = Node;

export interface ParsedJson {
  root: JsonNode | undefined;
  problems: Finding[];
}

const SYNTAX_MESSAGES: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'Unexpected character',
  [ParseErrorCode.InvalidNumberFormat]: 'Invalid number',
  [ParseErrorCode.PropertyNameExpected]: 'A property name in double quotes is expected (a trailing comma is not allowed)',
  [ParseErrorCode.ValueExpected]: 'A value is expected (a trailing comma is not allowed)',
  [ParseErrorCode.ColonExpected]: 'A colon is expected',
  [ParseErrorCode.CommaExpected]: 'A comma is expected',
  [ParseErrorCode.CloseBraceExpected]: 'A closing brace is expected',
  [ParseErrorCode.CloseBracketExpected]: 'A closing bracket is expected',
  [ParseErrorCode.EndOfFileExpected]: 'Text after the end of the JSON value',
  [ParseErrorCode.InvalidCommentToken]: 'Comments are not allowed',
  [ParseErrorCode.UnexpectedEndOfComment]: 'Unterminated comment',
  [ParseErrorCode.UnexpectedEndOfString]: 'Unterminated string',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'Unterminated number',
  [ParseErrorCode.InvalidUnicode]: 'Invalid \\u escape',
  [ParseErrorCode.InvalidEscapeCharacter]: 'Invalid escape: JSON knows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX',
  [ParseErrorCode.InvalidCharacter]: 'Control characters must be escaped inside strings',
};

/**
 * Parses strict JSON as the AWS CLI reads `file://` input (RFC 8259): comments and trailing commas
 * are findings, never exceptions, and the tree covers whatever could be read.
 */
export function parseJson(text: string): ParsedJson {
  const errors: Array<{ error: ParseErrorCode; offset: number; length: number }> = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
  const problems: Finding[] = errors.slice(0, 50).map((e) => ({
    code: 'json-syntax',
    start: e.offset,
    end: Math.min(text.length, e.offset + Math.max(1, e.length)),
    message: `${SYNTAX_MESSAGES[e.error] ?? 'Invalid JSON'}: the AWS CLI reads strict JSON (RFC 8259) and rejects the file. Fix the JSON syntax here.`,
  }));
  return { root, problems };
}

/** The value of property `key` of an object node. */
export function property(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object') return undefined;
  for (const entry of node.children ?? []) {
    const [name, value] = entry.children ?? [];
    if (name?.value === key) return value;
  }
  return undefined;
}

/** The key node (the quoted name) of property `key`. */
export function propertyKey(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object') return undefined;
  return node.children?.find((entry) => entry.children?.[0]?.value === key)?.children?.[0];
}

/** Properties of an object as [key node, value node] pairs, in document order. */
export function properties(node: JsonNode | undefined): Array<[JsonNode, JsonNode | undefined]> {
  if (node?.type !== 'object') return [];
  return (node.children ?? []).filter((e) => e.children?.[0]).map((e) => [e.children![0], e.children![1]]);
}

export function elements(node: JsonNode | undefined): JsonNode[] {
  return node?.type === 'array' ? (node.children ?? []) : [];
}

export function spanOfNode(node: JsonNode): Span {
  return { start: node.offset, end: node.offset + node.length };
}

export function nodeAtOffset(root: JsonNode | undefined, offset: number): JsonNode | undefined {
  return root ? findNodeAtOffset(root, offset, true) : undefined;
}

export function pathOf(node: JsonNode): Array<string | number> {
  return getNodePath(node);
}
