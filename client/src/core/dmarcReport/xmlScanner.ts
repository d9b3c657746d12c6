/**
 * A streaming, byte-level XML reader for reports from strangers. It checks well-formedness (XML
 * 1.0: names, tag nesting, attribute syntax, references, characters) in one pass over UTF-8 bytes
 * and hands start tags, text ranges and end tags to a handler, so no document tree is ever built
 * and a 100 MB report costs little more than its bytes.
 *
 * Safety is by construction: a DOCTYPE is refused (no DTD means no entity can be defined, so
 * "billion laughs" and external entities such as file:///etc/passwd cannot exist), references are
 * limited to the five predefined entities and character references, and text is never turned into
 * numbers here. The first error stops the scan with its byte offset.
 *
 * Why not fast-xml-parser: its validator plus parser took 10 s and 340 MB for a 100 MB report
 * (libxml2 streams the same in 0.5 s); see docs/benchmarks.md.
 */

export const TEXT_NOT_BLANK = 1;
export const TEXT_HAS_REFERENCE = 2;
export const TEXT_HAS_NON_ASCII = 4;
export const TEXT_CDATA = 8;

/** Offsets called `at` are absolute (from the start of the document); `start`/`end` index `bytes`. */
export interface XmlHandler {
  /**
   * `local` is the name without its namespace prefix; `at` is where its "<" is; `nameId` is the
   * same small number for every occurrence of the name (or -1), for look-up tables.
   */
  open(local: string, at: number, qname: string, nameId: number): void;
  /**
   * A run of character data, not decoded: use `decodeXmlText` now, as `bytes` is only valid
   * during the call. Blank runs are not reported.
   */
  text(bytes: Uint8Array, start: number, end: number, flags: number, at: number): void;
  close(local: string, at: number): void;
}

export interface XmlScanError {
  code: string;
  message: string;
  offset: number;
  /** Elements still open when the input ended, outermost first (for the "unclosed" error). */
  unclosed?: Array<{ name: string; offset: number }>;
}

export interface XmlScanOptions {
  /** Called about every `progressEvery` bytes with the offset reached (`total` is 0 when unknown). */
  onProgress?: (offset: number, total: number) => void;
  progressEvery?: number;
  /** Attributes of the root element, e.g. its xmlns. */
  onRootAttributes?: (attributes: Array<[string, string]>) => void;
  /** Words for a position inside a message ("line 3, column 5"); byte offsets otherwise. */
  describeOffset?: (offset: number) => string;
  /** The names of an earlier document, to go on with: the numbers it gave to names stay the same. */
  names?: NameTable;
}

const NAME_START = 1;
const NAME_CHAR = 2;
const NAME_CLASS = (() => {
  const table = new Uint8Array(256);
  for (let c = 0; c < 256; c++) {
    const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    // Bytes of multi-byte UTF-8 sequences: XML 1.0 (5th edition) allows nearly all non-ASCII name characters.
    if (letter || c === 0x5f || c === 0x3a || c >= 0x80) table[c] = NAME_START | NAME_CHAR;
    else if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e) table[c] = NAME_CHAR;
  }
  return table;
})();

/** Per byte of character data: 0 for white space, else the TEXT_ flags it sets, or a stop. */
const LESS_THAN = 64;
const FORBIDDEN = 128;
const TEXT_CLASS = (() => {
  const table = new Uint8Array(256);
  for (let c = 0; c < 256; c++) {
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) table[c] = 0;
    else if (c < 0x20) table[c] = FORBIDDEN;
    else if (c === 0x3c) table[c] = LESS_THAN;
    else if (c === 0x26) table[c] = TEXT_NOT_BLANK | TEXT_HAS_REFERENCE;
    else if (c >= 0x80) table[c] = TEXT_NOT_BLANK | TEXT_HAS_NON_ASCII;
    else table[c] = TEXT_NOT_BLANK;
  }
  return table;
})();

const MAX_DEPTH = 256;
const WFC = 'XML 1.0 section 2.1, well-formed documents';

