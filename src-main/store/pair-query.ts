// Builds the SQL behind pair lists, counts and streams: which index answers which filter and sort.
import type { PairFilter, SortKey } from '../shared/dto';
import type { CursorValue } from './cursor';
import { toFtsQuery } from './fts-query';
import {
  hasMarginFilter,
  isMarginSort,
  marginAxis,
  marginConditions,
  rangeConditions,
  rangeContains,
  rangesAhead,
  type MarginSort,
} from './margin-query';

/** A statement and its named parameters; `@limit` (where present) is bound by the caller. */
export interface SqlStep {
  sql: string;
  params: Record<string, string | number>;
}

/** createdAt is absent: created_at never decreases as ids grow, so creation order is id order (migration 1). */
export const SORT_COLUMN: Record<Exclude<SortKey, 'id' | 'createdAt' | MarginSort>, string> = {
  promptLen: 'p.prompt_len',
  chosenLen: 'p.chosen_len',
  rejectedLen: 'p.rejected_len',
};

export const PREVIEW_CHARS = 200;

export const SUMMARY_COLUMNS = `p.id, p.dataset_id, substr(p.prompt, 1, ${PREVIEW_CHARS}) AS prompt_preview,
  substr(p.chosen, 1, ${PREVIEW_CHARS}) AS chosen_preview, substr(p.rejected, 1, ${PREVIEW_CHARS}) AS rejected_preview,
  p.origin, p.split, p.tie, p.prompt_len, p.chosen_len, p.rejected_len, p.created_at, p.review_status`;

/** Appended when a model is named; NULLs under the LEFT JOIN for pairs it did not score. */
export const SCORE_COLUMNS = 's.r_chosen, s.r_rejected, s.margin';

export const PAIR_COLUMNS = `p.id, p.dataset_id, p.prompt, p.chosen, p.rejected, p.prompt_messages, p.tie, p.strength,
  p.split, p.origin, p.parent_id, p.round, p.model_id, p.provenance, p.source_format, p.source_line, p.extra,
  p.content_hash, p.created_at, p.review_status`;

interface Source {
  from: string;
  where: string[];
  params: Record<string, string | number>;
  /** The id column to order and seek on: FTS5's rowid when searching, so FTS5 streams matches in id order. */
  idExpr: string;
}

/**
 * How a model's scores meet the pairs:
 * - `left`: rows carry the score when there is one (id and length sorts, no margin filter).
 * - `inner`: only scored pairs, looked up by primary key from each pair the pairs' own index yields (margin filters
 *   under an id or length sort: the pair order still comes from a pairs index, the score only filters).
 * - `drive`: margin sorts walk a scores index and look each pair up (see MarginAxis); FTS5 still drives in scan mode.
 */
export type ScoreJoin = 'none' | 'left' | 'inner' | 'drive';

export function scoreJoinFor(filter: PairFilter, sort: SortKey): ScoreJoin {
  if (filter.modelId === undefined) return 'none';
  if (isMarginSort(sort)) return 'drive';
  return hasMarginFilter(filter) ? 'inner' : 'left';
}

const SCORE_ON = 's.model_id = @modelId AND s.pair_id = p.id';

/**
 * How a search meets a sort by length or margin:
 * - `scan`: FTS5 drives the loop (CROSS JOIN pins the order) and the matches are sorted; cost grows with the
 *   number of matches.
 * - `probe`: the sort's index drives the loop and each pair is checked against FTS5 by rowid; cost grows with
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

/**
 * The FROM and WHERE shared by a filter's lists, counts and streams; `index` is the scores index a `drive` join
 * walks. A search that sanitises to nothing (only punctuation, say) is treated like an empty search box.
 */
