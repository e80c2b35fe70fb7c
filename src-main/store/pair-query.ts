// Builds the SQL behind pair lists, counts and streams: which index answers which filter and sort.
import type { PairFilter, SortKey } from '../shared/dto';
import type { CursorValue } from './cursor';
import { toFtsQuery } from './fts-query';

/** A statement and its named parameters; `@limit` (where present) is bound by the caller. */
export interface SqlStep {
  sql: string;
  params: Record<string, string | number>;
}

/** createdAt is absent: created_at never decreases as ids grow, so creation order is id order (migration 1). */
export const SORT_COLUMN: Record<Exclude<SortKey, 'id' | 'createdAt'>, string> = {
  promptLen: 'p.prompt_len',
  chosenLen: 'p.chosen_len',
  rejectedLen: 'p.rejected_len',
};

export const PREVIEW_CHARS = 200;

export const SUMMARY_COLUMNS = `p.id, p.dataset_id, substr(p.prompt, 1, ${PREVIEW_CHARS}) AS prompt_preview,
  substr(p.chosen, 1, ${PREVIEW_CHARS}) AS chosen_preview, substr(p.rejected, 1, ${PREVIEW_CHARS}) AS rejected_preview,
  p.origin, p.split, p.tie, p.prompt_len, p.chosen_len, p.rejected_len, p.created_at`;

export const PAIR_COLUMNS = `p.id, p.dataset_id, p.prompt, p.chosen, p.rejected, p.prompt_messages, p.tie, p.strength,
  p.split, p.origin, p.parent_id, p.round, p.model_id, p.provenance, p.source_format, p.source_line, p.extra,
  p.content_hash, p.created_at`;

interface Source {
  from: string;
  where: string[];
  params: Record<string, string | number>;
  /** The id column to order and seek on: FTS5's rowid when searching, so FTS5 streams matches in id order. */
  idExpr: string;
  searching: boolean;
}

/**
 * How a search meets a sort by length:
 * - `scan`: FTS5 drives the loop (CROSS JOIN pins the order) and the matches are sorted; cost grows with the
 *   number of matches.
 * - `probe`: the length index drives the loop and each pair is checked against FTS5 by rowid; cost grows with
 *   how many pairs must be probed to find a page, i.e. with how rare the words are.
 */
export type SearchMode = 'scan' | 'probe';

/**
 * Scanning costs about 2.5 µs per match. A probe costs 15-40 µs at 200k pairs and about 120 µs at 1M (each probe
 * seeks every FTS5 segment). Probing finds a page after about limit × candidates / matches probes, so it wins
 * once matches² > limit × candidates × (probe / scan cost), taken as 50 from the 1M-pair bench.
 */
export function searchModeFor(matches: number, candidates: number, limit: number): SearchMode {
  return matches * matches > limit * candidates * 50 ? 'probe' : 'scan';
}

/** A search that sanitises to nothing (only punctuation, say) is treated like an empty search box. */
function source(filter: PairFilter, mode: SearchMode = 'scan'): Source {
  const match = filter.search === undefined ? null : toFtsQuery(filter.search);
  const src: Source =
    match === null
      ? { from: 'pairs p', where: [], params: {}, idExpr: 'p.id', searching: false }
      : mode === 'probe'
        ? {
            from: 'pairs p',
            where: [
              'EXISTS (SELECT 1 FROM pairs_fts WHERE pairs_fts MATCH @match AND pairs_fts.rowid = p.id)',
            ],
            params: { match },
            idExpr: 'p.id',
            searching: true,
          }
        : {
            from: 'pairs_fts CROSS JOIN pairs p ON p.id = pairs_fts.rowid',
            where: ['pairs_fts MATCH @match'],
            params: { match },
            idExpr: 'pairs_fts.rowid',
            searching: true,
          };
  if (filter.datasetId !== undefined) {
    src.where.push('p.dataset_id = @datasetId');
    src.params.datasetId = filter.datasetId;
  }
  if (filter.origin !== undefined) {
    src.where.push('p.origin = @origin');
    src.params.origin = filter.origin;
  }
  if (filter.split !== undefined) {
    src.where.push('p.split = @split');
    src.params.split = filter.split;
  }
  return src;
}

