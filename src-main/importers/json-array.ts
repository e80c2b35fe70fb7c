// Streams the elements of one top-level JSON array without holding the file: a small scanner that tracks strings, escapes and nesting.
import type { SourceRecord } from './types';

type State = 'between' | 'element' | 'after';

/**
 * Feed text chunks after the opening "[" has been seen; get each element's text and starting line.
 * It is deliberately lenient: elements are cut at depth 0 whatever separates them, an unfinished
 * element at the end and any text after the closing "]" come out as records too, so JSON.parse
 * reports them as malformed instead of them vanishing.
 */
export class JsonArrayScanner {
  private state: State = 'between';
  private line: number;
  private depth = 0;
  private inString = false;
  private escape = false;
  private scalar = false;
  private parts: string[] = [];
  private elementLine = 0;

  constructor(startLine: number) {
    this.line = startLine;
  }

  *push(chunk: string): Generator<SourceRecord> {
    let start = this.state === 'between' ? -1 : 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.state === 'between') {
        if (c === 10) this.line++;
        if (c === 10 || c === 13 || c === 32 || c === 9 || c === 44) continue;
        if (c === 93) {
          this.state = 'after';
          continue;
        }
        this.begin(c);
        start = i;
        continue;
      }
      if (c === 10) this.line++;
      if (this.state === 'after') {
        if (c === 10 || c === 13 || c === 32 || c === 9) continue;
        // Trailing garbage: keep all of it as one record so it is reported.
        this.state = 'element';
        this.scalar = false;
        this.depth = Number.POSITIVE_INFINITY;
        this.elementLine = this.line;
        start = i;
        continue;
      }
      const ended = this.step(c);
      if (ended === 'before') {
        if (c === 10) this.line--;
        yield this.take(chunk.slice(start, i));
        i--;
      } else if (ended === 'after') {
        yield this.take(chunk.slice(start, i + 1));
      }
    }
    if (this.state === 'element' && start >= 0) this.parts.push(chunk.slice(start));
  }

  *end(): Generator<SourceRecord> {
    if (this.state === 'element' && this.parts.length > 0) yield this.take('');
  }

  private begin(c: number): void {
    this.state = 'element';
    this.elementLine = this.line;
    this.depth = 0;
    this.inString = c === 34;
    this.escape = false;
    this.scalar = c !== 34 && c !== 123 && c !== 91;
    if (c === 123 || c === 91) this.depth = 1;
  }

  /** Advances over one character of an element; says whether the element ends before or after it. */
  private step(c: number): 'before' | 'after' | null {
    if (this.inString) {
      if (this.escape) this.escape = false;
      else if (c === 92) this.escape = true;
      else if (c === 34) {
        this.inString = false;
        if (this.depth === 0) return 'after';
      }
      return null;
    }
    if (this.scalar) {
      return c === 44 || c === 93 || c === 10 || c === 13 || c === 32 || c === 9 ? 'before' : null;
    }
    if (c === 34) this.inString = true;
    else if (c === 123 || c === 91) this.depth++;
    else if (c === 125 || c === 93) {
      this.depth--;
      if (this.depth === 0) return 'after';
    }
    return null;
  }

  private take(last: string): SourceRecord {
    this.parts.push(last);
    const text = this.parts.join('');
    this.parts = [];
    this.state = 'between';
    return { line: this.elementLine, text };
  }
}