export function source(
  filter: PairFilter,
  mode: SearchMode = 'scan',
  join: ScoreJoin = 'none',
  index = '',
  pairsIndex: string | null = null,
): Source {
  const match = filter.search === undefined ? null : toFtsQuery(filter.search);
  const ftsDrives = match !== null && mode === 'scan';
  const src: Source = ftsDrives
    ? {
        from: 'pairs_fts CROSS JOIN pairs p ON p.id = pairs_fts.rowid',
        where: ['pairs_fts MATCH @match'],
        params: { match },
        idExpr: 'pairs_fts.rowid',
      }
    : {
        from: pairsIndex === null ? 'pairs p' : `pairs p INDEXED BY ${pairsIndex}`,
        where: [],
        params: {},
        idExpr: 'p.id',
      };
  if (match !== null && !ftsDrives) {
    src.where.push(
      'EXISTS (SELECT 1 FROM pairs_fts WHERE pairs_fts MATCH @match AND pairs_fts.rowid = p.id)',
    );
    src.params.match = match;
  }
  if (join !== 'none') src.params.modelId = filter.modelId as number;
  if (join === 'left') src.from += ` LEFT JOIN scores s ON ${SCORE_ON}`;
  if (join === 'inner' || (join === 'drive' && ftsDrives)) src.from += ` CROSS JOIN scores s ON ${SCORE_ON}`;
  if (join === 'drive' && !ftsDrives) {
    // INDEXED BY: with s.pair_id bound by the cursor, SQLite would otherwise walk the primary key (model_id,
    // pair_id) and test the margin, i.e. every score of the model.
    src.from = `scores s INDEXED BY ${index} CROSS JOIN pairs p ON p.id = s.pair_id`;
    src.where.push('s.model_id = @modelId');
  }
  if (join === 'inner') {
    const margin = marginConditions(filter);
    src.where.push(...margin.where);
    Object.assign(src.params, margin.params);
  }
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
  if (filter.reviewStatus !== undefined) {
    src.where.push('p.review_status = @reviewStatus');
    src.params.reviewStatus = filter.reviewStatus;
  }
  return src;
}

/** The (column, rowid) index of each pair equality filter, in the order pair_counts keys them. */
export const FILTER_INDEX: [keyof PairFilter & ('datasetId' | 'origin' | 'split'), string][] = [
  ['datasetId', 'pairs_dataset'],
  ['origin', 'pairs_origin'],
  ['split', 'pairs_split'],
];

/**
 * How a length sort meets origin / split filters (migration 3 dropped their (filter, length) indexes):
 * - `walk`: the length index in sort order (the data set's when filtering by one), testing the filters on each
 *   row; a page reads about limit × scope / matched rows, scope being the pairs that index range holds.
 * - `sort`: every row of the most selective filter's (column, rowid) index, the matches sorted; reads that
 *   filter's count of rows whatever the page.
 */
export type LengthPlan = { kind: 'walk' } | { kind: 'sort'; index: string };

/** One filter's index and how many pairs it holds (exact, from pair_counts). */
export interface LengthDriver {
  index: string;
  rows: number;
}

/**
 * Both plans cost about the same per row read (an index step and a row lookup), so the one reading fewer rows
 * wins: sort when the smallest filter holds fewer pairs than a walk would test. The worst case, where both read
 * alike, is about sqrt(limit × scope) rows: 7,000 at 1M pairs and 51-row pages. Without filters it walks.
 */
export function lengthPlanFor(
  matched: number,
  scope: number,
  drivers: LengthDriver[],
  limit: number,
): LengthPlan {
  let best: LengthDriver | null = null;
  for (const d of drivers) if (best === null || d.rows < best.rows) best = d;
  if (best === null) return { kind: 'walk' };
  const walked = matched === 0 ? Infinity : (limit * scope) / matched;
  return best.rows < walked ? { kind: 'sort', index: best.index } : { kind: 'walk' };
}

export function whereClause(conditions: string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}

export interface PageSpec {
  filter: PairFilter;
  /** Only read when searching and sorting by a length or margin; id order always streams from FTS5. */
  searchMode?: SearchMode;
  /** Only read when sorting by a length without FTS5 driving; walk when absent. */
  lengthPlan?: LengthPlan;
  sort: SortKey;
  dir: 'asc' | 'desc';
  after: { value: CursorValue; id: number } | null;
}

type Select = (conditions: string[], orderBy: string, params: Record<string, string | number>) => SqlStep;