interface NameEntry {
  /**
   * The name's UTF-8 bytes: a plain array, as a typed array per name costs more than the compares
   * it serves; a typed array for a name too long to be a report's (a plain array takes 8 bytes a byte).
   */
  bytes: ArrayLike<number>;
  qname: string;
  local: string;
  /** Small dense number per distinct name (-1 for names not kept in the table), for handlers' look-up tables. */
  id: number;
  /**
   * The element that was opened next, last time, right after this one was opened, or right after
   * it was closed: reports repeat the same sequence of elements 100,000 times, so the scanner
   * first checks the bytes for that name before it hashes and looks up.
   */
  afterOpen: NameEntry | undefined;
  afterClose: NameEntry | undefined;
}

/**
 * Element names repeat millions of times in a large report; each distinct one becomes a string
 * once. An open-addressing table on the name's hash (a Map keyed by a 32-bit hash would box half
 * the keys): a look-up is a hash compare and a byte compare.
 */
const NAME_TABLE_SLOTS = 1024;
/** A report uses about 40 names; a document with hundreds is not a report, and past this its names are decoded each time. */
const MAX_NAMES = 512;
const nameDecoder = new TextDecoder('utf-8');

export class NameTable {
  private readonly hashes = new Int32Array(NAME_TABLE_SLOTS);
  private readonly entries = new Array<NameEntry | undefined>(NAME_TABLE_SLOTS);
  private size = 0;

  /** True once new names are no longer kept (and get no number). */
  get full(): boolean {
    return this.size >= MAX_NAMES;
  }

  get(bytes: Uint8Array, start: number, end: number, hash: number, colon: number): NameEntry {
    const length = end - start;
    const mask = NAME_TABLE_SLOTS - 1;
    let slot = (hash ^ (hash >>> 13)) & mask;
    for (let entry = this.entries[slot]; entry !== undefined; entry = this.entries[(slot = (slot + 1) & mask)]) {
      if (this.hashes[slot] !== hash || entry.bytes.length !== length) continue;
      let same = true;
      for (let k = 0; k < length; k++) {
        if (entry.bytes[k] !== bytes[start + k]) {
          same = false;
          break;
        }
      }
      if (same) return entry;
    }
    let copy: ArrayLike<number>;
    let qname: string;
    if (length <= 64) {
      const short = new Array<number>(length);
      let ascii = true;
      for (let k = 0; k < length; k++) {
        short[k] = bytes[start + k];
        if (short[k] >= 0x80) ascii = false;
      }
      copy = short;
      qname = ascii ? String.fromCharCode(...short) : nameDecoder.decode(bytes.subarray(start, end));
    } else {
      copy = bytes.slice(start, end);
      qname = nameDecoder.decode(copy as Uint8Array);
    }
    const keep = this.size < MAX_NAMES;
    const fresh: NameEntry = { bytes: copy, qname, local: colon >= 0 ? qname.slice(qname.indexOf(':') + 1) : qname, id: keep ? this.size : -1, afterOpen: undefined, afterClose: undefined };
    if (keep) {
      this.size++;
      this.hashes[slot] = hash;
      this.entries[slot] = fresh;
    }
    return fresh;
  }
}

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

const PREDEFINED = ['lt', 'gt', 'amp', 'apos', 'quot'];

