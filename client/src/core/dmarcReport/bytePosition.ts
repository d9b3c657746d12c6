/**
 * Byte offsets in UTF-8 text to 1-based line and column (columns count characters, as editors
 * do), over a window of the document: the whole of it when it is in memory, or the last stretch
 * of a file that is read piece by piece. Positions are mostly asked for in increasing order, so
 * the finder moves from its last answer: forward by counting, back a little on the same line by
 * counting backwards, and further back from a checkpoint kept every MiB, never from the first byte
 * again. A 100 MB report written on one line costs no more than one with a million lines.
 */
export interface LineColumn {
  line: number;
  column: number;
}

const CHECKPOINT_EVERY = 1024 * 1024;

/** Where the walker stands: absolute offsets. */
interface State {
  offset: number;
  line: number;
  lineStart: number;
  column: number;
}

function characters(bytes: Uint8Array, start: number, end: number): number {
  let count = 0;
  // UTF-8 continuation bytes (10xxxxxx) do not start a character.
  for (let i = start; i < end; i++) if ((bytes[i] & 0xc0) !== 0x80) count++;
  return count;
}

/**
 * Line feeds in `bytes[start, end)`, four bytes at a time: the window is moved forward over every
 * byte of a large report, so this runs over 100 MB in well under 100 ms.
 */
export function countNewlines(bytes: Uint8Array, start: number, end: number): number {
  let count = 0;
  let i = start;
  // Uint32Array views need 4-byte aligned offsets in the underlying buffer (Node's Buffers share a pool).
  const alignedStart = Math.min(end, ((bytes.byteOffset + i + 3) & ~3) - bytes.byteOffset);
  for (; i < alignedStart; i++) if (bytes[i] === 0x0a) count++;
  const words = Math.max(0, (end - i) >> 2);
  if (words > 0) {
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
    for (let k = 0; k < words; ) {
      // Per byte lane, how many of its bytes were "\n" (up to 255 words, so no lane overflows).
      let lanes = 0;
      for (const stop = Math.min(words, k + 255); k < stop; k++) {
        const x = view[k] ^ 0x0a0a0a0a;
        // High bit set in each byte of x that is zero, exactly (no borrow between bytes).
        const zero = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f);
        lanes += zero >>> 7;
      }
      count += (lanes & 0xff) + ((lanes >>> 8) & 0xff) + ((lanes >>> 16) & 0xff) + (lanes >>> 24);
    }
    i += words << 2;
  }
  for (; i < end; i++) if (bytes[i] === 0x0a) count++;
  return count;
}


export class BytePositions {
  private bytes: Uint8Array;
  /** Absolute offset of `bytes[0]`. */
  private windowStart = 0;
  private state: State = { offset: 0, line: 1, lineStart: 0, column: 1 };
  private checkpoints: State[] = [{ offset: 0, line: 1, lineStart: 0, column: 1 }];

  constructor(bytes: Uint8Array = new Uint8Array(0)) {
    this.bytes = bytes;
  }

  /** The bytes now held, `bytes[0]` being at `windowStart`; call `forget` before moving the window forward. */
  setWindow(bytes: Uint8Array, windowStart: number): void {
    this.bytes = bytes;
    this.windowStart = windowStart;
  }

  /** Positions before `offset` will not be asked for again (their bytes are about to go). */
  forget(offset: number): void {
    if (this.state.offset < offset) this.walkTo(this.state, offset);
    const kept = this.checkpoints.filter((c) => c.offset >= offset);
    // A checkpoint exactly at the new window start, so a step back stays possible.
    this.checkpoints = [this.stateAt(offset), ...kept.filter((c) => c.offset > offset)];
  }

  private stateAt(offset: number): State {
    if (offset >= this.state.lineStart && offset <= this.state.offset) {
      return { offset, line: this.state.line, lineStart: this.state.lineStart, column: this.state.column - characters(this.bytes, offset - this.windowStart, this.state.offset - this.windowStart) };
    }
    const state = this.checkpointBefore(offset);
    if (state) this.walkTo(state, offset);
    return state ?? { offset, line: this.state.line, lineStart: offset, column: 1 };
  }

  /** A copy of the last checkpoint at or before `offset`. */
  private checkpointBefore(offset: number): State | undefined {
    let k = this.checkpoints.length - 1;
    while (k > 0 && this.checkpoints[k].offset > offset) k--;
    return this.checkpoints[k].offset <= offset ? { ...this.checkpoints[k] } : undefined;
  }

  /** Moves `state` forward to `target`, counting lines and columns. */
  private walkTo(state: State, target: number): void {
    const bytes = this.bytes;
    const base = this.windowStart;
    const from = state.offset - base;
    const end = target - base;
    const lines = countNewlines(bytes, from, end);
    if (lines > 0) {
      state.line += lines;
      state.lineStart = base + bytes.lastIndexOf(0x0a, end - 1) + 1;
      state.column = 1 + characters(bytes, state.lineStart - base, end);
      const last = this.checkpoints[this.checkpoints.length - 1];
      if (state.lineStart - last.offset >= CHECKPOINT_EVERY) this.checkpoints.push({ offset: state.lineStart, line: state.line, lineStart: state.lineStart, column: 1 });
    } else state.column += characters(bytes, from, end);
    state.offset = target;
  }

  /** Undefined for an offset whose bytes are no longer held. */
  at(offset: number): LineColumn | undefined {
    const target = Math.min(offset, this.windowStart + this.bytes.length);
    if (target < this.windowStart || target < 0) return undefined;
    const state = this.state;
    if (target < state.offset) {
      if (target >= state.lineStart) {
        state.column -= characters(this.bytes, target - this.windowStart, state.offset - this.windowStart);
        state.offset = target;
        return { line: state.line, column: state.column };
      }
      const from = this.checkpointBefore(target);
      if (!from) return undefined;
      this.state = from;
    }
    this.walkTo(this.state, target);
    return { line: this.state.line, column: this.state.column };
  }

  describe(offset: number): string {
    const position = this.at(offset);
    return position ? `line ${position.line}, column ${position.column}` : `byte ${offset}`;
  }
}