function selectFrom(src: Source, scored: boolean, shared: string[] = []): Select {
  const columns = scored ? `${SUMMARY_COLUMNS}, ${SCORE_COLUMNS}` : SUMMARY_COLUMNS;
  return (conditions, orderBy, params) => ({
    sql: `SELECT ${columns} FROM ${src.from} ${whereClause([...src.where, ...shared, ...conditions])} ORDER BY ${orderBy} LIMIT @limit`,
    params: { ...src.params, ...params },
  });
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
  if (isMarginSort(spec.sort)) return marginPageSteps(spec, spec.sort);
  const sort = spec.sort === 'createdAt' ? 'id' : spec.sort;
  const join = scoreJoinFor(spec.filter, sort);
  const src = source(spec.filter, sort === 'id' ? 'scan' : (spec.searchMode ?? 'scan'), join);
  const select = selectFrom(src, join !== 'none');
  const cmp = spec.dir === 'asc' ? '>' : '<';
  const dir = spec.dir.toUpperCase();
  if (sort === 'id') {
    const orderBy = `${src.idExpr} ${dir}`;
    if (spec.after === null) return [select([], orderBy, {})];
    return [select([`${src.idExpr} ${cmp} @afterId`], orderBy, { afterId: spec.after.id })];
  }
  const col = SORT_COLUMN[sort];
  const orderBy = `${col} ${dir}, p.id ${dir}`;
  // INDEXED BY pins the plan: without ANALYZE, SQLite takes any equality index and sorts every row it yields.
  const lengthIndex =
    spec.filter.datasetId === undefined ? `pairs_${col.slice(2)}` : `pairs_dataset_${col.slice(2)}`;
  const pinned = (index: string) =>
    src.idExpr === 'p.id'
      ? selectFrom(source(spec.filter, spec.searchMode ?? 'scan', join, '', index), join !== 'none')
      : select;
  const plan = spec.lengthPlan ?? { kind: 'walk' };
  const range = pinned(plan.kind === 'sort' ? plan.index : lengthIndex);
  if (spec.after === null) return [range([], orderBy, {})];
  const { value, id } = spec.after;
  // The cursor's ties are one seek on the length index, (length, rowid), whichever plan the page takes.
  return [
    pinned(lengthIndex)([`${col} = @afterValue`, `${src.idExpr} ${cmp} @afterId`], `${src.idExpr} ${dir}`, {
      afterValue: value,
      afterId: id,
    }),
    range([`${col} ${cmp} @afterValue`], orderBy, { afterValue: value }),
  ];
}

/**
 * Margin sorts keep the same two-seek shape on a scores index: the cursor's ties by pair id, then each range of
 * the axis still ahead (a |margin| band is two ranges of margin), each one index range in sort order.
 * Pair filters (data set, origin, split, probed search) are tested on the pair each score leads to: a page costs
 * about limit / (share of scored pairs passing them) lookups. Searching in scan mode lets FTS5 drive instead and
 * sorts the matches, as for lengths.
 */
function marginPageSteps(spec: PageSpec, sort: MarginSort): SqlStep[] {
  const axis = marginAxis(spec.filter, sort);
  const src = source(spec.filter, spec.searchMode ?? 'scan', 'drive', axis.index);
  const select = selectFrom(src, true, axis.where);
  const cmp = spec.dir === 'asc' ? '>' : '<';
  const dir = spec.dir.toUpperCase();
  const after = spec.after === null ? null : { value: Number(spec.after.value), id: spec.after.id };
  const steps: SqlStep[] = [];
  // A cursor whose value no range holds has no ties to show (only a forged cursor can be there).
  if (after !== null && axis.ranges.some((r) => rangeContains(r, after.value))) {
    steps.push(
      select([`${axis.column} = @afterValue`, `s.pair_id ${cmp} @afterId`], `s.pair_id ${dir}`, {
        afterValue: after.value,
        afterId: after.id,
      }),
    );
  }
  for (const range of rangesAhead(axis.ranges, spec.dir, after === null ? null : after.value)) {
    const bounds = rangeConditions(axis.column, range);
    steps.push(select(bounds.where, `${axis.column} ${dir}, s.pair_id ${dir}`, bounds.params));
  }
  return steps;
}

/** One chunk of whole pairs after `@afterId`, in id order (`iterate`); margin filters keep scored pairs only. */
export function chunkStep(filter: PairFilter): SqlStep {
  const src = source(filter, 'scan', hasMarginFilter(filter) ? 'inner' : 'none');
  return {
    sql: `SELECT ${PAIR_COLUMNS} FROM ${src.from} ${whereClause([...src.where, `${src.idExpr} > @afterId`])} ORDER BY ${src.idExpr} LIMIT @limit`,
    params: src.params,
  };
}
