// Exact-duplicate detection within an import (and against rows a resumed job already stored), by content hash.
import { createHash } from 'node:crypto';
import { makeIssue } from './row-problem';
import type { PairDraft, RowIssue } from './types';

/** sha256 hex of prompt NUL chosen NUL rejected; the store hashes pairs with this same definition. */
export function contentHash(prompt: string, chosen: string, rejected: string): string {
  return createHash('sha256')
    .update(prompt)
    .update('\u0000')
    .update(chosen)
    .update('\u0000')
    .update(rejected)
    .digest('hex');
}

export class DuplicateTracker {
  private readonly seen = new Map<string, number>();
  private readonly existing: ReadonlySet<string>;

  /** `existing`: hashes already stored for this data set (a resumed job), reported as duplicates without a line. */
  constructor(existing: ReadonlySet<string> = new Set()) {
    this.existing = existing;
  }

  /** Records the pair and returns null, or returns a `duplicate` issue naming the first line it appeared on. */
  check(
    pair: PairDraft,
    file: string,
    hash = contentHash(pair.prompt, pair.chosen, pair.rejected),
  ): RowIssue | null {
    const first = this.seen.get(hash);
    const excerpt = `${pair.prompt.slice(-80)} → ${pair.chosen.slice(0, 80)}`;
    if (first !== undefined) {
      return makeIssue(
        file,
        pair.line,
        'duplicate',
        null,
        `exact duplicate of line ${first} (same prompt, chosen and rejected)`,
        excerpt,
      );
    }
    if (this.existing.has(hash)) {
      return makeIssue(
        file,
        pair.line,
        'duplicate',
        null,
        'exact duplicate of a pair already imported into this data set',
        excerpt,
      );
    }
    this.seen.set(hash, pair.line);
    return null;
  }

  get size(): number {
    return this.seen.size;
  }
}
