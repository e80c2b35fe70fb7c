// Trains one preset on some pairs and returns its margins on others: one fold of cross-validation, for every
// preset the same way the train job trains it (n-gram, transformer presets, the combination).
import type { PresetName } from '../../engine/model/config';
import { presetConfig } from '../../engine/model/config';
import type { Tf } from '../../engine/model/params';
import { RewardModel } from '../../engine/model/reward-model';
import { DEFAULT_NGRAM_CONFIG } from '../../engine/ngram/model';
import { trainNgram } from '../../engine/ngram/train';
import { presetHyper } from '../../engine/reward/presets';
import { fastEncoder } from '../../engine/tokenizer/fast-encoder';
import { buildPrunedTokenizer } from '../../engine/tokenizer/pruned-bpe';
import { scorePairs } from '../../engine/train/score';
import { trainRewardModel } from '../../engine/train/trainer';
import type { ModelPreset } from '../../shared/dto';
import { ngramOutOfFoldMargins, residualPairs } from './combined';
import { tokenize, type TextPair } from './pairs-data';

export interface FoldOptions {
  seed: number;
  signal: AbortSignal;
  backend: () => Promise<Tf>;
}

/** Held-out margins of a transformer preset trained on `train` (pair strengths as margins when `useMargins`). */
export async function transformerMargins(preset: PresetName, train: readonly TextPair[], test: readonly TextPair[], useMargins: boolean, o: FoldOptions): Promise<number[]> {
  const tf = await o.backend();
  const { tokenizer } = await buildPrunedTokenizer(
    train.flatMap((t) => [t.prompt, t.chosen, t.rejected]),
    { minCount: 1, maxVocab: 32_000 },
  );
  const encode = await fastEncoder(tokenizer);
  const model = RewardModel.create(tf, presetConfig(preset, tokenizer.vocabSize), o.seed);
  try {
    await trainRewardModel({
      model,
      train: tokenize(train, encode),
      hyper: { ...presetHyper(preset), useMargins },
      seed: o.seed,
      signal: o.signal,
    });
    o.signal.throwIfAborted();
    const scores = await scorePairs({ model, pairs: tokenize(test, encode), signal: o.signal });
    return scores.map((s) => s.margin);
  } finally {
    model.dispose();
  }
}

/** Held-out margins of `preset` trained on `train`. */
export async function foldMargins(preset: ModelPreset, train: readonly TextPair[], test: readonly TextPair[], o: FoldOptions): Promise<number[]> {
  if (preset === 'ngram' || preset === 'combined') {
    const { model } = trainNgram(train, DEFAULT_NGRAM_CONFIG);
    const ngram = test.map((p) => model.scorePair(p.chosen, p.rejected).margin);
    if (preset === 'ngram') return ngram;
    const residual = residualPairs(train, ngramOutOfFoldMargins(train), false);
    const transformer = await transformerMargins('tiny', residual, test, true, o);
    return ngram.map((m, i) => m + transformer[i]!);
  }
  return transformerMargins(preset, train, test, false, o);
}
