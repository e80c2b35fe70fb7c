// Pair lists by a model's margins: margin and |margin| sorts, band and disagree filters, paged by cursor against JS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Origin, PageQuery, PairFilter, PairSummary, Split } from '../../../src-main/shared/dto';
import { ErrorCode, StudioError } from '../../../src-main/shared/errors';
import type { NewPair } from '../../../src-main/store/types';
import { tmpProject, type TmpProject } from './fixtures';

const ORIGINS: Origin[] = ['original', 'augmented', 'discovered', 'edited'];
const SPLITS: Split[] = ['train', 'validation', 'test'];
/** Exact in binary, symmetric around zero, and few: many pairs tie on margin and even more on |margin|. */
const MARGINS = [-2, -1.5, -1, -0.5, -0.25, 0, 0.25, 0.5, 1, 1.5, 2, 0.5, 1];

let t: TmpProject;
let dsA: number;
let dsB: number;
let model: number;
let other: number;
/** Every pair with the model's score where it has one, read once through a LEFT JOIN page. */
let all: PairSummary[];

function newPair(datasetId: number, i: number): NewPair {
  return {
    datasetId,
    prompt: `p${i} ${i % 5 === 0 ? 'bread' : 'soup'} ${'x'.repeat(i % 3)}`,
    chosen: `c${i} ${'y'.repeat(i % 4)}`,
    rejected: `r${i}`,
    split: SPLITS[i % 3] as Split,
    origin: ORIGINS[(i * 5) % 4] as Origin,
  };
}

beforeAll(() => {
  t = tmpProject();
  const p = t.project;
  dsA = p.datasets.create({ name: 'a', sourcePath: null, format: null }).id;
  dsB = p.datasets.create({ name: 'b', sourcePath: null, format: null }).id;
  const ids = p.transaction(() =>
    p.pairs.insertMany(Array.from({ length: 240 }, (_, i) => newPair(i % 2 === 0 ? dsA : dsB, i))),
  );
  model = p.models.create({ name: 'rm', kind: 'reward' }).id;
  other = p.models.create({ name: 'rm-other', kind: 'reward' }).id;
  // Every sixth pair stays unscored; r_rejected varies so the margin is a real difference, not a copy.
  const scored = ids.filter((_, i) => i % 6 !== 5);
  p.transaction(() => {
    p.scores.upsertMany(
      model,
      scored.map((pairId, i) => ({
        pairId,
        rChosen: (MARGINS[i % MARGINS.length] as number) + (i % 3),
        rRejected: i % 3,
      })),
    );
    // Another model's scores must never leak into this model's lists.
    p.scores.upsertMany(
      other,
      ids.map((pairId) => ({ pairId, rChosen: -9, rRejected: 0 })),
    );
  });
  all = p.pairs.page({ modelId: model, limit: 500 }).rows;
});
afterAll(() => t.cleanup());

function walk(q: PageQuery): { ids: number[]; rows: PairSummary[]; totals: number[] } {
  const rows: PairSummary[] = [];
  const totals: number[] = [];
  let after: string | undefined;
  for (;;) {
    const page = t.project.pairs.page({ ...q, after });
    rows.push(...page.rows);
    totals.push(page.total);
    // A cursor that stops advancing would otherwise loop until memory runs out.
    if (totals.length > 300) throw new Error(`no last page after 300 pages of ${JSON.stringify(q)}`);
    if (page.nextCursor === null) return { ids: rows.map((r) => r.id), rows, totals };
    after = page.nextCursor;
  }
}

const margin = (r: PairSummary): number => r.score?.margin ?? Number.NaN;

/** The brute-force answer: filter in JS, sort by (key, id) in the walk's direction. */
function expected(q: PageQuery): number[] {
  const keep = (r: PairSummary): boolean => {
    if (q.datasetId !== undefined && r.datasetId !== q.datasetId) return false;
    if (q.origin !== undefined && r.origin !== q.origin) return false;
    if (q.split !== undefined && r.split !== q.split) return false;
    if (q.search !== undefined && !r.promptPreview.includes(q.search)) return false;
    const marginal = q.sort === 'margin' || q.sort === 'absMargin' || q.disagree === true;
    if ((marginal || q.absMarginMin !== undefined || q.absMarginMax !== undefined) && r.score === undefined)
      return false;
    if (q.disagree === true && !(margin(r) < 0)) return false;
    if (q.absMarginMin !== undefined && !(Math.abs(margin(r)) >= q.absMarginMin)) return false;
    if (q.absMarginMax !== undefined && !(Math.abs(margin(r)) <= q.absMarginMax)) return false;
    return true;
  };
  const key = (r: PairSummary): number =>
    q.sort === 'margin'
      ? margin(r)
      : q.sort === 'absMargin'
        ? Math.abs(margin(r))
        : q.sort === 'chosenLen'
          ? r.chosenLen
          : r.id;
  const sign = q.dir === 'desc' ? -1 : 1;
  return all
    .filter(keep)
    .sort((a, b) => sign * (key(a) - key(b) || a.id - b.id))
    .map((r) => r.id);
}

