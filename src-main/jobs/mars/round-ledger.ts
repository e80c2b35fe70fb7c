// What a finished round records: the retrained model on held-out and training originals, and the pairs whose
// margin changed sign against the model the round started from.
import type { RewardMetrics } from '../../shared/dto';
import type { MarsConfig, MarsRound } from '../../shared/mars-dto';
import type { ProjectDb } from '../../store/types';
import { rewardMetrics } from '../reward/metrics';

/** How many of the largest moves across zero the ledger keeps as examples. */
const EXAMPLES = 20;

export interface RoundResult {
  validation: RewardMetrics | null;
  train: RewardMetrics | null;
  crossed: NonNullable<MarsRound['crossed']>;
}

/**
 * Only pairs that are neither augmented nor discovered count: the question is how the model changed on the user's
 * data, and generated pairs did not exist under the source model (a REFORM round reuses this).
 */
export function roundResult(
  db: ProjectDb,
  config: Pick<MarsConfig, 'datasetId'>,
  sourceModelId: number,
  modelId: number,
): RoundResult {
  const validation: number[] = [];
  const train: number[] = [];
  const moves: Array<{ pairId: number; before: number; after: number }> = [];
  let toCorrect = 0;
  let toWrong = 0;
  const filter = config.datasetId === undefined ? {} : { datasetId: config.datasetId };
  for (const p of db.pairs.iterate(filter, 1000)) {
    if (p.origin === 'augmented' || p.origin === 'discovered' || p.tie) continue;
    const after = db.scores.get(modelId, p.id);
    if (after === null) continue;
    (p.split === 'train' ? train : validation).push(after.margin);
    const before = db.scores.get(sourceModelId, p.id);
    if (before === null || before.margin > 0 === after.margin > 0) continue;
    if (after.margin > 0) toCorrect++;
    else toWrong++;
    moves.push({ pairId: p.id, before: before.margin, after: after.margin });
  }
  moves.sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before) || a.pairId - b.pairId);
  return {
    validation: rewardMetrics(validation),
    train: rewardMetrics(train),
    crossed: { toCorrect, toWrong, examples: moves.slice(0, EXAMPLES) },
  };
}
