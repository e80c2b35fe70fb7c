// Finds the lines of a source file that hold invalid UTF-8 bytes, while the bytes stream through unchanged, so a
// row whose text decoding turned such bytes into U+FFFD can be rejected with an issue instead of imported as is.
import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';

const NEWLINE = 0x0a;

/** One byte of the UTF-8 well-formedness table (Unicode 15, table 3-7): lead bytes set what may follow. */
interface Pending {
  /** Continuation bytes still expected. */
  need: number;
  /** Allowed range of the next continuation byte (narrower after E0, ED, F0, F4: no overlongs, surrogates). */
  lo: number;
  hi: number;
}

/**
 * A pass-through Transform that validates UTF-8 across chunk boundaries and records the 1-based line numbers
 * (counted on LF bytes, as the readers count them) where an invalid or truncated sequence sits.
 */
export class Utf8LineCheck extends Transform {
  readonly badLines = new Set<number>();
  private line = 1;
  private pending: Pending = { need: 0, lo: 0x80, hi: 0xbf };

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const cut = this.pending.need === 0 ? completePrefix(chunk) : 0;
    // Fast path: the complete part is valid (the usual case); only newlines need counting, natively.
    if (cut > 0 && isUtf8(chunk.subarray(0, cut))) {
      this.line += countNewlines(chunk, cut);
      this.scan(chunk, cut);
    } else this.scan(chunk, 0);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    // The file ends inside a multi-byte sequence.
    if (this.pending.need > 0) this.badLines.add(this.line);
    done();
  }

  /** True when any line in [first, last] holds invalid bytes. */
  hits(first: number, last: number): boolean {
    if (this.badLines.size === 0) return false;
    for (let line = first; line <= last; line++) if (this.badLines.has(line)) return true;
    return false;
  }

  private scan(bytes: Buffer, from: number): void {
    let p = this.pending;
    for (let i = from; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (p.need > 0) {
        if (b >= p.lo && b <= p.hi) {
          p = { need: p.need - 1, lo: 0x80, hi: 0xbf };
          continue;
        }
        // The sequence broke off; this byte starts afresh.
        this.badLines.add(this.line);
        p = { need: 0, lo: 0x80, hi: 0xbf };
      }
      if (b < 0x80) {
        if (b === NEWLINE) this.line++;
      } else if (b >= 0xc2 && b <= 0xdf) p = { need: 1, lo: 0x80, hi: 0xbf };
      else if (b === 0xe0) p = { need: 2, lo: 0xa0, hi: 0xbf };
      else if (b === 0xed) p = { need: 2, lo: 0x80, hi: 0x9f };
      else if (b >= 0xe1 && b <= 0xef) p = { need: 2, lo: 0x80, hi: 0xbf };
      else if (b === 0xf0) p = { need: 3, lo: 0x90, hi: 0xbf };
      else if (b >= 0xf1 && b <= 0xf3) p = { need: 3, lo: 0x80, hi: 0xbf };
      else if (b === 0xf4) p = { need: 3, lo: 0x80, hi: 0x8f };
      else this.badLines.add(this.line);
    }
    this.pending = p;
  }
}

/** Length of the chunk without a multi-byte sequence it ends in the middle of (at most 3 bytes shorter). */
function completePrefix(chunk: Buffer): number {
  for (let back = 1; back <= Math.min(4, chunk.length); back++) {
    const b = chunk[chunk.length - back]!;
    if (b < 0x80) return chunk.length;
    if (b >= 0xc0) {
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return length > back ? chunk.length - back : chunk.length;
    }
  }
  return chunk.length;
}

function countNewlines(bytes: Buffer, end: number): number {
  let n = 0;
  let at = bytes.indexOf(NEWLINE);
  while (at !== -1 && at < end) {
    n++;
    at = bytes.indexOf(NEWLINE, at + 1);
  }
  return n;
}
