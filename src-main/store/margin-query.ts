// The margin side of pair queries: a model's margin sorts and filters as ranges of the scores indexes (migration 2).
import type { PairFilter, SortKey } from '../shared/dto';
import { ErrorCode, StudioError } from '../shared/errors';

export type MarginSort = 'margin' | 'absMargin';

export function isMarginSort(sort: SortKey): sort is MarginSort {
  return sort === 'margin' || sort === 'absMargin';
}

/** Margin filters keep only pairs the model scored. */
export function hasMarginFilter(filter: PairFilter): boolean {
  return filter.absMarginMin !== undefined || filter.absMarginMax !== undefined || filter.disagree === true;
}

/** Margin sorts and filters read one model's scores: without `modelId` there are none to read. */
export function checkMarginQuery(filter: PairFilter, sort: SortKey): void {
  if (filter.modelId !== undefined) return;
  const field = isMarginSort(sort)
    ? 'sort'
    : filter.absMarginMin !== undefined
      ? 'absMarginMin'
      : filter.absMarginMax !== undefined
        ? 'absMarginMax'
        : filter.disagree === true
          ? 'disagree'
          : null;
  if (field === null) return;
  throw new StudioError(
    ErrorCode.InvalidRequest,
    `${field === 'sort' ? `Sorting by ${sort}` : `The ${field} filter`} needs a modelId: whose margins should it use?`,
    { field },
  );
}

/** The band and disagree filters as SQL conditions on the joined scores row `s`. */
export function marginConditions(filter: PairFilter): { where: string[]; params: Record<string, number> } {
  const where: string[] = [];
  const params: Record<string, number> = {};
  if (filter.absMarginMin !== undefined) {
    where.push('s.abs_margin >= @absMarginMin');
    params.absMarginMin = filter.absMarginMin;
  }
  if (filter.absMarginMax !== undefined) {
    where.push('s.abs_margin <= @absMarginMax');
    params.absMarginMax = filter.absMarginMax;
  }
  // A literal 0, not a parameter: SQLite only picks the partial index when the query repeats its WHERE term.
  if (filter.disagree === true) where.push('s.margin < 0');
  return { where, params };
}

interface Bound {
  value: number;
  inclusive: boolean;
}

/** An interval of one sort column; null ends are unbounded. */
export interface Range {
  lo: Bound | null;
  hi: Bound | null;
}

/** How a margin sort walks the scores: the indexed column and the ranges of it that pass the filters, ascending. */
export interface MarginAxis {
  column: 's.margin' | 's.abs_margin';
  index: string;
  ranges: Range[];
  /** Conditions every step repeats (the disagree term that selects the partial index). */
  where: string[];
}

const at = (value: number): Bound => ({ value, inclusive: true });

/**
 * A |margin| band [a, b] is two ranges of margin, [-b, -a] and [a, b], walked one after the other (one when a is
 * 0); disagreement cuts them to margin < 0. A |margin| sort walks [a, b] of abs_margin, in the partial index when
 * only disagreeing pairs are wanted.
 */
export function marginAxis(filter: PairFilter, sort: MarginSort): MarginAxis {
  const min = filter.absMarginMin;
  const max = filter.absMarginMax;
  const disagree = filter.disagree === true;
  if (sort === 'absMargin') {
    return {
      column: 's.abs_margin',
      index: disagree ? 'scores_model_disagree_abs_margin' : 'scores_model_abs_margin',
      ranges: [{ lo: min === undefined ? null : at(min), hi: max === undefined ? null : at(max) }],
      where: disagree ? ['s.margin < 0'] : [],
    };
  }
  const a = min ?? 0;
  const negative: Range = { lo: max === undefined ? null : at(-max), hi: at(-a) };
  const positive: Range = { lo: at(a), hi: max === undefined ? null : at(max) };
  let ranges: Range[];
  if (disagree) ranges = [a > 0 ? negative : { lo: negative.lo, hi: { value: 0, inclusive: false } }];
  else if (min === undefined && max === undefined) ranges = [{ lo: null, hi: null }];
  else if (a === 0) ranges = [{ lo: negative.lo, hi: positive.hi }];
  else ranges = [negative, positive];
  return { column: 's.margin', index: 'scores_model_margin', ranges, where: [] };
}

/** Disagreeing pairs within the band: one range of margin, below zero. */
export function disagreeRange(filter: PairFilter): Range {
  return marginAxis({ ...filter, disagree: true }, 'margin').ranges[0] as Range;
}

function isEmpty(r: Range): boolean {
  if (r.lo === null || r.hi === null) return false;
  return r.lo.value > r.hi.value || (r.lo.value === r.hi.value && !(r.lo.inclusive && r.hi.inclusive));
}

export function rangeContains(r: Range, v: number): boolean {
  const aboveLo = r.lo === null || v > r.lo.value || (r.lo.inclusive && v === r.lo.value);
  const belowHi = r.hi === null || v < r.hi.value || (r.hi.inclusive && v === r.hi.value);
  return aboveLo && belowHi;
}

/**
 * The ranges still ahead of a cursor value in walking order, each cut to start strictly past it (rows equal to
 * the cursor's value are the tie step's). Cutting in JS rather than adding `col > @after` to the range's own
 * bounds keeps one lower and one upper bound per statement: SQLite seeks on only one bound per side.
 */
export function rangesAhead(ranges: Range[], dir: 'asc' | 'desc', after: number | null): Range[] {
  const ordered = dir === 'asc' ? ranges : [...ranges].reverse();
  const past: Bound | null = after === null ? null : { value: after, inclusive: false };
  return ordered
    .map((r): Range => {
      if (past === null) return r;
      if (dir === 'asc') return r.lo === null || past.value >= r.lo.value ? { lo: past, hi: r.hi } : r;
      return r.hi === null || past.value <= r.hi.value ? { lo: r.lo, hi: past } : r;
    })
    .filter((r) => !isEmpty(r));
}

/** SQL conditions and parameters bounding `column` to a range. */
export function rangeConditions(
  column: string,
  r: Range,
): { where: string[]; params: Record<string, number> } {
  const where: string[] = [];
  const params: Record<string, number> = {};
  if (r.lo !== null) {
    where.push(`${column} ${r.lo.inclusive ? '>=' : '>'} @lo`);
    params.lo = r.lo.value;
  }
  if (r.hi !== null) {
    where.push(`${column} ${r.hi.inclusive ? '<=' : '<'} @hi`);
    params.hi = r.hi.value;
  }
  return { where, params };
}
