import type { Finding } from '../types';
import type { TxtSegment } from '../records';

/**
 * Splits a master file into entries (one record or directive each) the way BIND's lexer does:
 * `;` starts a comment outside quotes, parentheses make line ends insignificant, a line that
 * starts with blank space has no owner, and quoted strings keep their escapes until decoded.
 * Never throws; every oddity becomes a `zone-syntax` finding.
 */
export interface Token {
  /** The token as written (quotes removed for quoted strings, escapes kept). */
  text: string;
  start: number;
  end: number;
  quoted: boolean;
}

/**
 * The tokens of one entry, in typed arrays that the lexer reuses for every entry: at 100,000
 * records, an object per token costs more in garbage collection than the lexing itself. Offsets
 * are into `text`; add `base` for document offsets. Read it inside the `onEntry` callback only.
 */
export class EntryTokens {
  count = 0;
  /** True when the entry's first line starts with a space or tab: the owner is inherited. */
  ownerOmitted = false;
  start = 0;
  end = 0;
  /** The lines the entry spans, for folding records written across lines. */
  firstLine = 0;
  lastLine = 0;
  /** Token spans (quotes included) and the text inside quotes (escapes kept). */
  tokenStart = new Int32Array(64);
  tokenEnd = new Int32Array(64);
  textStart = new Int32Array(64);
  textEnd = new Int32Array(64);
  flags = new Uint8Array(64);

  constructor(readonly text: string, readonly base: number) {}

  push(start: number, end: number, textStart: number, textEnd: number, flags: number): void {
    const k = this.count;
    if (k === this.flags.length) this.grow();
    this.tokenStart[k] = start;
    this.tokenEnd[k] = end;
    this.textStart[k] = textStart;
    this.textEnd[k] = textEnd;
    this.flags[k] = flags;
    this.count = k + 1;
  }

  private grow(): void {
    const size = this.flags.length * 2;
    const widen = (from: Int32Array) => {
      const to = new Int32Array(size);
      to.set(from);
      return to;
    };
    this.tokenStart = widen(this.tokenStart);
    this.tokenEnd = widen(this.tokenEnd);
    this.textStart = widen(this.textStart);
    this.textEnd = widen(this.textEnd);
    const flags = new Uint8Array(size);
    flags.set(this.flags);
    this.flags = flags;
  }

  /** The k-th token's text as written (quotes removed, escapes kept). */
  tokenText(k: number): string {
    return this.text.slice(this.textStart[k], this.textEnd[k]);
  }

  isQuoted(k: number): boolean {
    return (this.flags[k] & QUOTED) !== 0;
  }

  /** The first character of the k-th token's text (NaN when the text is empty). */
  firstCode(k: number): number {
    return this.textEnd[k] > this.textStart[k] ? this.text.charCodeAt(this.textStart[k]) : NaN;
  }

  tokenSpan(k: number): { start: number; end: number } {
    return { start: this.base + this.tokenStart[k], end: this.base + this.tokenEnd[k] };
  }

  /** Whether the k-th token's text is `word` (given in upper case) in any case, without a new string. */
  isWord(k: number, word: string): boolean {
    const start = this.textStart[k];
    if (this.textEnd[k] - start !== word.length) return false;
    for (let i = 0; i < word.length; i++) {
      const c = this.text.charCodeAt(start + i);
      // Non-ASCII letters such as "ı" upper-case to ASCII: leave those to toUpperCase.
      if (c >= 128) return this.tokenText(k).toUpperCase() === word;
      if ((c >= 97 && c <= 122 ? c - 32 : c) !== word.charCodeAt(i)) return false;
    }
    return true;
  }

  /** Whether the k-th token's text holds a backslash or a non-ASCII character. */
  needsDecoding(k: number): boolean {
    return (this.flags[k] & (ESCAPED | NON_ASCII)) !== 0;
  }

  /** The k-th token as an object, for the paths that are not hot (directives, rdata checks). */
  token(k: number): Token {
    return { text: this.tokenText(k), start: this.base + this.tokenStart[k], end: this.base + this.tokenEnd[k], quoted: this.isQuoted(k) };
  }

  tokens(from = 0): Token[] {
    const tokens: Token[] = [];
    for (let k = from; k < this.count; k++) tokens.push(this.token(k));
    return tokens;
  }
}

/** Token flags. */
export const QUOTED = 1;
export const ESCAPED = 2;
export const NON_ASCII = 4;

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const SEMICOLON = 59;
const OPEN = 40;
const CLOSE = 41;
const BACKSLASH = 92;

/** Characters that end an unquoted token: blank, line end, ';', parentheses, quote. */
const ENDS_WORD = new Uint8Array(128);
for (const c of [SPACE, TAB, LF, CR, SEMICOLON, OPEN, CLOSE, QUOTE]) ENDS_WORD[c] = 1;
/** Characters the scan of a quoted string must look at: quote, backslash, line ends. */
const STOPS_STRING = new Uint8Array(128);
for (const c of [QUOTE, BACKSLASH, LF, CR]) STOPS_STRING[c] = 1;

