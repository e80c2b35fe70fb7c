// "Send to augmentation" for one pair: a seeded draw from its variant pool, written unapproved with an undoable
// review-log entry; undoing it discards the variants no reviewer has touched yet.
import { buildPool, drawVariants } from '../engine/mars';
import { mulberry32 } from '../engine/rng';
import type { OperatorName } from '../shared/mars-dto';
import type { Pair } from '../shared/dto';
import { ErrorCode, StudioError } from '../shared/errors';
import type { LlmParaphraser } from '../llm/paraphraser';
import { contentHash } from '../store/pairs-repo';
import type { ProjectDb, ReviewLogEntry } from '../store/types';
import { operatorsFor, VARIANT_GUARD } from './operators';

export interface AugmentPairInput {
  pairId: number;
  count: number;
  operators: OperatorName[];
  seed: number;
  reviewer: string;
}

/** Variants asked of each operator per text: enough for the draw to choose from without building huge pools. */
const PER_TEXT = 3;

export async function augmentPair(
  db: ProjectDb,
  input: AugmentPairInput,
  llm: LlmParaphraser | null,
): Promise<{ variants: Pair[]; poolSize: number; entry: ReviewLogEntry }> {
  const pair = db.pairs.get(input.pairId);
  if (pair === null)
    throw new StudioError(ErrorCode.NotFound, `no pair with id ${input.pairId}`, { pairId: input.pairId });
  if (pair.origin === 'augmented') {
    throw new StudioError(
      ErrorCode.InvalidRequest,
      `pair ${pair.id} is itself augmented: augment its source pair ${pair.parentId ?? ''}`.trim(),
      { pairId: pair.id },
    );
  }
  if (pair.tie)
    throw new StudioError(ErrorCode.InvalidRequest, `pair ${pair.id} is a tie: it has no label to preserve`, {
      pairId: pair.id,
    });
  const { operators, llm: llmOperator } = operatorsFor(input.operators, llm);
  await llmOperator?.prefetch([pair], PER_TEXT);
  const seed = (Math.imul(input.seed, 0x9e3779b1) ^ pair.id) >>> 0;
  const pool = buildPool(pair, operators, mulberry32(seed), { perText: PER_TEXT, guard: VARIANT_GUARD });
  // Variants already made from this pair are not made again.
  const existing = new Set(db.pairs.children(pair.id).map((c) => c.contentHash));
  const { drawn } = drawVariants(pool.candidates, input.count + existing.size, mulberry32(seed + 1));
  return db.transaction(() => {
    const rows = drawn
      .map((c) => ({
        datasetId: pair.datasetId,
        prompt: c.prompt,
        chosen: c.chosen,
        rejected: c.rejected,
        split: pair.split,
        origin: 'augmented' as const,
        parentId: pair.id,
        provenance: {
          method: 'manual',
          sourcePairId: pair.id,
          operators: [...new Set(Object.values(c.edits).flatMap((e) => (e ? [e.operator] : [])))],
          edits: c.edits,
        },
      }))
      .filter((row) => !existing.has(contentHash(row.prompt, row.chosen, row.rejected)))
      .slice(0, input.count);
    if (rows.length === 0) {
      throw new StudioError(
        ErrorCode.InvalidRequest,
        `pair ${pair.id} has no new variants left: its pool of ${pool.candidates.length} is used up (try other operators)`,
        { pairId: pair.id },
      );
    }
    const ids = db.pairs.insertMany(rows);
    const entry = db.reviewLog.append({
      reviewer: input.reviewer,
      action: 'augment',
      pairId: pair.id,
      payload: { created: ids, operators: input.operators },
      undoes: null,
    });
    return { variants: ids.map((id) => db.pairs.get(id) as Pair), poolSize: pool.candidates.length, entry };
  });
}