/** Checks the reference starting at `at` ("&"); returns its end (after ";") or an error. */
function checkReference(bytes: Uint8Array, at: number, end: number): number | XmlScanError {
  let i = at + 1;
  if (bytes[i] === 0x23) {
    i++;
    const hex = bytes[i] === 0x78;
    if (hex) i++;
    const digitsStart = i;
    let value = 0;
    for (; i < end && i - digitsStart < 8; i++) {
      const c = bytes[i];
      const digit = c >= 0x30 && c <= 0x39 ? c - 0x30 : hex && c >= 0x61 && c <= 0x66 ? c - 0x57 : hex && c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
      if (digit < 0) break;
      value = value * (hex ? 16 : 10) + digit;
    }
    if (i === digitsStart || bytes[i] !== 0x3b) return { code: 'report-xml-malformed', message: `A character reference is not written as &#digits; or &#xhex; (XML 1.0 section 4.1). Escape a literal "&" as &amp;.`, offset: at };
    if (!isXmlChar(value)) return { code: 'report-xml-malformed', message: `The character reference refers to U+${value.toString(16).toUpperCase().padStart(4, '0')}, which XML does not allow (XML 1.0 section 2.2).`, offset: at };
    return i + 1;
  }
  const nameStart = i;
  while (i < end && i - nameStart < 64 && NAME_CLASS[bytes[i]] & NAME_CHAR) i++;
  if (i === nameStart || bytes[i] !== 0x3b) return { code: 'report-xml-malformed', message: `A bare "&" is not allowed in XML text (XML 1.0 section 2.4). The reporter should have written &amp;.`, offset: at };
  let name = '';
  for (let k = nameStart; k < i; k++) name += String.fromCharCode(bytes[k]);
  if (!PREDEFINED.includes(name)) {
    return {
      code: 'report-xml-entity',
      message: `The entity &${name}; is not defined (XML 1.0 section 4.1, "Entity Declared"). Reports use no entities besides &lt; &gt; &amp; &apos; &quot;, and this preview never expands entities, so the report is refused.`,
      offset: at,
    };
  }
  return i + 1;
}

function checkReferences(bytes: Uint8Array, start: number, end: number): XmlScanError | undefined {
  for (let i = bytes.indexOf(0x26, start); i >= 0 && i < end; i = bytes.indexOf(0x26, i)) {
    const after = checkReference(bytes, i, end);
    if (typeof after !== 'number') return after;
    i = after;
  }
  return undefined;
}

function indexOfSequence(bytes: Uint8Array, sequence: readonly number[], from: number): number {
  const first = sequence[0];
  for (let i = bytes.indexOf(first, from); i >= 0; i = bytes.indexOf(first, i + 1)) {
    let k = 1;
    while (k < sequence.length && bytes[i + k] === sequence[k]) k++;
    if (k === sequence.length) return i;
  }
  return -1;
}

const COMMENT_END = [0x2d, 0x2d, 0x3e];
const CDATA_END = [0x5d, 0x5d, 0x3e];
const PI_END = [0x3f, 0x3e];
const CDATA_OPEN = [0x5b, 0x43, 0x44, 0x41, 0x54, 0x41, 0x5b];
const DOCTYPE = [0x44, 0x4f, 0x43, 0x54, 0x59, 0x50, 0x45];

function matchesAt(bytes: Uint8Array, at: number, sequence: ArrayLike<number>): boolean {
  for (let k = 0; k < sequence.length; k++) if (bytes[at + k] !== sequence[k]) return false;
  return true;
}

function startsWith(bytes: Uint8Array, at: number, sequence: readonly number[]): boolean {
  for (let k = 0; k < sequence.length; k++) if (bytes[at + k] !== sequence[k]) return false;
  return true;
}

function controlCharacter(c: number): string {
  return `The control character U+${c.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML (XML 1.0 section 2.2).`;
}

function describeByte(c: number): string {
  return c === undefined ? 'the end of the file' : c >= 0x21 && c < 0x7f ? `"${String.fromCharCode(c)}"` : `byte 0x${c.toString(16).padStart(2, '0')}`;
}

let nameHash = 0;
let nameColon = -1;

/** End of the XML name starting at `i` (`i` itself when there is none); leaves its hash in `nameHash`. */
function nameEnd(bytes: Uint8Array, i: number, n: number): number {
  if (i >= n || !(NAME_CLASS[bytes[i]] & NAME_START)) return i;
  let hash = 0x811c9dc5;
  let colon = -1;
  for (; i < n; i++) {
    const c = bytes[i];
    if (!(NAME_CLASS[c] & NAME_CHAR)) break;
    if (c === 0x3a) colon = i;
    hash = Math.imul(hash ^ c, 16777619);
  }
  nameHash = hash;
  nameColon = colon;
  return i;
}

