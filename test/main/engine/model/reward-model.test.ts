// The reward model's shared-prompt path, padding invariance, LM head causality and HF-named weights, on wasm.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { presetConfig, type GPT2Config } from '../../../../src-main/engine/model/config';
import { parameterShapes } from '../../../../src-main/engine/model/params';
import { buildPairTensors, lengthFeature, truncatePair, type TokPair } from '../../../../src-main/engine/model/pair-batch';
import { RewardModel } from '../../../../src-main/engine/model/reward-model';
import { scorePairs } from '../../../../src-main/engine/train/score';
import { SeededRng } from '../../../../src-main/engine/model/rng';
import { wasmTf } from '../train/fixtures';

let tf: typeof TF;
const models: RewardModel[] = [];
beforeAll(async () => {
  tf = await wasmTf();
});
afterEach(() => {
  while (models.length) models.pop()?.dispose();
});

const V = 50;
function make(overrides: Partial<GPT2Config> = {}, seed = 1): RewardModel {
  // Larger init than GPT-2's 0.02 so rewards differ visibly between inputs and a wrong mask would show.
  const model = RewardModel.create(tf, presetConfig('tiny', V, { n_embd: 32, n_head: 4, n_positions: 64, ...overrides }), seed);
  for (const v of model.params.values()) if (v.rank === 2) tf.tidy(() => v.assign(tf.mul(v, 10)));
  models.push(model);
  return model;
}

function randomIds(rng: SeededRng, n: number): number[] {
  return Array.from({ length: n }, () => 1 + Math.floor(rng.next() * (V - 1)));
}

function randomPairs(seed: number, count: number): TokPair[] {
  const rng = new SeededRng(seed);
  return Array.from({ length: count }, () => ({
    prompt: randomIds(rng, 1 + Math.floor(rng.next() * 20)),
    chosen: randomIds(rng, 1 + Math.floor(rng.next() * 12)),
    rejected: randomIds(rng, 1 + Math.floor(rng.next() * 12)),
  }));
}

describe('RewardModel shared-prompt path', () => {
  for (const pooling of ['last', 'mean'] as const) {
    it(`equals the plain concatenated forward pass (${pooling} pooling)`, async () => {
      const model = make({ pooling });
      const pairs = randomPairs(3, 6);
      const scores = await scorePairs({ model, pairs, bucketBoundaries: [32] });
      const spread = new Set(scores.map((s) => s.chosen.toFixed(3)));
      expect(spread.size).toBeGreaterThan(3);
      pairs.forEach((p, i) => {
        const score = scores[i] as { chosen: number; rejected: number };
        expect(score.chosen).toBeCloseTo(model.rewardSequence([...p.prompt, ...p.chosen], p.prompt.length), 4);
        expect(score.rejected).toBeCloseTo(model.rewardSequence([...p.prompt, ...p.rejected], p.prompt.length), 4);
      });
    });
  }

  it('adds score.length_weight · feature(response tokens) identically on both paths when length_feature is on', async () => {
    const model = make({ length_feature: true });
    const pairs = randomPairs(4, 6);
    const before = await scorePairs({ model, pairs, bucketBoundaries: [32] });
    const weight = model.params.get('score.length_weight') as TF.Variable;
    expect(weight.shape).toEqual([1]);
    expect(weight.dataSync()[0]).toBe(0);
    tf.tidy(() => weight.assign(tf.tensor1d([0.5])));
    const after = await scorePairs({ model, pairs, bucketBoundaries: [32] });
    pairs.forEach((p, i) => {
      const [b, a] = [before[i], after[i]] as [{ chosen: number }, { chosen: number }];
      expect(a.chosen - b.chosen).toBeCloseTo(0.5 * lengthFeature(p.chosen.length), 4);
      expect(a.chosen).toBeCloseTo(model.rewardSequence([...p.prompt, ...p.chosen], p.prompt.length), 4);
    });
  });

  it('gives a pair the same scores alone and padded in a batch with others', async () => {
    const model = make();
    const pairs = randomPairs(5, 9);
    const together = await scorePairs({ model, pairs, bucketBoundaries: [64] });
    for (const i of [0, 4, 8]) {
      const alone = await scorePairs({ model, pairs: [pairs[i] as TokPair], bucketBoundaries: [1, 2, 4, 8, 16, 32] });
      expect(together[i]?.chosen).toBeCloseTo(alone[0]?.chosen as number, 4);
      expect(together[i]?.rejected).toBeCloseTo(alone[0]?.rejected as number, 4);
    }
  });

  it('truncates long prompts from the left and keeps the response whole', async () => {
    const model = make({ n_positions: 16 });
    const pair = { prompt: Array.from({ length: 30 }, (_, i) => 1 + (i % 40)), chosen: [5, 6, 7], rejected: [8, 9, 10, 11] };
    const cut = truncatePair(pair, 16);
    expect(Array.from(cut.prompt)).toEqual(pair.prompt.slice(30 - 12));
    expect(Array.from(cut.rejected)).toEqual(pair.rejected);
    const [score] = await scorePairs({ model, pairs: [pair] });
    expect(score?.rejected).toBeCloseTo(model.rewardSequence([...cut.prompt, ...pair.rejected], cut.prompt.length), 4);
  });

  it('lets gradients from both responses reach the shared prompt pass', () => {
    const model = make();
    const batch = buildPairTensors(tf, model.config, [{ prompt: [1, 2, 3], chosen: [4], rejected: [5] }], 3, 1);
    const wte = model.params.get('wte.weight') as TF.Variable;
    const g = tf.tidy(() => tf.variableGrads(() => tf.sum(model.rewardPairs(batch)) as TF.Scalar, [wte]).grads[wte.name]?.dataSync());
    const row = (id: number) => Array.from((g as Float32Array).slice(id * 32, id * 32 + 32));
    for (const id of [1, 2, 3, 4, 5]) expect(row(id).some((x) => x !== 0)).toBe(true);
    expect(row(6).every((x) => x === 0)).toBe(true);
  });
});

