// Training mechanics on wasm: flat tensor count, exact resume from a checkpoint, soft cancel, the loss and schedule.
import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { presetConfig } from '../../../../src-main/engine/model/config';
import type { TokPair } from '../../../../src-main/engine/model/pair-batch';
import { RewardModel } from '../../../../src-main/engine/model/reward-model';
import { SeededRng } from '../../../../src-main/engine/model/rng';
import { learningRateAt } from '../../../../src-main/engine/train/adamw';
import { pairwiseLoss } from '../../../../src-main/engine/train/loss';
import { trainRewardModel } from '../../../../src-main/engine/train/trainer';
import type { TrainCheckpoint, TrainHyper } from '../../../../src-main/engine/train/types';
import { wasmTf } from './fixtures';

let tf: typeof TF;
beforeAll(async () => {
  tf = await wasmTf();
});

const V = 30;
/** A learnable toy rule: the chosen response contains token 7, the rejected one does not. */
function toyPairs(seed: number, count: number): TokPair[] {
  const rng = new SeededRng(seed);
  const ids = (n: number) => Array.from({ length: n }, () => 8 + Math.floor(rng.next() * (V - 8)));
  return Array.from({ length: count }, () => {
    const good = ids(2 + Math.floor(rng.next() * 6));
    good.splice(Math.floor(rng.next() * good.length), 0, 7);
    return { prompt: ids(1 + Math.floor(rng.next() * 10)), chosen: good, rejected: ids(2 + Math.floor(rng.next() * 7)), margin: 0.5 };
  });
}

const config = () => presetConfig('tiny', V, { n_embd: 32, n_head: 2, n_layer: 1, n_positions: 32 });
const hyper: Partial<TrainHyper> = { epochs: 2, batchSize: 8, learningRate: 3e-3, progressEvery: 1, bucketBoundaries: [4, 8, 16] };

describe('pairwiseLoss', () => {
  it('is the stable softplus form of −log σ(r_c − r_r − m) plus λ·(r_c + r_r)²', () => {
    const value = tf.tidy(() => pairwiseLoss(tf, tf.tensor1d([200, 1, -200, 2]), tf.tensor1d([0, 1]), 0.1).dataSync()[0]);
    // Pair 1: softplus(−400) ≈ 0; pair 2: softplus(−(1 − 2 − 1)) = softplus(2); centring: mean(0², 3²)·0.1.
    expect(value).toBeCloseTo((Math.log1p(Math.exp(2)) + 0) / 2 + 0.1 * 4.5, 4);
  });

  it('warms up linearly and decays to zero on the cosine schedule', () => {
    expect(learningRateAt(0, 100, 1, 10, 'cosine')).toBeCloseTo(0.1);
    expect(learningRateAt(9, 100, 1, 10, 'cosine')).toBeCloseTo(1);
    expect(learningRateAt(55, 100, 1, 10, 'cosine')).toBeCloseTo(0.5);
    expect(learningRateAt(100, 100, 1, 10, 'linear')).toBeCloseTo(0);
  });
});

describe('trainRewardModel', () => {
  it('learns a toy rule and keeps the tensor count flat across steps', async () => {
    const model = RewardModel.create(tf, config(), 3);
    const counts: number[] = [];
    const result = await trainRewardModel({
      model,
      train: toyPairs(1, 96),
      validation: toyPairs(2, 48),
      seed: 5,
      hyper: { ...hyper, epochs: 4, useMargins: true, centering: 0.01 },
      onProgress: () => counts.push(tf.memory().numTensors),
    });
    expect(counts.length).toBe(result.steps);
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(result.validation?.accuracy).toBeGreaterThan(0.9);
    model.dispose();
  });

  it('resumes from a checkpoint with the same later losses as an uninterrupted run', async () => {
    const train = toyPairs(3, 40);
    const full = RewardModel.create(tf, config(), 4);
    const uninterrupted = await trainRewardModel({ model: full, train, seed: 9, hyper });
    const checkpoints: TrainCheckpoint[] = [];
    const first = RewardModel.create(tf, config(), 4);
    const stop = new AbortController();
    const partial = await trainRewardModel({
      model: first,
      train,
      seed: 9,
      hyper: { ...hyper, checkpointEvery: 3 },
      signal: stop.signal,
      onCheckpoint: (c) => {
        checkpoints.push(c);
        if (c.step === 6) stop.abort();
      },
    });
    expect(partial.cancelled).toBe(true);
    expect(partial.steps).toBe(6);
    const saved = checkpoints.at(-1) as TrainCheckpoint;
    const second = RewardModel.create(tf, config(), 99);
    const resumed = await trainRewardModel({ model: second, train, seed: 9, hyper, resumeFrom: saved });
    expect(uninterrupted.totalSteps).toBeGreaterThan(8);
    expect(resumed.losses).toEqual(uninterrupted.losses.slice(6));
    expect(second.rewardSequence([1, 7, 9], 1)).toBeCloseTo(full.rewardSequence([1, 7, 9], 1), 6);
    for (const m of [full, first, second]) m.dispose();
  });
});