function skipSpaces(bytes: Uint8Array, i: number, n: number): number {
  while (i < n) {
    const c = bytes[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) break;
    i++;
  }
  return i;
}

/**
 * Feed it the document in pieces (or all at once with `final`). Each call reads every construct
 * that is complete in the bytes given and returns how many bytes it consumed; the caller keeps
 * the rest and passes it again, followed by more, next time. Events carry absolute offsets.
 */
export class XmlScanner {
  error: XmlScanError | undefined;
  /** Absolute offset of the first byte of the next `feed`. */
  base = 0;
  private readonly names: NameTable;
  private readonly stack: NameEntry[] = [];
  private readonly stackOffsets: number[] = [];
  private rootClosed = false;
  private rootName = '';
  private nextProgress: number;
  private sawAnything = false;
  /** Where `scan` stops when a method returns -1: the start of a cut construct, or 0 after an error. */
  private stopAt = 0;
  /** Set by startTagRest. */
  private selfClosing = false;
  /** The element of the last start or end tag, and which it was, for NameEntry.afterOpen and afterClose. */
  private last: NameEntry | undefined;
  private lastOpened = false;

  constructor(
    private readonly handler: XmlHandler,
    private readonly options: XmlScanOptions = {},
  ) {
    this.nextProgress = options.progressEvery ?? 8 * 1024 * 1024;
    this.names = options.names ?? new NameTable();
  }

  /** Reads the complete constructs in `bytes`; returns the number of bytes consumed. */
  feed(bytes: Uint8Array, final: boolean): number {
    if (this.error) return 0;
    const consumed = this.scan(bytes, final);
    this.base += consumed;
    if (final && !this.error) this.finish();
    return consumed;
  }

  private fail(code: string, message: string, offset: number): number {
    this.error = { code, message, offset: this.base + offset };
    return 0;
  }

  private describe(offset: number): string {
    return (this.options.describeOffset ?? ((at: number) => `byte ${at}`))(offset);
  }

  private finish(): void {
    const { stack, stackOffsets } = this;
    if (stack.length > 0) {
      const innermost = stack[stack.length - 1];
      this.error = {
        code: 'report-xml-unclosed',
        message: `The file ends before <${innermost.qname}> is closed (${WFC}); the report is truncated or malformed. Download it again.`,
        offset: stackOffsets[stackOffsets.length - 1],
        unclosed: stack.map((entry, k) => ({ name: entry.qname, offset: stackOffsets[k] })),
      };
    } else if (!this.rootClosed) {
      this.error = { code: 'report-empty', message: this.sawAnything ? 'The file holds no XML element, so there is no report in it.' : 'The file is empty, so there is no report in it.', offset: 0 };
    } else this.options.onProgress?.(this.base, this.base);
  }

  /**
   * A construct that runs past the bytes given: in a final feed an error, otherwise the scan stops
   * before it (at its start) and goes on there when more bytes come. Returns what `scan` returns.
   */
  private cut(what: string, at: number, final: boolean): number {
    return final ? this.fail('report-xml-malformed', `The file ends inside ${what} (${WFC}); the report is truncated.`, at) : at;
  }

