// Length bucketing: pairs are grouped by (prompt length, response length) buckets and padded to the bucket, so
// a batch wastes little compute on padding and shapes repeat (fewer distinct kernels to set up).
import { truncatePair, type TokPair } from '../model/pair-batch';
import type { SeededRng } from '../model/rng';

/** Bucket edges in tokens; a length pads up to the first edge ≥ it (or to the context when beyond the last). */
export const DEFAULT_BUCKETS: readonly number[] = [8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024];

export interface BatchingOptions {
  /** Pairs per batch at most. */
  batchSize: number;
  /** Padded tokens per batch at most (B·(Lp + 2·Lr)); long buckets get fewer pairs per batch to bound memory. */
  tokenBudget: number;
  /** Positions a pair may use (prompt + response); longer pairs are truncated by `truncatePair`. */
  context: number;
  boundaries: readonly number[];
}

/** One batch: indices into the (truncated) pair list and the lengths it pads to. */
export interface PlannedBatch {
  indices: number[];
  promptLen: number;
  responseLen: number;
}

export function bucketLength(length: number, boundaries: readonly number[], context: number): number {
  if (length === 0) return 0;
  for (const edge of boundaries) if (edge >= length) return Math.min(edge, context);
  return context;
}

/** Truncates every pair to the context (prompt cut from the left, see truncatePair). */
export function fitPairs(pairs: readonly TokPair[], context: number): TokPair[] {
  return pairs.map((p) => truncatePair(p, context));
}

/**
 * Groups pairs into bucketed batches. With an rng the pairs are shuffled before grouping and the batches shuffled
 * after (training); without one the order is by bucket then input order (scoring). Group sizes depend only on
 * lengths, so every epoch has the same number of batches.
 */
export function planBatches(pairs: readonly TokPair[], options: BatchingOptions, rng?: SeededRng): PlannedBatch[] {
  const order = pairs.map((_, i) => i);
  if (rng) rng.shuffle(order);
  const groups = new Map<string, { lp: number; lr: number; indices: number[] }>();
  for (const i of order) {
    const pair = pairs[i] as TokPair;
    const lp = bucketLength(pair.prompt.length, options.boundaries, options.context);
    const lr = bucketLength(Math.max(pair.chosen.length, pair.rejected.length, 1), options.boundaries, options.context);
    const key = `${lp}/${lr}`;
    const group = groups.get(key) ?? { lp, lr, indices: [] };
    group.indices.push(i);
    groups.set(key, group);
  }
  const batches: PlannedBatch[] = [];
  const keys = [...groups.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  for (const key of keys) {
    const { lp, lr, indices } = groups.get(key) as { lp: number; lr: number; indices: number[] };
    const perBatch = Math.max(1, Math.min(options.batchSize, Math.floor(options.tokenBudget / (lp + 2 * lr))));
    for (let s = 0; s < indices.length; s += perBatch) {
      batches.push({ indices: indices.slice(s, s + perBatch), promptLen: lp, responseLen: lr });
    }
  }
  return rng ? rng.shuffle(batches) : batches;
}
