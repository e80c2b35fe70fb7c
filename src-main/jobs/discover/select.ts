// Which source pairs a discovery run decodes from: named pairs, or a seeded draw from one split's originals.
import type { DiscoverConfig } from '../../shared/discovery-dto';
import { ErrorCode, StudioError } from '../../shared/errors';
import { mulberry32 } from '../../engine/rng';
import type { ProjectDb } from '../../store/types';

/** A pair can seed discovery when it states a preference (no tie) that no reviewer took out. */
function usable(p: { tie: boolean; reviewStatus: string | null }): boolean {
  return !p.tie && p.reviewStatus !== 'excluded' && p.reviewStatus !== 'discarded';
}

/**
 * The source pair ids, in decoding order. Named pairs are kept in the order given (unknown or unusable ones are an
 * error, so a selection from the Browse view is never silently shrunk); otherwise `prompts` originals of the split,
 * drawn by a Fisher–Yates shuffle seeded with the run's seed, so the same options pick the same prompts.
 */
export function selectPrompts(db: ProjectDb, config: DiscoverConfig): number[] {
  if (config.pairIds !== undefined) {
    for (const id of config.pairIds) {
      const p = db.pairs.get(id);
      if (p === null || !usable(p)) {
        throw new StudioError(ErrorCode.InvalidRequest, `pair ${id} cannot seed discovery: it is missing, a tie or reviewed out`, {
          field: 'pairIds',
          pairId: id,
        });
      }
    }
    return [...new Set(config.pairIds)];
  }
  const ids: number[] = [];
  const filter = { split: config.split, origin: 'original' as const, ...(config.datasetId === undefined ? {} : { datasetId: config.datasetId }) };
  for (const p of db.pairs.iterate(filter, 1000)) if (usable(p)) ids.push(p.id);
  const rng = mulberry32(config.seed);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [ids[i], ids[j]] = [ids[j] as number, ids[i] as number];
  }
  return ids.slice(0, config.prompts);
}