function whereClause(conditions: string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}

export interface PageSpec {
  filter: PairFilter;
  /** Only read when searching and sorting by a length; id order always streams from FTS5. */
  searchMode?: SearchMode;
  sort: SortKey;
  dir: 'asc' | 'desc';
  after: { value: CursorValue; id: number } | null;
}

/**
 * The statements that fill one page, run in order until the page is full.
 * Sorting by id or created_at is one seek on the id (see SORT_COLUMN). Sorting by a length continues from a
 * cursor in two index seeks: first the rows tied with the cursor's value (value = v AND id beyond the cursor),
 * then the rows past the value. One row-value comparison `(col, id) > (v, id)` would do it in one statement, but
 * SQLite cannot seek on the implicit rowid there and would scan every tie: thousands of rows per length value
 * in a million pairs.
 */
export function pageSteps(spec: PageSpec): SqlStep[] {
  const sort = spec.sort === 'createdAt' ? 'id' : spec.sort;
  const src = source(spec.filter, sort === 'id' ? 'scan' : (spec.searchMode ?? 'scan'));
  const cmp = spec.dir === 'asc' ? '>' : '<';
  const dir = spec.dir.toUpperCase();
  const select = (
    conditions: string[],
    orderBy: string,
    params: Record<string, string | number>,
  ): SqlStep => ({
    sql: `SELECT ${SUMMARY_COLUMNS} FROM ${src.from} ${whereClause([...src.where, ...conditions])} ORDER BY ${orderBy} LIMIT @limit`,
    params: { ...src.params, ...params },
  });
  if (sort === 'id') {
    const orderBy = `${src.idExpr} ${dir}`;
    if (spec.after === null) return [select([], orderBy, {})];
    return [select([`${src.idExpr} ${cmp} @afterId`], orderBy, { afterId: spec.after.id })];
  }
  const col = SORT_COLUMN[sort];
  const orderBy = `${col} ${dir}, p.id ${dir}`;
  if (spec.after === null) return [select([], orderBy, {})];
  const { value, id } = spec.after;
  return [
    select([`${col} = @afterValue`, `${src.idExpr} ${cmp} @afterId`], `${src.idExpr} ${dir}`, {
      afterValue: value,
      afterId: id,
    }),
    select([`${col} ${cmp} @afterValue`], orderBy, { afterValue: value }),
  ];
}

/**
 * Exact count of a filter. Without a search it sums the trigger-kept `pair_counts` rows (a handful, whatever the
 * project size); with a search it counts FTS5 matches.
 */
export function countStep(filter: PairFilter): SqlStep {
  const src = source(filter);
  if (!src.searching) {
    const conditions = src.where.map((c) => c.replace('p.', ''));
    return {
      sql: `SELECT coalesce(sum(n), 0) FROM pair_counts ${whereClause(conditions)}`,
      params: src.params,
    };
  }
  const onlyFts = src.where.length === 1;
  const from = onlyFts ? 'pairs_fts' : src.from;
  return { sql: `SELECT count(*) FROM ${from} ${whereClause(src.where)}`, params: src.params };
}

export function countByStep(column: 'origin' | 'split', filter: PairFilter): SqlStep {
  const src = source(filter);
  if (!src.searching) {
    const conditions = src.where.map((c) => c.replace('p.', ''));
    return {
      sql: `SELECT ${column} AS key, sum(n) AS n FROM pair_counts ${whereClause(conditions)} GROUP BY ${column}`,
      params: src.params,
    };
  }
  return {
    sql: `SELECT p.${column} AS key, count(*) AS n FROM ${src.from} ${whereClause(src.where)} GROUP BY p.${column}`,
    params: src.params,
  };
}

/** One chunk of whole pairs after `@afterId`, in id order (`iterate`). */
export function chunkStep(filter: PairFilter): SqlStep {
  const src = source(filter);
  return {
    sql: `SELECT ${PAIR_COLUMNS} FROM ${src.from} ${whereClause([...src.where, `${src.idExpr} > @afterId`])} ORDER BY ${src.idExpr} LIMIT @limit`,
    params: src.params,
  };
}
