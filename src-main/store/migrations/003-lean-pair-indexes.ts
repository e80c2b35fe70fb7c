// Migration 3: seven fewer pairs indexes, so an import writes much less per pair.
import type { Migration } from '../migrate';

/*
 * Why these changes (measured on HH pairs, see bench/import-throughput.ts):
 * - Every pairs index whose key is not ever-increasing inserts at a random leaf, and each batch commit rewrites
 *   those leaves: the six (origin | split, length) indexes and (dataset_id, content_hash) cost more than the row
 *   itself. origin and split take four and three values, so a length page filtered by them walks the global (or
 *   data set's) length index testing the filter, or reads the filter's (column, rowid) index and sorts the
 *   matches, whichever the exact counts in pair_counts say is cheaper (lengthPlanFor in pair-query.ts).
 * - The (dataset_id, length) indexes stay: data sets range from a handful of pairs to most of the project, and
 *   a data set combined with a rare origin or split would otherwise test many rows per page (50 ms at 1M pairs).
 * - Duplicate hashes of a data set (read only when an import resumes) come from the pairs_dataset index and the
 *   rows' first page instead; pairs_content_hash (migration 2) still answers lookups by hash.
 * - FTS5 keeps `detail=full` (quoted phrases need positions) and its default merge settings.
 */
const SCHEMA = `
DROP INDEX pairs_origin_prompt_len;
DROP INDEX pairs_origin_chosen_len;
DROP INDEX pairs_origin_rejected_len;
DROP INDEX pairs_split_prompt_len;
DROP INDEX pairs_split_chosen_len;
DROP INDEX pairs_split_rejected_len;
DROP INDEX pairs_dataset_hash;
`;

export const version = 3;
export const name = 'lean-pair-indexes';

export const up: Migration['up'] = (db) => {
  db.exec(SCHEMA);
};
