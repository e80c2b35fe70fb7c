// One way to score text pairs with any saved reward model: a transformer (tokenised, batched on the ML backend) or
// the n-gram model (plain arithmetic, no backend), chosen by what the model folder holds.
import { join } from 'node:path';
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

/** The sum of several models' rewards (the combined preset); disposing it disposes each. */
export function combinedScorer(parts: readonly TextScorer[]): TextScorer {
  return {
    score: async (pairs, signal, onProgress) => {
      const all: PairScore[][] = [];
      for (const part of parts) all.push(await part.score(pairs, signal));
      onProgress?.(pairs.length, pairs.length);
      return pairs.map((_, i) => {
        const chosen = all.reduce((a, s) => a + s[i]!.chosen, 0);
        const rejected = all.reduce((a, s) => a + s[i]!.rejected, 0);
        return { chosen, rejected, margin: chosen - rejected };
      });
    },
    dispose: () => parts.forEach((p) => p.dispose()),
  };
}

/** `backend` is only called for a transformer: an n-gram model never starts the ML backend. */
export async function loadTextScorer(dir: string, backend: () => Promise<Tf>): Promise<TextScorer> {
  if (isNgramFolder(dir)) return ngramScorer(loadNgramModel(dir).model);
  const { model, encode } = await loadRewardModel(await backend(), dir);
  // A combined model is a transformer folder with its n-gram half in ngram/.
  const ngramDir = join(dir, 'ngram');
  const transformer = transformerScorer(model, encode);
  return isNgramFolder(ngramDir) ? combinedScorer([transformer, ngramScorer(loadNgramModel(ngramDir).model)]) : transformer;
}