  /**
   * Returns the bytes consumed, or 0 with `error` set. This loop runs for every byte of a 100 MB
   * report, so it holds only character data, end tags and start tags without attributes; the
   * rest (attributes, comments, CDATA, processing instructions, errors) are methods of their own,
   * which keeps it small for the JIT to optimise early and to re-optimise quickly.
   */
  private scan(bytes: Uint8Array, final: boolean): number {
    const n = bytes.length;
    const { names, stack, stackOffsets, handler, base } = this;
    let i = 0;
    while (i < n) {
      if (bytes[i] !== 0x3c) {
        // Character data up to the next "<": one table look-up per byte.
        const start = i;
        let flags = 0;
        for (; i < n; i++) {
          const kind = TEXT_CLASS[bytes[i]];
          if (kind === 0) continue;
          if (kind === LESS_THAN) break;
          if (kind === FORBIDDEN) return this.fail('report-xml-malformed', controlCharacter(bytes[i]), i);
          flags |= kind;
        }
        if (i >= n && !final) return start;
        if (flags & TEXT_NOT_BLANK) {
          if (!this.characterData(bytes, start, i, flags)) return 0;
        }
        continue;
      }
      this.sawAnything = true;
      const tagStart = i;
      if (base + i >= this.nextProgress) this.progress(base + i);
      if (i + 1 >= n) return this.cut('a tag', tagStart, final);
      const next = bytes[i + 1];
      if (next === 0x2f) {
        // End tag. It nearly always closes the element on top of the stack: compare bytes, no lookup.
        i += 2;
        const top = stack[stack.length - 1];
        let name: NameEntry | undefined;
        if (top !== undefined && i + top.bytes.length < n && matchesAt(bytes, i, top.bytes) && !(NAME_CLASS[bytes[i + top.bytes.length]] & NAME_CHAR)) {
          name = top;
          i += top.bytes.length;
        } else {
          const end = nameEnd(bytes, i, n);
          if (end > i) name = names.get(bytes, i, end, nameHash, nameColon);
          i = end;
        }
        if (bytes[i] !== 0x3e) i = skipSpaces(bytes, i, n);
        if (i >= n) return this.cut('an end tag', tagStart, final);
        if (name === undefined || bytes[i] !== 0x3e || name !== top) {
          const problem = this.endTagProblem(bytes, i, name, tagStart);
          if (problem) return 0;
        }
        i++;
        const open = stack.pop()!;
        stackOffsets.pop();
        this.last = open;
        this.lastOpened = false;
        handler.close(open.local, base + tagStart);
        if (stack.length === 0) this.rootClosed = true;
        continue;
      }
      if (next === 0x3f || next === 0x21) {
        i = this.markup(bytes, i, n, final);
        if (i < 0) return this.stopAt;
        continue;
      }
      // Start tag.
      i++;
      const last = this.last;
      const predicted = last === undefined ? undefined : this.lastOpened ? last.afterOpen : last.afterClose;
      let name: NameEntry | undefined;
      if (predicted !== undefined && i + predicted.bytes.length < n && matchesAt(bytes, i, predicted.bytes) && !(NAME_CLASS[bytes[i + predicted.bytes.length]] & NAME_CHAR)) {
        name = predicted;
        i += predicted.bytes.length;
      } else {
        const nameStop = nameEnd(bytes, i, n);
        if (nameStop >= n) return this.cut('a start tag', tagStart, final);
        name = nameStop > i ? names.get(bytes, i, nameStop, nameHash, nameColon) : undefined;
        i = nameStop;
        if (name !== undefined && last !== undefined) {
          if (this.lastOpened) last.afterOpen = name;
          else last.afterClose = name;
        }
      }
      if (name === undefined) return this.fail('report-xml-malformed', `"<" is not followed by an element name (found ${describeByte(bytes[i])}); a literal "<" in text must be written &lt; (${WFC}).`, tagStart);
      const isRoot = stack.length === 0;
      let selfClosing = false;
      if (bytes[i] === 0x3e && !isRoot) i++;
      else {
        i = this.startTagRest(bytes, i, n, final, name, tagStart);
        if (i < 0) return this.stopAt;
        selfClosing = this.selfClosing;
      }
      if (stack.length >= MAX_DEPTH) return this.fail('report-xml-malformed', `Elements are nested more than ${MAX_DEPTH} deep; a report nests six levels at most, so the preview stops here.`, tagStart);
      handler.open(name.local, base + tagStart, name.qname, name.id);
      this.last = name;
      this.lastOpened = !selfClosing;
      if (selfClosing) {
        handler.close(name.local, base + tagStart);
        if (isRoot) this.rootClosed = true;
      } else {
        stack.push(name);
        stackOffsets.push(base + tagStart);
      }
    }
    return n;
  }

