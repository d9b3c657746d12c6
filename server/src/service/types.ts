/** Severities as users name them in settings and in CLI output. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Half-open span of UTF-16 offsets into the document text. */
export interface Span {
  start: number;
  end: number;
}

/**
 * One problem found by a parser or a rule. Spans are document offsets so that rules never need
 * to know about lines; the service converts them to ranges once, at the edge.
 */
export interface Finding extends Span {
  code: string;
  message: string;
  /** Only for rules whose severity depends on the case (e.g. `dkim-key-weak`); else the table's. */
  severity?: Severity;
  /** Machine-readable detail for quick fixes; never shown. */
  data?: FixData;
}

export type FixData =
  | { kind: 'split-string' }
  | { kind: 'move-all-last' }
  | { kind: 'remove-term'; span: Span }
  | { kind: 'replace'; span: Span; text: string; title: string }
  | { kind: 'merge-spf'; recordSpans: Span[]; mergedValue: string }
  /** JSON documents: replace a JSON string literal (quotes included) by one of the allowed values. */
  | { kind: 'choose-value'; span: Span; values: string[] }
  /** JSON documents: edits written as they go into the document (already escaped). */
  | { kind: 'json-edit'; title: string; edits: Array<Span & { text: string }> };

export interface Diagnostic {
  range: Range;
  severity: Severity;
  code: string;
  message: string;
  data?: FixData;
}