describe('RewardModel language-model head', () => {
  it('returns [N, T, V] logits that depend only on earlier tokens', () => {
    const model = make();
    const a = [[3, 8, 1, 9, 4, 7]];
    const b = [[3, 8, 1, 22, 30, 2]];
    const [la, lb] = [a, b].map((ids) => tf.tidy(() => {
      const logits = model.lmLogits(tf.tensor2d(ids, [1, 6], 'int32'));
      expect(logits.shape).toEqual([1, 6, V]);
      return logits.arraySync()[0] as number[][];
    }));
    for (let t = 0; t < 3; t++) (la?.[t] ?? []).forEach((x, v) => expect(x).toBeCloseTo(lb?.[t]?.[v] as number, 4));
    const changed = (la?.[3] ?? []).some((x, v) => Math.abs(x - (lb?.[3]?.[v] as number)) > 1e-3);
    expect(changed).toBe(true);
  });
});

describe('RewardModel weights', () => {
  it('exposes HF GPT-2 names and Conv1D shapes and round-trips through getWeights/setWeights', async () => {
    const model = make();
    const w = await model.getWeights();
    expect(w.get('h.1.attn.c_attn.weight')?.shape).toEqual([32, 96]);
    expect(w.get('h.0.mlp.c_proj.weight')?.shape).toEqual([128, 32]);
    expect(w.get('score.weight')?.shape).toEqual([1, 32]);
    expect([...w.keys()]).toEqual(parameterShapes(model.config).map(([n]) => n));
    const other = RewardModel.fromWeights(tf, model.config, w);
    models.push(other);
    expect(other.rewardSequence([1, 2, 3], 2)).toBeCloseTo(model.rewardSequence([1, 2, 3], 2), 6);
    const bad = new Map(w);
    bad.set('wte.weight', { data: new Float32Array(4), shape: [2, 2] });
    expect(() => other.setWeights(bad)).toThrow(/wte.weight has shape \[2,2\]/);
  });

  it('builds the bow preset (depth 0, mean pooling) from the same code', async () => {
    const model = RewardModel.create(tf, presetConfig('bow', V), 2);
    models.push(model);
    expect(model.config.n_layer).toBe(0);
    const [s] = await scorePairs({ model, pairs: randomPairs(9, 1) });
    expect(Number.isFinite(s?.margin)).toBe(true);
  });
});
