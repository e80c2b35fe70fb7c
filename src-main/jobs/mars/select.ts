// The MARS selected base: the trainable training pairs the current model finds hardest (lowest margins).
import { mulberry32 } from '../../engine/rng';
import type { SourcePair } from '../../engine/mars';
import type { MarsConfig } from '../../shared/mars-dto';
import type { ProjectDb } from '../../store/types';

export interface BasePair extends SourcePair {
  datasetId: number;
}

export interface BaseSelection {
  pairs: BasePair[];
  /** The model's margin of each selected pair, in the same order. */
  margins: number[];
  /** Trainable training pairs the model scored (the population the share was taken of). */
  eligible: number;
}

/** Which pairs form the base: the hardest by the run's own measure, or (the baseline) any, at random. */
function order(scored: Array<{ id: number; margin: number }>, config: SelectConfig, round: number): void {
  switch (config.weighting) {
    case 'signed':
      scored.sort((a, b) => a.margin - b.margin || a.id - b.id);
      return;
    case 'abs':
      scored.sort((a, b) => Math.abs(a.margin) - Math.abs(b.margin) || a.id - b.id);
      return;
    case 'uniform': {
      // Same base size and budget as the margin-aware runs, but no margin in the choice: a seeded shuffle.
      const rng = mulberry32((Math.imul(config.seed, 0x9e3779b1) + round) >>> 0);
      for (let i = scored.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [scored[i], scored[j]] = [scored[j]!, scored[i]!];
      }
    }
  }
}

type SelectConfig = Pick<MarsConfig, 'selectShare' | 'datasetId' | 'weighting' | 'seed'>;

/**
 * Augmentation sources are reviewed-in originals of the training split: never augmented pairs (variants of
 * variants would drift), ties, or pairs a reviewer excluded. The base is the `selectShare` of them with the lowest
 * margin (signed weighting, the released MARS code), the lowest |margin| (the |Δ| variant: pairs near the
 * boundary on either side), or a random sample of the same size (uniform: the baseline).
 */
export function selectBase(
  db: ProjectDb,
  modelId: number,
  config: SelectConfig,
  round: number,
): BaseSelection {
  const scored: Array<{ id: number; margin: number }> = [];
  const filter =
    config.datasetId === undefined
      ? { split: 'train' as const }
      : { split: 'train' as const, datasetId: config.datasetId };
  for (const p of db.pairs.iterate(filter, 1000)) {
    if (p.origin === 'augmented' || p.tie) continue;
    if (p.reviewStatus === 'excluded' || p.reviewStatus === 'discarded' || p.reviewStatus === 'tie') continue;
    const score = db.scores.get(modelId, p.id);
    if (score !== null) scored.push({ id: p.id, margin: score.margin });
  }
  order(scored, config, round);
  const take = scored.length === 0 ? 0 : Math.max(1, Math.ceil(config.selectShare * scored.length));
  const chosen = scored.slice(0, take).sort((a, b) => a.id - b.id);
  const pairs = chosen.map(({ id }) => {
    const p = db.pairs.get(id);
    if (p === null) throw new Error(`pair ${id} vanished while selecting`);
    return { id, datasetId: p.datasetId, prompt: p.prompt, chosen: p.chosen, rejected: p.rejected };
  });
  return { pairs, margins: chosen.map((c) => c.margin), eligible: scored.length };
}
