// Quality bars of the default preset, trained exactly as the app's train job does (pruned GPT-2 BPE, presetConfig,
// presetHyper): held-out accuracy on the built-in demo data, and on the HH sample against the two simple baselines.
// Slow (minutes on two cores): they train real models end to end.
import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { generateDemoPairs } from '../../../../src-main/demo/generate';
import { DEFAULT_PRESET, presetConfig } from '../../../../src-main/engine/model/config';
import { RewardModel } from '../../../../src-main/engine/model/reward-model';
import { presetHyper } from '../../../../src-main/engine/reward/presets';
import { trainRewardModel } from '../../../../src-main/engine/train/trainer';
import { appVocab, HH_PATH, loadHH, wasmTf, type TextPair } from './fixtures';

/**
 * Held-out accuracy of a TF-IDF (uni+bigram) logistic regression on tfidf(chosen) − tfidf(rejected), trained on HH
 * pairs 1-1000 and validated on 1001-1200: the output of `python3 bench/reference/tfidf_baseline.py`.
 */
const TFIDF_BIGRAM_LOGREG = 0.585;

let tf: typeof TF;
beforeAll(async () => {
  tf = await wasmTf();
});

async function heldOutAccuracy(train: TextPair[], validation: TextPair[]): Promise<number> {
  const vocab = await appVocab(train.flatMap((p) => [p.prompt, p.chosen, p.rejected]));
  const model = RewardModel.create(tf, presetConfig(DEFAULT_PRESET, vocab.size), 1);
  const result = await trainRewardModel({
    model,
    train: vocab.pairs(train),
    validation: vocab.pairs(validation),
    seed: 1,
    hyper: presetHyper(DEFAULT_PRESET),
  });
  model.dispose();
  return result.validation?.accuracy ?? 0;
}

describe('default preset quality', () => {
  it('reaches ≥ 0.97 held-out accuracy on the demo data despite its spurious length cue', async () => {
    const pairs = generateDemoPairs({ pairs: 1500, seed: 1 });
    const accuracy = await heldOutAccuracy(
      pairs.filter((p) => p.split === 'train'),
      pairs.filter((p) => p.split === 'validation'),
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.97);
  }, 400_000);

  const hh = loadHH();
  it.skipIf(!hh)(`beats "shorter wins" and TF-IDF on HH pairs 1001-1200 after training on 1-1000 (${HH_PATH})`, async () => {
    const all = hh as TextPair[];
    const validation = all.slice(1000);
    const shorterWins = validation.filter((p) => p.chosen.length < p.rejected.length).length / validation.length;
    expect(shorterWins).toBeCloseTo(0.595, 3);
    const accuracy = await heldOutAccuracy(all.slice(0, 1000), validation);
    expect(accuracy).toBeGreaterThan(Math.max(shorterWins, TFIDF_BIGRAM_LOGREG));
  }, 400_000);
});
