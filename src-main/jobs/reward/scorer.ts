// One way to score text pairs with any saved reward model: a transformer (tokenised, batched on the ML backend) or
// the n-gram model (plain arithmetic, no backend), chosen by what the model folder holds.
import type { Tf } from '../../engine/model/params';
import { isNgramFolder, loadNgramModel } from '../../engine/ngram/files';
import type { NgramModel } from '../../engine/ngram/model';
import type { RewardModel } from '../../engine/model/reward-model';
import { loadRewardModel } from '../../engine/reward/model-files';
import type { Encode } from '../../engine/tokenizer/fast-encoder';
import { scorePairs, type PairScore } from '../../engine/train/score';
import { tokenize, type TextPair } from './pairs-data';

export interface TextScorer {
  score(pairs: readonly TextPair[], signal?: AbortSignal, onProgress?: (done: number, total: number) => void): Promise<PairScore[]>;
  dispose(): void;
}

export function ngramScorer(model: NgramModel): TextScorer {
  return {
    score: (pairs, signal, onProgress) => {
      const out = pairs.map((p, i) => {
        if (i % 1024 === 0) signal?.throwIfAborted();
        return model.scorePair(p.chosen, p.rejected);
      });
      onProgress?.(pairs.length, pairs.length);
      return Promise.resolve(out);
    },
    dispose: () => undefined,
  };
}

/** Disposing it disposes the model. */
export function transformerScorer(model: RewardModel, encode: Encode): TextScorer {
  return {
    score: (pairs, signal, onProgress) =>
      scorePairs({ model, pairs: tokenize(pairs, encode), ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) }),
    dispose: () => model.dispose(),
  };
}

/** `backend` is only called for a transformer: an n-gram model never starts the ML backend. */
export async function loadTextScorer(dir: string, backend: () => Promise<Tf>): Promise<TextScorer> {
  if (isNgramFolder(dir)) return ngramScorer(loadNgramModel(dir).model);
  const { model, encode } = await loadRewardModel(await backend(), dir);
  return transformerScorer(model, encode);
}
