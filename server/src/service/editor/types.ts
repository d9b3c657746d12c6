import type { Span } from '../types';

export interface HoverResult {
  /** Markdown shown to the user. */
  markdown: string;
  /** Document span the hover belongs to. */
  span: Span;
}

export type CompletionKind = 'keyword' | 'value' | 'snippet' | 'type' | 'property';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  /** Text to insert; a snippet (with $1 placeholders) when `snippet` is true. */
  insertText?: string;
  snippet?: boolean;
  detail?: string;
  documentation?: string;
}
