// Pairs as the reward engine needs them: texts by split, tokenised on demand; ties and reviewed-out pairs left out.
import type { PairFilter, Split } from '../../shared/dto';
import type { TokPair } from '../../engine/model/pair-batch';
import type { Encode } from '../../engine/tokenizer/fast-encoder';
import type { ProjectDb } from '../../store/types';

export interface TextPair {
  id: number;
  split: Split;
  prompt: string;
  chosen: string;
  rejected: string;
  strength: number | null;
}

/**
 * Every trainable pair of the filter (no ties, nothing excluded or discarded, augmented pairs only once approved,
 * discovered failures only once confirmed or approved),
 * in id order, split into training and held-out sets.
 */
export function loadTextPairs(db: ProjectDb, filter: PairFilter): { train: TextPair[]; validation: TextPair[] } {
  const train: TextPair[] = [];
  const validation: TextPair[] = [];
  for (const p of db.pairs.iterate(filter, 1000)) {
    // A tie says neither response is better: Bradley–Terry has nothing to learn from it.
    if (p.tie) continue;
    // Reviewers took these out; an augmented pair trains only once a reviewer approved it.
    if (p.reviewStatus === 'excluded' || p.reviewStatus === 'discarded') continue;
    if (p.origin === 'augmented' && p.reviewStatus !== 'approved') continue;
    // A discovered failure trains only once a reviewer confirmed (or edited) it, or its run approved it outright.
    if (p.origin === 'discovered' && p.reviewStatus !== 'confirmed' && p.reviewStatus !== 'approved') continue;
    const row = { id: p.id, split: p.split, prompt: p.prompt, chosen: p.chosen, rejected: p.rejected, strength: p.strength };
    (p.split === 'train' ? train : validation).push(row);
  }
  return { train, validation };
}

export function tokenize(pairs: readonly TextPair[], encode: Encode): TokPair[] {
  return pairs.map((p) => ({
    prompt: encode(p.prompt),
    chosen: encode(p.chosen),
    rejected: encode(p.rejected),
    ...(p.strength === null ? {} : { margin: p.strength }),
  }));
}
