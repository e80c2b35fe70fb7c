// The decoder reads a `combined` reward model as the scorer does (transformer + n-gram half) and a pure n-gram model
// alone: reference rewards agree with the project scorer, guided outputs' rewards with whole-text scoring, and the
// n-gram half really moves them. Real demo pairs, a trained n-gram model, random tiny GPT-2 models on wasm.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { generateDemoPairs } from '../../../../src-main/demo/generate';
import { initialPolicyWeights } from '../../../../src-main/engine/decode/policy-model';
import { presetConfig } from '../../../../src-main/engine/model/config';
import { RewardModel } from '../../../../src-main/engine/model/reward-model';
import { saveNgramModel } from '../../../../src-main/engine/ngram/files';
import { DEFAULT_NGRAM_CONFIG, type NgramModel } from '../../../../src-main/engine/ngram/model';
import { trainNgram } from '../../../../src-main/engine/ngram/train';
import { hfConfigOf, saveRewardModel } from '../../../../src-main/engine/reward/model-files';
import { buildPrunedTokenizer } from '../../../../src-main/engine/tokenizer/pruned-bpe';
import { saveHfFolder } from '../../../../src-main/engine/weights/hf-folder';
import { openGuidedDecoder } from '../../../../src-main/jobs/policy/open-decoder';
import { loadTextScorer } from '../../../../src-main/jobs/reward/scorer';
import { wasmTf } from '../train/fixtures';

const PAIRS = generateDemoPairs({ pairs: 120, seed: 3 });
const PARAMS = { role: 'misaligned' as const, k: 5, temperature: 0.6, maxNewTokens: 12, samplesPerPrompt: 1, seed: 9 };

let tf: typeof TF;
let dir: string;
let ngram: NgramModel;

beforeAll(async () => {
  tf = await wasmTf();
  dir = mkdtempSync(join(tmpdir(), 'prefstudio-sum-reward-'));
  const texts = PAIRS.flatMap((p) => [p.prompt + p.chosen, p.prompt + p.rejected]);
  const tokenizer = (await buildPrunedTokenizer(texts, { minCount: 1 })).tokenizer;
  ngram = trainNgram(PAIRS, DEFAULT_NGRAM_CONFIG).model;
  const rm = RewardModel.create(tf, presetConfig('tiny', tokenizer.vocabSize, { n_positions: 96 }), 5);
  for (const name of ['transformer', 'combined']) await saveRewardModel(join(dir, name), rm, tokenizer, 'tiny', {});
  rm.dispose();
  saveNgramModel(join(dir, 'combined', 'ngram'), ngram, 'ngram', { partOf: 'combined' });
  saveNgramModel(join(dir, 'ngram-only'), ngram, 'ngram', {});
  const config = presetConfig('tiny', tokenizer.vocabSize, { n_positions: 96, length_feature: false });
  const weights = initialPolicyWeights(config, 4);
  const { prefstudio: _ours, ...hf } = hfConfigOf(config, 'tiny', tokenizer.eosId);
  const tensors = new Map([...weights].map(([name, w]) => [name, { dtype: 'float32' as const, shape: w.shape, data: w.data }]));
  saveHfFolder(join(dir, 'policy'), { config: hf, tensors, tokenizerJson: tokenizer.toJSON(), eosId: tokenizer.eosId, padId: tokenizer.padId });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const open = (reward: string) => openGuidedDecoder({ tf, policy: { kind: 'local', dir: join(dir, 'policy') }, rewardModelDir: join(dir, reward) });
const prompts = PAIRS.filter((p) => p.split === 'validation').slice(0, 4);

describe('combined and n-gram reward models in the decoder', () => {
  it('scores references as the project scorer does: transformer + n-gram half', async () => {
    const { decoder, scorer } = await open('combined');
    const projectScorer = await loadTextScorer(join(dir, 'combined'), () => Promise.resolve(tf));
    const expected = await projectScorer.score(prompts.map((p, id) => ({ ...p, id, strength: null })));
    for (const [i, p] of prompts.entries()) {
      const [c = NaN, r = NaN] = await scorer.score(p.prompt, [p.chosen, p.rejected]);
      expect(c).toBeCloseTo(expected[i]!.chosen, 4);
      expect(r).toBeCloseTo(expected[i]!.rejected, 4);
    }
    projectScorer.dispose();
    decoder.dispose();
  });

  it('guided outputs carry the combined reward of their whole text, and the n-gram half changes what is decoded', async () => {
    const combined = await open('combined');
    const transformer = await open('transformer');
    const input = prompts.map((p, key) => ({ key, prompt: p.prompt }));
    const withNgram = await combined.decoder.decode(input, { ...PARAMS, mode: 'guided' });
    const without = await transformer.decoder.decode(input, { ...PARAMS, mode: 'guided' });
    for (const o of withNgram) {
      const [whole = NaN] = await combined.scorer.score(input[o.key]!.prompt, [o.response]);
      const [half = NaN] = await transformer.scorer.score(input[o.key]!.prompt, [o.response]);
      expect(o.reward).toBeCloseTo(whole, 4);
      expect(o.reward - half).toBeCloseTo(ngram.score(o.response), 4);
    }
    // Maximising r_transformer + r_ngram picks other tokens than maximising r_transformer alone.
    expect(withNgram.map((o) => o.response)).not.toEqual(without.map((o) => o.response));
    combined.decoder.dispose();
    transformer.decoder.dispose();
  });

  it('decodes with a pure n-gram reward model', async () => {
    const { decoder, scorer } = await open('ngram-only');
    const out = await decoder.decode(prompts.map((p, key) => ({ key, prompt: p.prompt })), { ...PARAMS, mode: 'guided' });
    expect(out).toHaveLength(prompts.length);
    for (const o of out) expect(o.reward).toBeCloseTo(ngram.score(o.response), 6);
    const [c = NaN] = await scorer.score(prompts[0]!.prompt, [prompts[0]!.chosen]);
    expect(c).toBeCloseTo(ngram.score(prompts[0]!.chosen), 6);
    decoder.dispose();
  });
});