  private progress(offset: number): void {
    this.options.onProgress?.(offset, 0);
    this.nextProgress = offset + (this.options.progressEvery ?? 8 * 1024 * 1024);
  }

  /** Text that is not white space, at `bytes[start, end)`: checked, then handed over. False after an error. */
  private characterData(bytes: Uint8Array, start: number, end: number, flags: number): boolean {
    this.sawAnything = true;
    if (this.stack.length === 0) {
      let at = start;
      while (bytes[at] <= 0x20) at++;
      this.fail('report-xml-malformed', this.rootClosed ? `Text follows the end of the root element </${this.rootName}> (${WFC}); the file may have two reports glued together or trailing garbage.` : `Text appears before the first element (${WFC}); this does not look like an XML report.`, at);
      return false;
    }
    if (flags & TEXT_HAS_REFERENCE) {
      const error = checkReferences(bytes, start, end);
      if (error) {
        this.fail(error.code, error.message, error.offset);
        return false;
      }
    }
    this.handler.text(bytes, start, end, flags, this.base + start);
    return true;
  }

  /**
   * The end tag at `tagStart` is not simply the top element's name and ">": a missing name, a
   * stray character, no open element or another element's name. Returns true after an error;
   * false when it is fine after all (the same name as the top element, from another byte range).
   */
  private endTagProblem(bytes: Uint8Array, i: number, name: NameEntry | undefined, tagStart: number): boolean {
    const { stack, stackOffsets } = this;
    if (!name) {
      this.fail('report-xml-malformed', `"</" is not followed by an element name (${WFC}).`, tagStart);
      return true;
    }
    if (bytes[i] !== 0x3e) {
      this.fail('report-xml-malformed', `The end tag </${name.qname}> is not closed by ">" (found ${describeByte(bytes[i])}) (${WFC}).`, i);
      return true;
    }
    const open = stack[stack.length - 1];
    if (!open) {
      this.fail('report-xml-malformed', `The end tag </${name.qname}> has no matching start tag (${WFC}).`, tagStart);
      return true;
    }
    if (open !== name && open.qname !== name.qname) {
      this.fail('report-xml-malformed', `Expected </${open.qname}> to close the element opened at ${this.describe(stackOffsets[stackOffsets.length - 1])}, found </${name.qname}> (${WFC}, element type match).`, tagStart);
      return true;
    }
    return false;
  }

