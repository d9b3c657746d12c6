import type { Finding, Span } from '../types';
import { spanOfNode, type JsonNode } from './jsonTree';

/** A string written in the document: its text, its node (quotes included) and where its characters are. */
export interface WrittenValue {
  value: string;
  node: JsonNode;
  /** Between the quotes. */
  content: Span;
}

/**
 * An enum-like value outside its allowed set. The fix data offers every allowed value, the one
 * that differs only in case first.
 */
export function invalidValue(code: string, written: WrittenValue, allowed: readonly string[], what: string, reference: string): Finding {
  const near = allowed.find((v) => v.toLowerCase() === written.value.toLowerCase());
  const hint = near ? `Values are case-sensitive: write "${near}".` : `Use one of: ${allowed.join(', ')}.`;
  const span = written.value === '' ? spanOfNode(written.node) : written.content;
  return {
    code,
    ...span,
    message: `"${written.value}" is not a valid ${what}; AWS rejects the request (${reference}). ${hint}`,
    data: { kind: 'choose-value', span: spanOfNode(written.node), values: near ? [near, ...allowed.filter((v) => v !== near)] : [...allowed] },
  };
}
