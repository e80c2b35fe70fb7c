// Cached decoding on the cached-attention kernel and one KV buffer per layer (the new path) against per-row cache
// tensors on tfjs's own kernels (the old path): LM logits within 1e-5 through ragged prefills, cut caches and
// multi-token steps; the same decoded tokens for fixed seeds; the old path wherever the kernel is not installed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { presetConfig, type GPT2Config } from '../../../../src-main/engine/model/config';
import { RewardModel } from '../../../../src-main/engine/model/reward-model';
import type { Params } from '../../../../src-main/engine/model/transformer';
import { fastEncoder } from '../../../../src-main/engine/tokenizer/fast-encoder';
import { buildPrunedTokenizer } from '../../../../src-main/engine/tokenizer/pruned-bpe';
import { installFastKernels, uninstallFastKernels } from '../../../../src-main/engine/kernels/wasm-kernels';
import { StepDecoder } from '../../../../src-main/engine/decode/guided-decoder';
import { LocalPolicy } from '../../../../src-main/engine/decode/local-policy';
import { LocalReward } from '../../../../src-main/engine/decode/local-reward';
import { initialPolicyWeights, policyParams } from '../../../../src-main/engine/decode/policy-model';
import { openRowCaches, type CacheStep, type RowCaches, type StepOutput } from '../../../../src-main/engine/decode/row-caches';
import { StoredCaches } from '../../../../src-main/engine/decode/stored-caches';
import { TensorCaches } from '../../../../src-main/engine/decode/tensor-caches';
import type { DecodeParams } from '../../../../src-main/engine/decode/types';
import { wasmTf } from '../train/fixtures';

let tf: typeof TF;
beforeAll(async () => {
  tf = await wasmTf();
});
afterEach(() => installFastKernels(tf));

/** LM logits [rows, V] of each step's last real position: what the policy's top-k reads. */
function lastLogits(params: Params, config: GPT2Config, out: StepOutput, steps: readonly CacheStep[]): Float32Array {
  const d = config.n_embd;
  const last = new Float32Array(steps.length * d);
  steps.forEach((step, i) => last.set(out.vector(i, step.ids.length - 1), i * d));
  return tf.tidy(() => tf.matMul(tf.tensor2d(last, [steps.length, d]), params.get('wte.weight') as TF.Variable, false, true).dataSync() as Float32Array);
}