  /** A processing instruction (the XML declaration is one), a comment, a CDATA section or a DOCTYPE at `i`. Returns the index after it, or -1 (see stopAt). */
  private markup(bytes: Uint8Array, i: number, n: number, final: boolean): number {
    const tagStart = i;
    const stop = (consumed: number) => {
      this.stopAt = consumed;
      return -1;
    };
    if (bytes[i + 1] === 0x3f) {
      // Processing instruction; the XML declaration is one, allowed only at the very start.
      i += 2;
      const targetEnd = nameEnd(bytes, i, n);
      if (targetEnd >= n) return stop(this.cut('a processing instruction', tagStart, final));
      const target = targetEnd > i ? this.names.get(bytes, i, targetEnd, nameHash, nameColon) : undefined;
      i = targetEnd;
      if (!target) return stop(this.fail('report-xml-malformed', `"<?" is not followed by a processing instruction name (XML 1.0 section 2.6).`, tagStart));
      if (target.qname.toLowerCase() === 'xml' && this.base + tagStart !== 0) return stop(this.fail('report-xml-malformed', `The XML declaration <?xml ...?> may only appear at the very start of the file (XML 1.0 section 2.8).`, tagStart));
      const end = indexOfSequence(bytes, PI_END, i);
      if (end < 0) return stop(this.cut(`the processing instruction <?${target.qname}`, tagStart, final));
      return end + 2;
    }
    if (i + 9 > n) return stop(this.cut('a comment or declaration', tagStart, final));
    if (bytes[i + 2] === 0x2d && bytes[i + 3] === 0x2d) {
      const end = indexOfSequence(bytes, COMMENT_END, i + 4);
      if (end < 0) return stop(this.cut('a comment (no "-->")', tagStart, final));
      return end + 3;
    }
    if (startsWith(bytes, i + 2, CDATA_OPEN)) {
      if (this.stack.length === 0) return stop(this.fail('report-xml-malformed', `A CDATA section appears outside the root element (${WFC}).`, tagStart));
      const start = i + 9;
      const end = indexOfSequence(bytes, CDATA_END, start);
      if (end < 0) return stop(this.cut('a CDATA section (no "]]>")', tagStart, final));
      let flags = TEXT_CDATA;
      for (let k = start; k < end; k++) {
        const kind = TEXT_CLASS[bytes[k]];
        if (kind === FORBIDDEN) return stop(this.fail('report-xml-malformed', controlCharacter(bytes[k]), k));
        if (kind & TEXT_NOT_BLANK) flags |= kind & (TEXT_NOT_BLANK | TEXT_HAS_NON_ASCII);
      }
      if (flags & TEXT_NOT_BLANK) this.handler.text(bytes, start, end, flags, this.base + start);
      return end + 3;
    }
    if (startsWith(bytes, i + 2, DOCTYPE)) {
      return stop(
        this.fail(
          'report-doctype',
          'The report contains a DOCTYPE declaration. Aggregate reports have no DTD (RFC 7489 appendix C, RFC 9990 appendix A), and a DTD can define entities that expand to gigabytes ("billion laughs") or read files from this computer (external entities), so the preview refuses the report without reading the DTD.',
          tagStart,
        ),
      );
    }
    return stop(this.fail('report-xml-malformed', `"<!" must start a comment, a CDATA section or a DOCTYPE (${WFC}).`, tagStart));
  }

  /**
   * The rest of a start tag after its name: attributes, then ">" or "/>" (sets selfClosing).
   * Also where the root element is noted. Returns the index after the tag, or -1 (see stopAt).
   */
  private startTagRest(bytes: Uint8Array, i: number, n: number, final: boolean, name: NameEntry, tagStart: number): number {
    const stop = (consumed: number) => {
      this.stopAt = consumed;
      return -1;
    };
    const isRoot = this.stack.length === 0;
    if (isRoot && this.rootClosed) return stop(this.fail('report-xml-malformed', `A second root element <${name.qname}> follows the first one (${WFC}); a report file holds exactly one <feedback>.`, tagStart));
    let attributes: Array<[string, string]> | undefined;
    this.selfClosing = false;
    for (;;) {
      const spaceStart = i;
      i = skipSpaces(bytes, i, n);
      if (i >= n) return stop(this.cut(`the start tag <${name.qname}>`, tagStart, final));
      const spaced = i > spaceStart;
      const d = bytes[i];
      if (d === 0x3e) {
        i++;
        break;
      }
      if (d === 0x2f && i + 1 >= n) return stop(this.cut(`the start tag <${name.qname}>`, tagStart, final));
      if (d === 0x2f && bytes[i + 1] === 0x3e) {
        i += 2;
        this.selfClosing = true;
        break;
      }
      if (!spaced) return stop(this.fail('report-xml-malformed', `Expected a space, ">" or "/>" in the start tag <${name.qname}>, found ${describeByte(d)} (XML 1.0 section 3.1).`, i));
      const attributeStart = i;
      const attributeEnd = nameEnd(bytes, i, n);
      if (attributeEnd >= n) return stop(this.cut(`the start tag <${name.qname}>`, tagStart, final));
      const attribute = attributeEnd > i ? this.names.get(bytes, i, attributeEnd, nameHash, nameColon) : undefined;
      i = attributeEnd;
      if (!attribute) return stop(this.fail('report-xml-malformed', `Expected an attribute name in the start tag <${name.qname}>, found ${describeByte(bytes[i])} (XML 1.0 section 3.1).`, i));
      i = skipSpaces(bytes, i, n);
      if (i >= n) return stop(this.cut(`the start tag <${name.qname}>`, tagStart, final));
      if (bytes[i] !== 0x3d) return stop(this.fail('report-xml-malformed', `The attribute ${attribute.qname} in <${name.qname}> has no value; XML needs name="value" (XML 1.0 section 3.1).`, i));
      i = skipSpaces(bytes, i + 1, n);
      if (i >= n) return stop(this.cut(`the start tag <${name.qname}>`, tagStart, final));
      const quote = bytes[i];
      if (quote !== 0x22 && quote !== 0x27) return stop(this.fail('report-xml-malformed', `The value of the attribute ${attribute.qname} in <${name.qname}> is not quoted (XML 1.0 section 3.1).`, i));
      const valueStart = ++i;
      for (; i < n && bytes[i] !== quote; i++) {
        const v = bytes[i];
        if (v === 0x3c) return stop(this.fail('report-xml-malformed', `"<" is not allowed in the value of the attribute ${attribute.qname} (XML 1.0 section 3.1, "No < in Attribute Values").`, i));
        if (v < 0x20 && v !== 0x09 && v !== 0x0a && v !== 0x0d) return stop(this.fail('report-xml-malformed', controlCharacter(v), i));
      }
      if (i >= n) return stop(this.cut(`the value of the attribute ${attribute.qname}`, tagStart, final));
      const referenceError = checkReferences(bytes, valueStart, i);
      if (referenceError) return stop(this.fail(referenceError.code, referenceError.message, referenceError.offset));
      const value = decodeXmlText(bytes, valueStart, i, TEXT_HAS_REFERENCE | TEXT_HAS_NON_ASCII);
      i++;
      attributes ??= [];
      if (attributes.some(([existing]) => existing === attribute.qname)) return stop(this.fail('report-xml-malformed', `The attribute ${attribute.qname} appears twice in <${name.qname}> (XML 1.0 section 3.1, "Unique Att Spec").`, attributeStart));
      attributes.push([attribute.qname, value]);
    }
    if (isRoot) {
      this.rootName = name.qname;
      if (attributes) this.options.onRootAttributes?.(attributes);
    }
    return i;
  }
}

