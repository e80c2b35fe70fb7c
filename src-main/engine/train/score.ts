// Scoring: r(chosen), r(rejected) and their margin for a list of pairs, in bucketed batches, results in input order.
import { buildPairTensors, disposePairTensors, type TokPair } from '../model/pair-batch';
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

/** Scores every pair (forward only, no gradients). Throws the signal's reason if aborted between batches. */
export async function scorePairs(options: ScoreOptions): Promise<PairScore[]> {
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
  const out: PairScore[] = new Array<PairScore>(pairs.length);
  let done = 0;
  for (const batch of plan) {
    signal?.throwIfAborted();
    const members = batch.indices.map((i) => pairs[i] as TokPair);
    const tensors = buildPairTensors(tf, config, members, batch.promptLen, batch.responseLen);
    const rewards = tf.tidy(() => model.rewardPairs(tensors));
    const values = (await rewards.data()) as Float32Array;
    rewards.dispose();
    disposePairTensors(tensors);
    const b = members.length;
    batch.indices.forEach((pairIndex, row) => {
      const chosen = values[row] as number;
      const rejected = values[b + row] as number;
      out[pairIndex] = { chosen, rejected, margin: chosen - rejected };
    });
    done += b;
    onProgress?.(done, pairs.length);
  }
  return out;
}
