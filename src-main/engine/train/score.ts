// Scoring: r(chosen), r(rejected) and their margin for a list of pairs, in bucketed batches, results in input order.
import { buildPairTensors, disposePairTensors, type PairTensors, type TokPair } from '../model/pair-batch';
import type { RewardModel } from '../model/reward-model';
import { fitPairs, planBatches, DEFAULT_BUCKETS } from './buckets';

export interface PairScore {
  chosen: number;
  rejected: number;
  /** chosen − rejected: > 0 when the model agrees with the label. */
  margin: number;
}

export interface ScoreOptions {
  model: RewardModel;
  pairs: readonly TokPair[];
  batchSize?: number;
  tokenBudget?: number;
  /** Positions per pair; defaults to the model's n_positions. */
  maxLength?: number;
  bucketBoundaries?: readonly number[];
  signal?: AbortSignal;
  /** Called after each batch with pairs scored so far. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Runs the model over every pair in bucketed batches (forward only) and gives each batch's rows to `read`, which
 * returns one result per member; results come back in input order. Throws the signal's reason if aborted between
 * batches.
 */
async function mapPairBatches<R>(
  options: ScoreOptions,
  read: (model: RewardModel, tensors: PairTensors, members: number) => Promise<R[]>,
): Promise<R[]> {
  const { model, signal, onProgress } = options;
  const { tf, config } = model;
  const context = Math.min(options.maxLength ?? config.n_positions, config.n_positions);
  const pairs = fitPairs(options.pairs, context);
  const plan = planBatches(pairs, {
    batchSize: options.batchSize ?? 32,
    tokenBudget: options.tokenBudget ?? 32768,
    context,
    boundaries: options.bucketBoundaries ?? DEFAULT_BUCKETS,
  });
  const out: R[] = new Array<R>(pairs.length);
  let done = 0;
  for (const batch of plan) {
    signal?.throwIfAborted();
    const members = batch.indices.map((i) => pairs[i] as TokPair);
    const tensors = buildPairTensors(tf, config, members, batch.promptLen, batch.responseLen);
    try {
      const results = await read(model, tensors, members.length);
      batch.indices.forEach((pairIndex, row) => (out[pairIndex] = results[row] as R));
    } finally {
      disposePairTensors(tensors);
    }
    done += members.length;
    onProgress?.(done, pairs.length);
  }
  return out;
}

/** Scores every pair (forward only, no gradients). */
export function scorePairs(options: ScoreOptions): Promise<PairScore[]> {
  return mapPairBatches(options, async (model, tensors, b) => {
    const rewards = model.tf.tidy(() => model.rewardPairs(tensors));
    const values = (await rewards.data()) as Float32Array;
    rewards.dispose();
    return Array.from({ length: b }, (_, row) => {
      const chosen = values[row] as number;
      const rejected = values[b + row] as number;
      return { chosen, rejected, margin: chosen - rejected };
    });
  });
}

/**
 * Cosine distance (1 − cos) between the model's pooled representations of each pair's chosen and rejected
 * response: small when the model sees the two responses as nearly the same (MARS's semantic layer).
 */
export function responseDistances(options: ScoreOptions): Promise<number[]> {
  return mapPairBatches(options, async (model, tensors, b) => {
    const features = model.tf.tidy(() => model.responseFeatures(tensors));
    const values = (await features.data()) as Float32Array;
    const d = features.shape[1];
    features.dispose();
    return Array.from({ length: b }, (_, row) => cosineDistance(values, row * d, (b + row) * d, d));
  });
}

function cosineDistance(v: Float32Array, a: number, c: number, d: number): number {
  let dot = 0;
  let na = 0;
  let nc = 0;
  for (let k = 0; k < d; k++) {
    const x = v[a + k] as number;
    const y = v[c + k] as number;
    dot += x * y;
    na += x * x;
    nc += y * y;
  }
  const norm = Math.sqrt(na * nc);
  return norm === 0 ? 1 : 1 - dot / norm;
}
