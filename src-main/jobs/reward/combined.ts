// The combined reward model: r = r_ngram + r_transformer, where the transformer is trained on the n-gram model's
// residual. Each training pair's Bradley–Terry loss gets the n-gram margin as a fixed offset, −log σ(Δr_t + Δr_ng),
// so the transformer learns what the n-grams miss. The offsets are out-of-fold margins: an n-gram model fits its own
// training pairs almost perfectly, so in-sample margins would leave the transformer nothing to learn.
import { DEFAULT_NGRAM_CONFIG } from '../../engine/ngram/model';
import { trainNgram } from '../../engine/ngram/train';
import type { TextPair } from './pairs-data';

/** Inner folds for the out-of-fold n-gram margins (each n-gram fit takes about a second on 1,000 pairs). */
export const OFFSET_FOLDS = 5;

/** Out-of-fold n-gram margin of every pair (fold = position mod `folds`). */
export function ngramOutOfFoldMargins(pairs: readonly TextPair[], folds = OFFSET_FOLDS): number[] {
  const out = new Array<number>(pairs.length).fill(0);
  if (pairs.length < folds * 2) return out;
  for (let f = 0; f < folds; f++) {
    const { model } = trainNgram(
      pairs.filter((_, i) => i % folds !== f),
      DEFAULT_NGRAM_CONFIG,
    );
    pairs.forEach((p, i) => {
      if (i % folds === f) out[i] = model.scorePair(p.chosen, p.rejected).margin;
    });
  }
  return out;
}

/**
 * The pairs as the transformer half trains on them: `strength` becomes the margin m in −log σ(r_c − r_r − m),
 * m = (the pair's own strength, if margins are used) − (its out-of-fold n-gram margin).
 */
export function residualPairs(pairs: readonly TextPair[], offsets: readonly number[], useStrength: boolean): TextPair[] {
  return pairs.map((p, i) => ({ ...p, strength: (useStrength ? (p.strength ?? 0) : 0) - offsets[i]! }));
}