/** The whole document at once. */
export function scanXml(bytes: Uint8Array, handler: XmlHandler, options: XmlScanOptions = {}): XmlScanError | undefined {
  const scanner = new XmlScanner(handler, options);
  scanner.feed(bytes, true);
  return scanner.error;
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629 section 4) in the range, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c < 0x80) continue;
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= end) return i;
    let code = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const d = bytes[i + k];
      if ((d & 0xc0) !== 0x80) return i;
      code = (code << 6) | (d & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need;
  }
  return -1;
}

const decoder = new TextDecoder('utf-8');
const REFERENCE = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(lt|gt|amp|apos|quot));/g;
const PREDEFINED_TEXT: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/** ASCII without references, the usual case, skips TextDecoder, which costs more than the copy for short values. */
const charCodes: number[] = [];

function asciiText(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 64) {
    // One reused array and one call: faster than building the string a character at a time.
    charCodes.length = end - start;
    for (let k = start; k < end; k++) charCodes[k - start] = bytes[k];
    return String.fromCharCode.apply(null, charCodes);
  }
  return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
}

/**
 * The text of a range the scanner reported, references resolved. Invalid UTF-8 becomes U+FFFD;
 * call `firstInvalidUtf8` first to report it.
 */
export function decodeXmlText(bytes: Uint8Array, start: number, end: number, flags: number): string {
  let text = flags & TEXT_HAS_NON_ASCII ? decoder.decode(bytes.subarray(start, end)) : asciiText(bytes, start, end);
  if (flags & TEXT_HAS_REFERENCE && !(flags & TEXT_CDATA)) {
    text = text.replace(REFERENCE, (_m, hex: string | undefined, dec: string | undefined, named: string | undefined) => (named ? PREDEFINED_TEXT[named] : String.fromCodePoint(parseInt(hex ?? dec!, hex ? 16 : 10))));
  }
  return text;
}
