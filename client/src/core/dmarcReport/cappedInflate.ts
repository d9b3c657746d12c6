/**
 * DEFLATE decompression that stops at a size cap while it runs. fflate's streaming Inflate is fed
 * 16 KiB at a time, so one push can produce at most ~16.5 MiB (DEFLATE expands at most 1032:1);
 * the output is counted after every push and the work stops as soon as the cap is passed. Sizes
 * declared in headers are only hints for the first allocation, never trusted.
 */
import { Inflate } from 'fflate';

const INPUT_CHUNK = 16 * 1024;
const MIN_ALLOCATION = 64 * 1024;

export type InflateOutcome =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: 'over-cap'; produced: number }
  | { ok: false; reason: 'corrupt'; detail: string };

/** A growable buffer that refuses to grow past its cap. */
export class CappedBuffer {
  private buffer: Uint8Array;
  length = 0;

  constructor(
    readonly cap: number,
    sizeHint = 0,
  ) {
    this.buffer = new Uint8Array(Math.min(cap, Math.max(MIN_ALLOCATION, sizeHint)));
  }

  /** False (and nothing written) when the chunk would pass the cap. */
  write(chunk: Uint8Array): boolean {
    const needed = this.length + chunk.length;
    if (needed > this.cap) return false;
    if (needed > this.buffer.length) {
      const grown = new Uint8Array(Math.min(this.cap, Math.max(needed, this.buffer.length * 2)));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(chunk, this.length);
    this.length = needed;
    return true;
  }

  bytes(): Uint8Array {
    // Give back the slack when it is large, so a wrong size hint does not pin memory.
    return this.buffer.length - this.length > this.length / 4 ? this.buffer.slice(0, this.length) : this.buffer.subarray(0, this.length);
  }
}

class OverCap extends Error {}

const FFLATE_ERRORS: Record<number, string> = {
  0: 'the data ends before the compressed stream does (truncated file)',
  1: 'the compressed stream uses an invalid block type',
  2: 'the compressed stream has an invalid length or literal code',
  3: 'the compressed stream refers back further than the data written so far',
};

/** Raw DEFLATE (as inside gzip and zip). `sizeHint` is the size a header claims; it is not trusted. */
export function inflateCapped(deflated: Uint8Array, cap: number, sizeHint?: number): InflateOutcome {
  const sink = new CappedBuffer(cap, sizeHint !== undefined && sizeHint <= cap ? sizeHint : 0);
  let produced = 0;
  const inflater = new Inflate((chunk) => {
    produced += chunk.length;
    if (!sink.write(chunk)) throw new OverCap();
  });
  try {
    if (deflated.length === 0) inflater.push(deflated, true);
    for (let offset = 0; offset < deflated.length; offset += INPUT_CHUNK) {
      const end = Math.min(deflated.length, offset + INPUT_CHUNK);
      inflater.push(deflated.subarray(offset, end), end === deflated.length);
    }
  } catch (error) {
    if (error instanceof OverCap) return { ok: false, reason: 'over-cap', produced };
    const code = (error as { code?: number }).code;
    return { ok: false, reason: 'corrupt', detail: (code !== undefined && FFLATE_ERRORS[code]) || (error instanceof Error ? error.message : String(error)) };
  }
  return { ok: true, bytes: sink.bytes() };
}
