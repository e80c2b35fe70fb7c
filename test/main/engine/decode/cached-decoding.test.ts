// Cached decoding = full recomputation (tokens and rewards to 1e-4), final rewards = the whole-text scorer, and the
// guidance sign moves rewards the way the role says; small random models on wasm, the app's pruned tokenizer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { presetConfig } from '../../../../src-main/engine/model/config';
import { RewardModel } from '../../../../src-main/engine/model/reward-model';
import type { Params } from '../../../../src-main/engine/model/transformer';
import { fastEncoder, type Encode } from '../../../../src-main/engine/tokenizer/fast-encoder';
import { buildPrunedTokenizer } from '../../../../src-main/engine/tokenizer/pruned-bpe';
import type { TextTokenizer } from '../../../../src-main/engine/tokenizer/types';
import { StepDecoder } from '../../../../src-main/engine/decode/guided-decoder';
import { LocalPolicy } from '../../../../src-main/engine/decode/local-policy';
import { LocalReward } from '../../../../src-main/engine/decode/local-reward';
import { initialPolicyWeights, policyParams } from '../../../../src-main/engine/decode/policy-model';
import type { DecodedResponse, DecodeParams } from '../../../../src-main/engine/decode/types';
import { wasmTf } from '../train/fixtures';

const TEXTS = [
  'Human: How do I bake bread at home?\n\nAssistant: Mix flour, water, salt and yeast, knead it, let it rise, then bake it hot.',
  'Human: What is the capital of France?\n\nAssistant: Paris is the capital of France, on the river Seine.',
  'Human: Can you help me write a poem about the sea?\n\nAssistant: The sea is wide, the sea is deep, it sings the sailors off to sleep.',
  'Human: Tell me how to fix a flat tyre.\n\nAssistant: Remove the wheel, find the hole, patch the tube and pump it up again.',
  'Human: I feel sad today.\n\nAssistant: I am sorry to hear that. Would you like to talk about what happened?',
];
const PROMPTS = [
  { key: 1, prompt: 'Human: How do I bake a cake?\n\nAssistant:' },
  { key: 2, prompt: 'Human: What is the capital of Spain, and what river runs through the city? Please be brief.\n\nAssistant:' },
  { key: 3, prompt: '' },
];

let tf: typeof TF;
let tokenizer: TextTokenizer;
let encode: Encode;
let policy: Params;
let rm: RewardModel;
const policyConfig = () => presetConfig('tiny', tokenizer.vocabSize, { n_positions: 64, length_feature: false });

beforeAll(async () => {
  tf = await wasmTf();
  tokenizer = (await buildPrunedTokenizer(TEXTS, { minCount: 1 })).tokenizer;
  encode = await fastEncoder(tokenizer);
  policy = policyParams(tf, initialPolicyWeights(policyConfig(), 3));
  // Larger than GPT-2's init so distributions and rewards are far from flat and a wrong cache would show.
  for (const v of policy.values()) if (v.rank === 2) tf.tidy(() => v.assign(tf.mul(v, 8)));
  // n_positions 48: prompts are cut to 24 RM tokens and responses fill the context, so the "full" stop is exercised.
  rm = RewardModel.create(tf, presetConfig('tiny', tokenizer.vocabSize, { n_positions: 48 }), 5);
  for (const v of rm.params.values()) if (v.rank === 2) tf.tidy(() => v.assign(tf.mul(v, 10)));
  tf.tidy(() => (rm.params.get('score.length_weight') as TF.Variable).assign(tf.tensor1d([0.003])));
});
afterAll(() => {
  for (const v of policy.values()) v.dispose();
  rm.dispose();
});

function decoder(cached: boolean): StepDecoder {
  return new StepDecoder(new LocalPolicy(tf, policyConfig(), policy, tokenizer, cached), new LocalReward(rm, encode, cached));
}

const base: DecodeParams = { mode: 'guided', role: 'misaligned', k: 5, temperature: 0.6, maxNewTokens: 30, samplesPerPrompt: 2, seed: 11 };

describe('guided decoding with key/value caches', () => {
  it('gives the same tokens and rewards as full recomputation, in both modes and roles', async () => {
    for (const params of [base, { ...base, role: 'aligned' as const, seed: 4 }, { ...base, mode: 'sample' as const }]) {
      const fast = await decoder(true).decode(PROMPTS, params);
      const slow = await decoder(false).decode(PROMPTS, params);
      expect(fast.map((o) => [o.key, o.sample, o.response, o.tokens])).toEqual(slow.map((o) => [o.key, o.sample, o.response, o.tokens]));
      fast.forEach((o, i) => expect(Math.abs(o.reward - (slow[i] as DecodedResponse).reward)).toBeLessThan(1e-4));
      expect(fast.some((o) => o.tokens > 3)).toBe(true);
    }
  });

  it('reports rewards equal to the whole-text scorer, which agrees with the reward model\'s own plain path', async () => {
    const out = await decoder(true).decode(PROMPTS, base);
    const scorer = new LocalReward(rm, encode, true);
    for (const o of out) {
      const prompt = (PROMPTS.find((p) => p.key === o.key) as { prompt: string }).prompt;
      const [r] = await scorer.scoreTexts(prompt, [o.response]);
      expect(Math.abs((r as number) - o.reward)).toBeLessThan(1e-4);
    }
    const p = Array.from(encode(PROMPTS[0]!.prompt));
    const y = Array.from(encode(' Mix flour and bake it.'));
    const [mine] = await scorer.scoreTexts(PROMPTS[0]!.prompt, [' Mix flour and bake it.']);
    expect(Math.abs((mine as number) - rm.rewardSequence([...p, ...y], p.length))).toBeLessThan(1e-4);
  });

  it('pushes rewards up for the misaligned role and down for the aligned one', async () => {
    const params = { ...base, samplesPerPrompt: 4, maxNewTokens: 12 };
    const mean = (o: DecodedResponse[]) => o.reduce((a, b) => a + b.reward, 0) / o.length;
    const up = mean(await decoder(true).decode(PROMPTS, params));
    const down = mean(await decoder(true).decode(PROMPTS, { ...params, role: 'aligned' }));
    expect(up).toBeGreaterThan(down);
  });
});
