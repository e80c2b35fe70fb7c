// The tfjs model, loaded from the PyTorch-made fixture folder, must reproduce the reference LM logits and rewards.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GPT2Config } from '../../../../src-main/engine/model/config';
import { RewardModel } from '../../../../src-main/engine/model/reward-model';
import { HfTokenizer } from '../../../../src-main/engine/tokenizer/hf-tokenizer';
import { loadHfFolder, type HfModelFolder } from '../../../../src-main/engine/weights/hf-folder';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/gpt2-tiny', import.meta.url));

interface Case {
  text: string;
  ids: number[];
  lmLogits: number[];
  rewardLast: number;
  rewardMean: number;
}
const { cases } = JSON.parse(readFileSync(`${FIXTURE}/expected.json`, 'utf8')) as { cases: Case[] };

/** Largest |a − b| over two equal-length arrays. */
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

function modelConfig(folder: HfModelFolder, pooling: 'last' | 'mean'): GPT2Config {
  const c = folder.config;
  return {
    vocab_size: c.vocab_size,
    n_positions: c.n_positions,
    n_embd: c.n_embd,
    n_layer: c.n_layer,
    n_head: c.n_head,
    layer_norm_epsilon: c.layer_norm_epsilon,
    activation_function: c.activation_function,
    pooling,
  };
}

describe('GPT-2 forward pass against the PyTorch reference', () => {
  let folder: HfModelFolder;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    folder = loadHfFolder(FIXTURE);
  });

  it('tokenises the reference texts to the reference ids', () => {
    const tok = new HfTokenizer(folder.tokenizerJson, folder.tokenizerConfig);
    for (const c of cases) expect(Array.from(tok.encode(c.text))).toEqual(c.ids);
  });

  it('matches the LM logits and the last-token reward', () => {
    const model = RewardModel.fromWeights(tf, modelConfig(folder, 'last'), folder.tensors);
    try {
      for (const c of cases) {
        const ids = tf.tensor2d(Int32Array.from(c.ids), [1, c.ids.length], 'int32');
        const logits = model.lmLogits(ids);
        expect(logits.shape).toEqual([1, c.ids.length, folder.config.vocab_size]);
        expect(maxDiff(logits.dataSync(), c.lmLogits), c.text).toBeLessThan(1e-4);
        tf.dispose([ids, logits]);
        expect(model.rewardSequence(c.ids, 0)).toBeCloseTo(c.rewardLast, 4);
      }
    } finally {
      model.dispose();
    }
  });

  it('matches the mean-pooled reward', () => {
    const model = RewardModel.fromWeights(tf, modelConfig(folder, 'mean'), folder.tensors);
    try {
      for (const c of cases) expect(model.rewardSequence(c.ids, 0), c.text).toBeCloseTo(c.rewardMean, 4);
    } finally {
      model.dispose();
    }
  });
});