/** Where to start lexing: after an entry that ended at `offset` on line `line` (depth 0). */
export interface LexResume {
  offset: number;
  line: number;
}

/**
 * Hands each entry to `onEntry` as soon as it ends, in one reused `EntryTokens`. Problems go
 * straight into `problems`, so they keep document order with the caller's own. `base` is added
 * to document offsets (records of $INCLUDEd files live far past the document).
 *
 * Written as one loop with plain locals (no closures over mutable state, lookup tables for word
 * and string ends): this runs over every character of every zone on every edit.
 */
export function lexZone(text: string, onEntry: (entry: EntryTokens) => void, problems: Finding[], base = 0, resume?: LexResume): void {
  const entry = new EntryTokens(text, base);
  let depth = 0;
  let openParen = -1;
  let lineStartsBlank = false;
  let entryStart = -1;
  let line = resume?.line ?? 0;
  let entryFirstLine = 0;
  let atLineStart = resume === undefined;
  let i = resume?.offset ?? 0;
  const n = text.length;

  while (i < n) {
    const c = text.charCodeAt(i);
    if (atLineStart) {
      atLineStart = false;
      if (depth === 0) {
        lineStartsBlank = c === SPACE || c === TAB;
        entryFirstLine = line;
      }
    }
    if (c === LF || c === CR) {
      const lineEnd = i;
      if (c === CR && text.charCodeAt(i + 1) === LF) i++;
      i++;
      if (depth === 0) {
        if (entry.count > 0) {
          entry.ownerOmitted = lineStartsBlank;
          entry.start = entryStart;
          entry.end = lineEnd;
          entry.firstLine = entryFirstLine;
          entry.lastLine = line;
          onEntry(entry);
          entry.count = 0;
        }
        entryStart = -1;
      }
      line++;
      atLineStart = true;
      continue;
    }
    if (c === SPACE || c === TAB) {
      i++;
      continue;
    }
    if (c === SEMICOLON) {
      while (i < n) {
        const k = text.charCodeAt(i);
        if (k === LF || k === CR) break;
        i++;
      }
      continue;
    }
    if (entryStart < 0) entryStart = i;
    if (c === OPEN) {
      // BIND's lexer counts nesting (isc_lex paren_count), so "( ( ) )" loads; only the balance matters.
      if (depth === 0) openParen = i;
      depth++;
      i++;
      continue;
    }
    if (c === CLOSE) {
      if (depth === 0) problems.push({ code: 'zone-syntax', start: base + i, end: base + i + 1, message: 'This ")" closes no "(" (RFC 1035 section 5.1); remove it or add the missing "(".' });
      else depth--;
      i++;
      continue;
    }
    if (c === QUOTE) {
      const start = i;
      let flags = QUOTED;
      i++;
      let closed = false;
      while (i < n) {
        const q = text.charCodeAt(i);
        if (q >= 128) {
          flags |= NON_ASCII;
          i++;
          continue;
        }
        if (STOPS_STRING[q] === 0) {
          i++;
          continue;
        }
        if (q === QUOTE) {
          closed = true;
          break;
        }
        if (q === BACKSLASH) {
          flags |= ESCAPED;
          const next = text.charCodeAt(i + 1);
          if (i + 1 < n && next !== LF && next !== CR) {
            if (next >= 128) flags |= NON_ASCII;
            i += 2;
            continue;
          }
          i++;
          continue;
        }
        break; // a line end
      }
      entry.push(start, closed ? i + 1 : i, start + 1, i, flags);
      if (closed) i++;
      else problems.push({ code: 'zone-syntax', start: base + start, end: base + i, message: 'This quoted string is not closed before the end of the line (RFC 1035 section 5.1); add the closing quote.' });
      continue;
    }
    const start = i;
    let flags = 0;
    while (i < n) {
      const w = text.charCodeAt(i);
      if (w === BACKSLASH) {
        flags |= ESCAPED;
        if (i + 1 < n) {
          if (text.charCodeAt(i + 1) >= 128) flags |= NON_ASCII;
          i += 2;
          continue;
        }
      }
      if (w < 128) {
        if (ENDS_WORD[w] === 1) break;
      } else flags |= NON_ASCII;
      i++;
    }
    entry.push(start, i, start, i, flags);
  }
  if (depth > 0) problems.push({ code: 'zone-syntax', start: base + openParen, end: base + openParen + 1, message: 'This "(" is never closed, so the rest of the file is read as one record (RFC 1035 section 5.1); add the missing ")".' });
  if (entry.count > 0) {
    entry.ownerOmitted = lineStartsBlank;
    entry.start = entryStart;
    entry.end = n;
    entry.firstLine = entryFirstLine;
    entry.lastLine = line;
    onEntry(entry);
  }
}

