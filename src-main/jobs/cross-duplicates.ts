// Pairs of an import that another data set already holds (same content hash): counted always, skipped on request.
import { contentHash } from '../importers/duplicates';
import { makeIssue } from '../importers/row-problem';
import type { NewImportIssue, NewPair, ProjectDb } from '../store/types';

export interface Sifted {
  keep: NewPair[];
  /** One `duplicate` issue per skipped pair (empty unless skipping). */
  issues: NewImportIssue[];
  /** How many pairs of the batch another data set holds. */
  found: number;
}

/**
 * Runs on each batch before it commits. The batch's own repeats (and, on resume, the pairs this data set already
 * holds) were caught by the DuplicateTracker, so any hash the store knows here belongs to another data set.
 * The lookup uses the content_hash index: ten indexed probes per 5,000-row batch.
 */
export function siftCrossDuplicates(
  db: ProjectDb,
  pairs: NewPair[],
  opts: { skip: boolean; file: string; jobId: string; datasetId: number },
): Sifted {
  if (pairs.length === 0) return { keep: pairs, issues: [], found: 0 };
  const hashes = pairs.map((p) => contentHash(p.prompt, p.chosen, p.rejected));
  const known = db.pairs.idsByHash(hashes);
  if (known.size === 0) return { keep: pairs, issues: [], found: 0 };
  const keep: NewPair[] = [];
  const issues: NewImportIssue[] = [];
  let found = 0;
  pairs.forEach((pair, i) => {
    const ids = known.get(hashes[i] ?? '');
    if (ids === undefined) {
      keep.push(pair);
      return;
    }
    found++;
    if (!opts.skip) {
      keep.push(pair);
      return;
    }
    const issue = makeIssue(
      opts.file,
      pair.sourceLine ?? 0,
      'duplicate',
      null,
      `already in another data set (pair #${ids[0]}); skipped as asked`,
      `${pair.prompt.slice(-80)} → ${pair.chosen.slice(0, 80)}`,
    );
    issues.push({ ...issue, jobId: opts.jobId, datasetId: opts.datasetId });
  });
  return { keep, issues, found };
}
