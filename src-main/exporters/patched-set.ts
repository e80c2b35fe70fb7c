// The patched data set: what reviewers kept — no excluded or discarded pairs, generated pairs only once approved.
import type { ExportInclude, Pair } from '../shared/dto';

/** Origins a reviewer must approve before they count (variants made by augmentation). */
const NEEDS_APPROVAL: ReadonlySet<string> = new Set(['augmented']);

export function keptByReview(pair: Pair): boolean {
  if (pair.reviewStatus === 'excluded' || pair.reviewStatus === 'discarded') return false;
  return !NEEDS_APPROVAL.has(pair.origin) || pair.reviewStatus === 'approved';
}

export function* selectPairs(pairs: Iterable<Pair>, include: ExportInclude): Generator<Pair> {
  for (const pair of pairs) if (include === 'all' || keptByReview(pair)) yield pair;
}
