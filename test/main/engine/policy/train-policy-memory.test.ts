// Policy training on real HH text at context 256: the memory of a step must not grow with batch × context ×
// vocabulary. The LM head's [rows, V] tensors did (about five of them live at once), and 64 held-out examples at
// context 256 went past tfjs-backend-wasm's 4 GiB heap: the `Aborted()` in Sum seen in the discovery bench.
import { describe, expect, it, beforeAll } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { initialPolicyWeights, policyParams } from '../../../../src-main/engine/decode/policy-model';
import { presetConfig } from '../../../../src-main/engine/model/config';
import { policyLoss, trainPolicy, type PolicyExample } from '../../../../src-main/engine/policy/train-policy';
import { buildPrunedTokenizer } from '../../../../src-main/engine/tokenizer/pruned-bpe';
import type { TextTokenizer } from '../../../../src-main/engine/tokenizer/types';
import { loadHH, wasmTf } from '../train/fixtures';

const hh = loadHH();
const CONTEXT = 256;

let tf: typeof TF;
let tokenizer: TextTokenizer;
let longest: PolicyExample[];
beforeAll(async () => {
  if (!hh) return;
  tf = await wasmTf();
  // The vocabulary of the whole sample (~14k tokens), as a project built from it would have.
  tokenizer = (await buildPrunedTokenizer(hh.flatMap((p) => [p.prompt, p.chosen, p.rejected]), { minCount: 1, maxVocab: 32_000 })).tokenizer;
  // Examples that fill the context, so every batch is [rows, 255] wide.
  longest = hh
    .map((p) => ({ prompt: p.prompt, response: p.chosen }))
    .filter((e) => tokenizer.encode(e.prompt).length + tokenizer.encode(e.response).length >= CONTEXT)
    .slice(0, 64);
});

/** Peak bytes held by tensors while `f` runs (tfjs's own accounting). */
async function peakBytes(f: () => Promise<unknown> | unknown): Promise<number> {
  const info = await tf.profile(async () => {
    await f();
    return [];
  });
  return info.peakBytes;
}

describe.skipIf(!hh)('policy training memory on HH at context 256', () => {
  it('a step and an evaluation take memory that does not grow with the [rows, vocab] logits', async () => {
    expect(longest.length).toBe(64);
    const config = presetConfig('tiny', tokenizer.vocabSize, { n_positions: CONTEXT, length_feature: false });
    expect(config.vocab_size).toBeGreaterThan(12_000);
    const params = policyParams(tf, initialPolicyWeights(config, 1));
    const step = (batchSize: number) => () =>
      trainPolicy({ tf, config, params, tokenizer, examples: longest.slice(0, batchSize), steps: 1, batchSize, learningRate: 1e-3, seed: 1 });
    const small = await peakBytes(step(8));
    const large = await peakBytes(step(24));
    // What 16 more rows of logits weigh: one [16·255, V] float32 tensor. The LM head used to keep about five per row
    // (batch 24 then needed more than the 4 GiB heap). What a row costs now is the transformer's own activations,
    // mostly attention's [N, H, T, T] tensors of the forward and backward pass: measured 1.5 such tensors.
    const logitsOf16 = 16 * (CONTEXT - 1) * config.vocab_size * 4;
    expect(large - small).toBeLessThan(2 * logitsOf16);

    // The held-out evaluation in one batch of 64 (what crashed): now a bounded block at a time.
    const evalPeak = await peakBytes(() => policyLoss(tf, config, params, tokenizer, longest, 64));
    expect(evalPeak).toBeLessThan(64 * (CONTEXT - 1) * config.vocab_size * 4);
    for (const v of params.values()) v.dispose();
  });
});