const FILTERS: [string, PairFilter][] = [
  ['no filter', {}],
  ['band [0.5, 1.5]', { absMarginMin: 0.5, absMarginMax: 1.5 }],
  ['band [0, 0.5]', { absMarginMin: 0, absMarginMax: 0.5 }],
  ['band min 1', { absMarginMin: 1 }],
  ['band max 0.25', { absMarginMax: 0.25 }],
  ['empty band', { absMarginMin: 2, absMarginMax: 1 }],
  ['disagree', { disagree: true }],
  ['disagree, band [0.5, 1.5]', { disagree: true, absMarginMin: 0.5, absMarginMax: 1.5 }],
  ['disagree, band max 1', { disagree: true, absMarginMin: 0, absMarginMax: 1 }],
  ['data set', { datasetId: -1 }],
  ['origin + split, band min 0.5', { origin: 'augmented', split: 'test', absMarginMin: 0.5 }],
  ['search, disagree', { search: 'bread', disagree: true }],
];

describe('pairs.page by margin', () => {
  it('has ties on every margin and |margin| in the fixture, and unscored pairs', () => {
    const scored = all.filter((r) => r.score !== undefined);
    expect(scored).toHaveLength(200);
    expect(new Set(scored.map(margin)).size).toBe(11);
    expect(new Set(scored.map((r) => Math.abs(margin(r)))).size).toBe(6);
    expect(all.filter((r) => !('score' in r))).toHaveLength(40);
    expect(margin(all[0] as PairSummary)).toBe(-2);
    expect(all[0]?.score).toEqual({ rChosen: -2, rRejected: 0, margin: -2 });
  });

  for (const [label, filter] of FILTERS) {
    for (const sort of ['margin', 'absMargin', 'id', 'chosenLen'] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        it(`walks ${label}, ${sort} ${dir} in order, once each, with an exact total`, () => {
          const q: PageQuery = { ...filter, modelId: model, sort, dir, limit: 7 };
          if (filter.datasetId !== undefined) q.datasetId = dsB;
          const want = expected(q);
          const got = walk(q);
          expect(got.ids).toEqual(want);
          // One page holding everything crosses every range boundary (e.g. margin <= 0 into margin >= 0) mid-page.
          expect(t.project.pairs.page({ ...q, limit: 500 }).rows.map((r) => r.id)).toEqual(want);
          expect(new Set(got.totals)).toEqual(new Set([want.length]));
          // Rows carry this model's scores, never the other model's -9.
          expect(got.rows.every((r) => r.score === undefined || r.score.margin !== -9)).toBe(true);
        });
      }
    }
  }

  it('skips the total when asked (withTotal: false) and pages exactly as with it', () => {
    for (const sort of ['absMargin', 'chosenLen'] as const) {
      const q: PageQuery = { modelId: model, datasetId: dsB, absMarginMin: 0.5, sort, limit: 7 };
      const want = walk(q);
      const ids: number[] = [];
      let after: string | undefined;
      for (;;) {
        const page = t.project.pairs.page({ ...q, after, withTotal: after === undefined });
        expect(page.total).toBe(after === undefined ? want.ids.length : -1);
        ids.push(...page.rows.map((r) => r.id));
        if (page.nextCursor === null) break;
        after = page.nextCursor;
      }
      expect(ids).toEqual(want.ids);
      expect(want.ids.length).toBeGreaterThan(7);
    }
  });

  // With one row a page, 'soup' (in 4 of 5 pairs) makes the page probe FTS5 while walking the scores index.
  it('walks a common word by margin, probing FTS5 from the scores index', () => {
    for (const [sort, dir] of [
      ['margin', 'asc'],
      ['absMargin', 'desc'],
    ] as const) {
      const q: PageQuery = { modelId: model, search: 'soup', sort, dir, limit: 1 };
      expect(walk(q).ids).toEqual(expected(q));
    }
  });

  it('counts, groups and streams the same pairs the lists show', () => {
    for (const [, base] of FILTERS) {
      const filter: PairFilter = { ...base, modelId: model };
      if (filter.datasetId !== undefined) filter.datasetId = dsA;
      const listed = all.filter((r) => expected({ ...filter, sort: 'id' }).includes(r.id));
      expect(t.project.pairs.count(filter)).toBe(listed.length);
      const bySplit: Record<string, number> = {};
      for (const r of listed) bySplit[r.split] = (bySplit[r.split] ?? 0) + 1;
      expect(t.project.pairs.countBy('split', filter)).toEqual(bySplit);
      expect([...t.project.pairs.iterate(filter, 4)].map((p) => p.id)).toEqual(listed.map((r) => r.id));
    }
  });

  it('lists every pair under an id sort with a model, scored or not', () => {
    const page = t.project.pairs.page({ modelId: model, sort: 'chosenLen', limit: 500 });
    expect(page.total).toBe(240);
    expect(page.rows.filter((r) => r.score !== undefined)).toHaveLength(200);
    expect(t.project.pairs.page({ modelId: model, sort: 'margin', limit: 1 }).total).toBe(200);
    expect(t.project.pairs.page({ modelId: model + 99, sort: 'margin' })).toEqual({
      rows: [],
      nextCursor: null,
      total: 0,
    });
  });

  it('refuses margin sorts and filters without a model, naming the field', () => {
    const cases: [() => unknown, string][] = [
      [() => t.project.pairs.page({ sort: 'absMargin' }), 'sort'],
      [() => t.project.pairs.page({ disagree: true }), 'disagree'],
      [() => t.project.pairs.count({ absMarginMin: 1 }), 'absMarginMin'],
      [() => [...t.project.pairs.iterate({ absMarginMax: 1 })], 'absMarginMax'],
    ];
    for (const [fn, field] of cases) {
      let error: unknown;
      try {
        fn();
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(StudioError);
      expect((error as StudioError).code).toBe(ErrorCode.InvalidRequest);
      expect((error as StudioError).details).toEqual({ field });
    }
  });
});