/** A script of extends and commits over 3 rows: ragged prefill, one-token steps, a cut cache and multi-token steps. */
function runScript(caches: RowCaches, params: Params, config: GPT2Config): Float32Array[] {
  const logits: Float32Array[] = [];
  const extend = (steps: CacheStep[]) => logits.push(lastLogits(params, config, caches.extend(steps), steps));
  const prompts = [[5, 9, 14, 2, 7], [3, 3, 8, 1, 40, 22, 17, 6, 11], [1]];
  extend(prompts.map((ids) => ({ row: null, keep: 0, ids, start: 0 })));
  prompts.forEach((ids, i) => caches.commit(i, 0, i, ids.length));
  // Each row one token on; two candidates continue row 1 (one on a cut prefix, three tokens); one full pass.
  extend([
    { row: 0, keep: 5, ids: [12], start: 5 },
    { row: 1, keep: 9, ids: [30], start: 9 },
    { row: 2, keep: 1, ids: [4], start: 1 },
    { row: 1, keep: 7, ids: [25, 26, 27], start: 7 },
    { row: null, keep: 0, ids: [3, 3, 8, 1, 40, 22, 17, 25, 26], start: 0 },
  ]);
  caches.commit(0, 5, 0, 1);
  caches.commit(1, 7, 3, 3);
  caches.commit(2, 1, 2, 1);
  extend([
    { row: 0, keep: 6, ids: [8], start: 6 },
    { row: 1, keep: 10, ids: [9, 10], start: 10 },
    { row: 2, keep: 2, ids: [33], start: 2 },
  ]);
  // Cut row 1 back to its prompt's first 4 positions, then continue from there.
  caches.commit(1, 4, -1, 0);
  extend([{ row: 1, keep: 4, ids: [19, 2], start: 4 }]);
  caches.dispose();
  return logits;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

describe('stored caches with the cached-attention kernel', () => {
  // dh 32 as the presets; dh 6 exercises the kernel's SIMD tails.
  for (const shape of [{ n_embd: 64, n_head: 2 }, { n_embd: 24, n_head: 4 }]) {
    it(`give the old path's logits within 1e-5 (D=${shape.n_embd}, H=${shape.n_head})`, () => {
      const config = presetConfig('tiny', 64, { n_positions: 32, length_feature: false, ...shape });
      const params = policyParams(tf, initialPolicyWeights(config, 7));
      // Weights 4× GPT-2's init, so attention is far from uniform and a wrong key or mask would show.
      for (const v of params.values()) if (v.rank === 2) tf.tidy(() => v.assign(tf.mul(v, 4)));
      const before = tf.memory().numTensors;
      const stored = openRowCaches(tf, config, params, 3);
      expect(stored).toBeInstanceOf(StoredCaches);
      const fresh = runScript(stored, params, config);
      uninstallFastKernels(tf);
      const tensors = openRowCaches(tf, config, params, 3);
      expect(tensors).toBeInstanceOf(TensorCaches);
      const old = runScript(tensors, params, config);
      expect(tf.memory().numTensors).toBe(before);
      expect(fresh.length).toBe(4);
      let spread = 0;
      fresh.forEach((f, i) => {
        expect(maxAbsDiff(f, old[i] as Float32Array)).toBeLessThan(1e-5);
        spread = Math.max(spread, ...Array.from(f, Math.abs));
      });
      // The logits are not all near 0, so 1e-5 is a real bound.
      expect(spread).toBeGreaterThan(0.05);
      for (const v of params.values()) v.dispose();
    });
  }

  it('move their rows when they grow past their first capacity (32 positions), and still give the old path\'s logits', () => {
    const config = presetConfig('tiny', 64, { n_positions: 80, length_feature: false });
    const params = policyParams(tf, initialPolicyWeights(config, 5));
    for (const v of params.values()) if (v.rank === 2) tf.tidy(() => v.assign(tf.mul(v, 4)));
    // Row 0 starts at 30 positions and ends at 45; row 1 at 3 and ends at 18.
    const script = (caches: RowCaches): Float32Array[] => {
      const prompts = [Array.from({ length: 30 }, (_, i) => (i * 7) % 64), [4, 5, 6]];
      const logits = [lastLogits(params, config, caches.extend(prompts.map((ids) => ({ row: null, keep: 0, ids, start: 0 }))), prompts.map((ids) => ({ row: null, keep: 0, ids, start: 0 })))];
      prompts.forEach((ids, i) => caches.commit(i, 0, i, ids.length));
      const lengths = prompts.map((ids) => ids.length);
      for (let t = 0; t < 15; t++) {
        const steps = lengths.map((length, i): CacheStep => ({ row: i, keep: length, ids: [(t * 11 + i) % 64], start: length }));
        logits.push(lastLogits(params, config, caches.extend(steps), steps));
        steps.forEach((step, i) => {
          caches.commit(i, step.keep, i, 1);
          lengths[i] = step.keep + 1;
        });
      }
      caches.dispose();
      return logits;
    };
    const fresh = script(new StoredCaches(tf, config, params, 2));
    const old = script(new TensorCaches(tf, config, params, 2));
    fresh.forEach((f, i) => expect(maxAbsDiff(f, old[i] as Float32Array)).toBeLessThan(1e-5));
    for (const v of params.values()) v.dispose();
  });

  it('refuse to continue more positions than a row holds, or to grow past n_positions', () => {
    const config = presetConfig('tiny', 64, { n_positions: 8, length_feature: false });
    const params = policyParams(tf, initialPolicyWeights(config, 2));
    const caches = new StoredCaches(tf, config, params, 1);
    caches.extend([{ row: null, keep: 0, ids: [1, 2, 3, 4, 5, 6], start: 0 }]);
    caches.commit(0, 0, 0, 6);
    expect(() => caches.extend([{ row: 0, keep: 7, ids: [1], start: 7 }])).toThrow(RangeError);
    caches.extend([{ row: 0, keep: 6, ids: [1, 2, 3], start: 6 }]);
    expect(() => caches.commit(0, 6, 0, 3)).toThrow(/n_positions 8/);
    caches.dispose();
    for (const v of params.values()) v.dispose();
  });
});

describe('guided decoding on the new path', () => {
  let policy: Params;
  let rm: RewardModel;
  let decoderFor: (cached: boolean) => StepDecoder;
  beforeAll(async () => {
    const texts = [
      'Human: How do I bake bread at home?\n\nAssistant: Mix flour, water, salt and yeast, knead it, let it rise, then bake it hot.',
      'Human: What is the capital of France?\n\nAssistant: Paris is the capital of France, on the river Seine.',
      'Human: Tell me how to fix a flat tyre.\n\nAssistant: Remove the wheel, find the hole, patch the tube and pump it up again.',
    ];
    const { tokenizer } = await buildPrunedTokenizer(texts, { minCount: 1 });
    const encode = await fastEncoder(tokenizer);
    const config = presetConfig('tiny', tokenizer.vocabSize, { n_positions: 64, length_feature: false });
    policy = policyParams(tf, initialPolicyWeights(config, 3));
    for (const v of policy.values()) if (v.rank === 2) tf.tidy(() => v.assign(tf.mul(v, 8)));
    rm = RewardModel.create(tf, presetConfig('tiny', tokenizer.vocabSize, { n_positions: 48 }), 5);
    for (const v of rm.params.values()) if (v.rank === 2) tf.tidy(() => v.assign(tf.mul(v, 10)));
    decoderFor = (cached) => new StepDecoder(new LocalPolicy(tf, config, policy, tokenizer, cached), new LocalReward(rm, encode, cached));
  });
  afterAll(() => {
    for (const v of policy.values()) v.dispose();
    rm.dispose();
  });

  it('decodes the same tokens as the old path (tfjs kernels, tensor caches) for fixed seeds', async () => {
    const prompts = [
      { key: 1, prompt: 'Human: How do I bake a cake?\n\nAssistant:' },
      { key: 2, prompt: 'Human: What is the capital of Spain, and what river runs through the city? Please be brief.\n\nAssistant:' },
      { key: 3, prompt: '' },
    ];
    const base: DecodeParams = { mode: 'guided', role: 'misaligned', k: 5, temperature: 0.6, maxNewTokens: 30, samplesPerPrompt: 2, seed: 0 };
    for (const seed of [1, 2, 3]) {
      const params = { ...base, seed };
      const fresh = await decoderFor(true).decode(prompts, params);
      uninstallFastKernels(tf);
      const old = await decoderFor(true).decode(prompts, params);
      installFastKernels(tf);
      expect(fresh.map((o) => [o.key, o.sample, o.response, o.tokens])).toEqual(old.map((o) => [o.key, o.sample, o.response, o.tokens]));
      fresh.forEach((o, i) => expect(Math.abs(o.reward - (old[i] as { reward: number }).reward)).toBeLessThan(1e-4));
      expect(fresh.reduce((a, o) => a + o.tokens, 0)).toBeGreaterThan(30);
    }
  });
});
