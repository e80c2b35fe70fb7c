// Quality bars of the default preset: held-out accuracy on the built-in demo data, and the HH sample against
// the "shorter response wins" rule. Slow (minutes on two cores): they train real models end to end.
import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { generateDemoPairs } from '../../../../src-main/demo/generate';
import { DEFAULT_PRESET, presetConfig } from '../../../../src-main/engine/model/config';
import { RewardModel } from '../../../../src-main/engine/model/reward-model';
import { trainRewardModel } from '../../../../src-main/engine/train/trainer';
import { CompactVocab, HH_PATH, loadHH, wasmTf, type TextPair } from './fixtures';

// Sizes chosen so each test trains in about three minutes on two cores.
const DEMO_PAIRS = 1500;
const DEMO_EPOCHS = 6;
const HH_EPOCHS = 3;
const HH_MAX_LENGTH = 128;

let tf: typeof TF;
beforeAll(async () => {
  tf = await wasmTf();
});

async function heldOutAccuracy(train: TextPair[], validation: TextPair[], epochs: number, maxLength: number): Promise<number> {
  const vocab = new CompactVocab(train.flatMap((p) => [p.prompt, p.chosen, p.rejected]));
  const model = RewardModel.create(tf, presetConfig(DEFAULT_PRESET, vocab.size), 1);
  const result = await trainRewardModel({
    model,
    train: vocab.pairs(train),
    validation: vocab.pairs(validation),
    seed: 1,
    hyper: { epochs, batchSize: 32, learningRate: 2e-3, maxLength },
  });
  model.dispose();
  return result.validation?.accuracy ?? 0;
}

describe('default preset quality', () => {
  it('reaches ≥ 0.97 held-out accuracy on the demo data despite its spurious length cue', async () => {
    const pairs = generateDemoPairs({ pairs: DEMO_PAIRS, seed: 1 });
    const accuracy = await heldOutAccuracy(
      pairs.filter((p) => p.split === 'train'),
      pairs.filter((p) => p.split === 'validation'),
      DEMO_EPOCHS,
      256,
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.97);
  }, 300_000);

  const hh = loadHH();
  it.skipIf(!hh)(`beats "shorter response wins" on HH pairs 1001-1200 after training on 1-1000 (${HH_PATH})`, async () => {
    const all = hh as TextPair[];
    const validation = all.slice(1000);
    const shorterWins = validation.filter((p) => p.chosen.length < p.rejected.length).length / validation.length;
    const accuracy = await heldOutAccuracy(all.slice(0, 1000), validation, HH_EPOCHS, HH_MAX_LENGTH);
    expect(shorterWins).toBeCloseTo(0.595, 3);
    expect(accuracy).toBeGreaterThan(shorterWins);
  }, 300_000);
});
