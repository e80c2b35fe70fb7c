// The MARS selected base: the trainable training pairs the current model finds hardest (lowest margins).
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

/**
 * Augmentation sources are reviewed-in originals of the training split: never augmented pairs (variants of
 * variants would drift), ties, or pairs a reviewer excluded. Ordered by margin, then id, so the choice is stable.
 */
export function selectBase(
  db: ProjectDb,
  modelId: number,
  config: Pick<MarsConfig, 'selectShare' | 'datasetId'>,
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
  scored.sort((a, b) => a.margin - b.margin || a.id - b.id);
  const take = scored.length === 0 ? 0 : Math.max(1, Math.ceil(config.selectShare * scored.length));
  const chosen = scored.slice(0, take);
  const pairs = chosen.map(({ id }) => {
    const p = db.pairs.get(id);
    if (p === null) throw new Error(`pair ${id} vanished while selecting`);
    return { id, datasetId: p.datasetId, prompt: p.prompt, chosen: p.chosen, rejected: p.rejected };
  });
  return { pairs, margins: chosen.map((c) => c.margin), eligible: scored.length };
}