/**
 * The tokens between `from` and `to` of `text`, read by the rules of `lexZone`. Records keep only
 * the offsets of their rdata and read it again here when asked: the entry was lexed once already,
 * so this finds the same tokens (problems were reported then).
 */
export function lexRange(text: string, from: number, to: number, base: number): Token[] {
  const tokens: Token[] = [];
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB || c === LF || c === CR || c === OPEN || c === CLOSE) {
      i++;
      continue;
    }
    if (c === SEMICOLON) {
      while (i < to) {
        const k = text.charCodeAt(i);
        if (k === LF || k === CR) break;
        i++;
      }
      continue;
    }
    const start = i;
    if (c === QUOTE) {
      i++;
      let closed = false;
      while (i < text.length) {
        const q = text.charCodeAt(i);
        if (q === QUOTE) {
          closed = true;
          break;
        }
        if (q === BACKSLASH) {
          const next = text.charCodeAt(i + 1);
          if (i + 1 < text.length && next !== LF && next !== CR) {
            i += 2;
            continue;
          }
        }
        if (q === LF || q === CR) break;
        i++;
      }
      tokens.push({ text: text.slice(start + 1, i), start: base + start, end: base + (closed ? i + 1 : i), quoted: true });
      if (closed) i++;
      continue;
    }
    while (i < text.length) {
      const w = text.charCodeAt(i);
      if (w === BACKSLASH && i + 1 < text.length) {
        i += 2;
        continue;
      }
      if (w < 128 && ENDS_WORD[w] === 1) break;
      i++;
    }
    tokens.push({ text: text.slice(start, i), start: base + start, end: base + i, quoted: false });
  }
  return tokens;
}

export interface DecodedString {
  /** One char per octet (latin1). */
  octets: string;
  segments: TxtSegment[];
  /** Offset in `octets` is relative to this string; `segments[].at` too. */
  badEscape?: { start: number; end: number };
}

/**
 * Decodes a character-string's escapes (`\X` is X, `\DDD` is the octet DDD) into octets.
 * Non-ASCII characters become their UTF-8 octets, since DNS carries octets, not characters.
 */
/**
 * `at` places the octets after earlier strings of the same value, and `into` (when given)
 * receives the segments instead of a new array.
 */
export function decodeCharacterString(token: Token, at = 0, into?: TxtSegment[]): DecodedString {
  const raw = token.text;
  const sourceBase = token.start + (token.quoted ? 1 : 0);
  const segments: TxtSegment[] = into ?? [];
  // Most strings are plain ASCII without escapes: one run, the text as written.
  if (!raw.includes('\\') && PLAIN_ASCII.test(raw)) {
    if (raw.length > 0) segments.push({ at, length: raw.length, source: sourceBase, sourceLength: raw.length });
    return { octets: raw, segments };
  }
  let octets = '';
  let badEscape: DecodedString['badEscape'];
  let runStart = -1;
  let runAt = 0;
  const flushRun = (endIndex: number) => {
    if (runStart >= 0 && endIndex > runStart) {
      segments.push({ at: at + runAt, length: endIndex - runStart, source: sourceBase + runStart, sourceLength: endIndex - runStart });
      octets += raw.slice(runStart, endIndex);
    }
    runStart = -1;
  };
  for (let i = 0; i < raw.length; ) {
    const c = raw.charCodeAt(i);
    if (c === BACKSLASH) {
      flushRun(i);
      const d = raw.slice(i + 1, i + 4);
      if (/^\d{3}$/.test(d)) {
        const value = Number(d);
        if (value > 255 && !badEscape) badEscape = { start: sourceBase + i, end: sourceBase + i + 4 };
        segments.push({ at: at + octets.length, length: 1, source: sourceBase + i, sourceLength: 4 });
        octets += String.fromCharCode(value & 0xff);
        i += 4;
      } else if (i + 1 < raw.length) {
        const next = raw.codePointAt(i + 1)!;
        const width = next > 0xffff ? 2 : 1;
        const bytes = utf8Latin1(String.fromCodePoint(next));
        segments.push({ at: at + octets.length, length: bytes.length, source: sourceBase + i, sourceLength: 1 + width });
        octets += bytes;
        i += 1 + width;
      } else {
        if (!badEscape) badEscape = { start: sourceBase + i, end: sourceBase + i + 1 };
        i++;
      }
      continue;
    }
    if (c < 0x80) {
      if (runStart < 0) {
        runStart = i;
        runAt = octets.length;
      }
      i++;
      continue;
    }
    flushRun(i);
    const cp = raw.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const bytes = utf8Latin1(String.fromCodePoint(cp));
    segments.push({ at: at + octets.length, length: bytes.length, source: sourceBase + i, sourceLength: width });
    octets += bytes;
    i += width;
  }
  flushRun(raw.length);
  return { octets, segments, badEscape };
}

const PLAIN_ASCII = /^[\x00-\x7f]*$/;

function utf8Latin1(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}
