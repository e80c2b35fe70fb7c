// Builds the exact totals behind pair lists: from trigger-kept tallies where a filter allows, else from indexes.
import type { PairFilter } from '../shared/dto';
import { toFtsQuery } from './fts-query';
import { disagreeRange, hasMarginFilter, marginConditions, rangeConditions } from './margin-query';
import { source, whereClause, type SqlStep } from './pair-query';

/** What to count: from a tally table (summing a column), or matching rows. */
type CountSource =
  | { kind: 'tally'; table: string; column: string; where: string[]; params: Record<string, string | number> }
  | { kind: 'rows'; from: string; where: string[]; params: Record<string, string | number> };

function equalities(filter: PairFilter): { where: string[]; params: Record<string, string | number> } {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (filter.datasetId !== undefined) {
    where.push('dataset_id = @datasetId');
    params.datasetId = filter.datasetId;
  }
  if (filter.origin !== undefined) {
    where.push('origin = @origin');
    params.origin = filter.origin;
  }
  if (filter.split !== undefined) {
    where.push('split = @split');
    params.split = filter.split;
  }
  return { where, params };
}

/**
 * `scoredOnly` counts the pairs `filter.modelId` scored (margin sorts and margin filters show only those).
 * - No search and no |margin| band: a sum over a handful of `pair_counts` / `score_counts` rows (disagreement is
 *   tallied there too), whatever the project size.
 * - A |margin| band: one range of a scores index, read from the index alone (see bandSource for pair filters).
 * - A search: the FTS5 matches (joined to their scores when scoredOnly).
 * `perPair` keeps the pairs in the FROM clause, for counts grouped by a pair column.
 */
function countSource(filter: PairFilter, scoredOnly: boolean, perPair = false): CountSource {
  const searching = filter.search !== undefined && toFtsQuery(filter.search) !== null;
  const scored = scoredOnly && filter.modelId !== undefined;
  const band = filter.absMarginMin !== undefined || filter.absMarginMax !== undefined;
  const eq = equalities(filter);
  // No tally knows review statuses: count the matching rows (via the partial review_status index).
  if (filter.reviewStatus !== undefined) {
    const src = source(filter, 'scan', scored ? 'inner' : 'none');
    return { kind: 'rows', from: src.from, where: src.where, params: src.params };
  }
  if (!searching && !(scored && band)) {
    if (!scored) return { kind: 'tally', table: 'pair_counts', column: 'n', ...eq };
    return {
      kind: 'tally',
      table: 'score_counts',
      column: filter.disagree === true ? 'n_disagree' : 'n',
      where: ['model_id = @modelId', ...eq.where],
      params: { ...eq.params, modelId: filter.modelId as number },
    };
  }
  if (!searching) return bandSource(filter, eq, perPair);
  const src = source(filter, 'scan', scored ? 'inner' : 'none');
  const onlyFts = !scored && !perPair && src.where.length === 1;
  return { kind: 'rows', from: onlyFts ? 'pairs_fts' : src.from, where: src.where, params: src.params };
}

/** Pair filters whose (column, rowid) index can say whether a pair passes without reading its row. */
const MEMBERSHIP: [keyof PairFilter, string, string][] = [
  ['datasetId', 'dataset_id', 'pairs_dataset'],
  ['origin', 'origin', 'pairs_origin'],
  ['split', 'split', 'pairs_split'],
];

/**
 * A |margin| band is one range of a scores index (of margin when only disagreeing pairs count, since the partial
 * |margin| index must still read each row to check the sign). Pair filters are tested in an EXISTS on the filter
 * column's (column, rowid) index: reading each pair's row instead costs a random read of the large pairs table
 * per score in the band.
 */
function bandSource(
  filter: PairFilter,
  eq: { where: string[]; params: Record<string, string | number> },
  perPair: boolean,
): CountSource {
  const margin =
    filter.disagree === true ? rangeConditions('s.margin', disagreeRange(filter)) : marginConditions(filter);
  const where = ['s.model_id = @modelId', ...margin.where];
  const params = { ...eq.params, ...margin.params, modelId: filter.modelId as number };
  if (perPair) {
    const pairs = eq.where.map((c) => `p.${c}`);
    return {
      kind: 'rows',
      from: 'scores s CROSS JOIN pairs p ON p.id = s.pair_id',
      where: [...where, ...pairs],
      params,
    };
  }
  const membership = MEMBERSHIP.find(([key]) => filter[key] !== undefined);
  if (membership !== undefined) {
    const conditions = ['p.id = s.pair_id', ...eq.where.map((c) => `p.${c}`)].join(' AND ');
    where.push(`EXISTS (SELECT 1 FROM pairs p INDEXED BY ${membership[2]} WHERE ${conditions})`);
  }
  return { kind: 'rows', from: 'scores s', where, params };
}

/** Exact count of a filter; margin filters always count scored pairs only. */
export function countStep(filter: PairFilter, scoredOnly = hasMarginFilter(filter)): SqlStep {
  const c = countSource(filter, scoredOnly);
  const sql =
    c.kind === 'tally'
      ? `SELECT coalesce(sum(${c.column}), 0) FROM ${c.table} ${whereClause(c.where)}`
      : `SELECT count(*) FROM ${c.from} ${whereClause(c.where)}`;
  return { sql, params: c.params };
}

export function countByStep(column: 'origin' | 'split', filter: PairFilter): SqlStep {
  const c = countSource(filter, hasMarginFilter(filter), true);
  if (c.kind === 'tally') {
    return {
      sql: `SELECT ${column} AS key, sum(${c.column}) AS n FROM ${c.table} ${whereClause(c.where)} GROUP BY ${column} HAVING n > 0`,
      params: c.params,
    };
  }
  return {
    sql: `SELECT p.${column} AS key, count(*) AS n FROM ${c.from} ${whereClause(c.where)} GROUP BY p.${column}`,
    params: c.params,
  };
}
