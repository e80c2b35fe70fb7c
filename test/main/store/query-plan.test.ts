// EXPLAIN QUERY PLAN for the hot queries: each list page walks an index, or sorts one filter's rows when few match.
import { describe, expect, it } from 'vitest';
import type { PairFilter, SortKey } from '../../../src-main/shared/dto';
import { countStep } from '../../../src-main/store/count-query';
import {
  chunkStep,
  lengthPlanFor,
  pageSteps,
  searchModeFor,
  type SqlStep,
} from '../../../src-main/store/pair-query';
import { HASHES_IN_SQL } from '../../../src-main/store/pairs-repo';
import { byMarginSql } from '../../../src-main/store/scores-repo';
import { planConnection } from './fixtures';

const connection = planConnection();

function plan(step: SqlStep): string {
  const rows = connection().prepare(`EXPLAIN QUERY PLAN ${step.sql}`).all({ limit: 50, ...step.params }) as {
    detail: string;
  }[];
  return rows.map((r) => r.detail).join(' | ');
}

type PairSort = Exclude<SortKey, 'margin' | 'absMargin'>;
const INDEX_SUFFIX: Record<Exclude<PairSort, 'id' | 'createdAt'>, string> = {
  promptLen: 'prompt_len',
  chosenLen: 'chosen_len',
  rejectedLen: 'rejected_len',
};

/**
 * The index that walks a filter + sort: the filter's own index for id order; for lengths the data set's
 * (dataset_id, length) index, or the global length index testing origin / split on each row (migration 3).
 */
function intended(filterName: string | null, sort: PairSort): string | null {
  if (sort === 'id' || sort === 'createdAt') return filterName === null ? null : `pairs_${filterName}`;
  return filterName === 'dataset' ? `pairs_dataset_${INDEX_SUFFIX[sort]}` : `pairs_${INDEX_SUFFIX[sort]}`;
}

const FILTERS: [string | null, PairFilter][] = [
  [null, {}],
  ['dataset', { datasetId: 1 }],
  ['origin', { origin: 'discovered' }],
  ['split', { split: 'validation' }],
];
const SORTS: PairSort[] = ['id', 'createdAt', 'promptLen', 'chosenLen', 'rejectedLen'];

describe('pair list query plans', () => {
  for (const [filterName, filter] of FILTERS) {
    for (const sort of SORTS) {
      for (const dir of ['asc', 'desc'] as const) {
        it(`${filterName ?? 'no filter'}, ${sort} ${dir}: first and later pages walk the intended index`, () => {
          const value = sort === 'createdAt' ? '2025-01-01T00:00:00.000Z' : 10;
          const steps = [
            ...pageSteps({ filter, sort, dir, after: null }),
            ...pageSteps({ filter, sort, dir, after: { value, id: 100 } }),
          ];
          const index = intended(filterName, sort);
          for (const step of steps) {
            const p = plan(step);
            expect(p).not.toContain('TEMP B-TREE');
            if (index === null)
              expect(p).toMatch(/^(SCAN p|SEARCH p USING INTEGER PRIMARY KEY \(rowid[<>]\?\))$/);
            // The first page walks the sort index from one end (SCAN ... USING INDEX, stopped by LIMIT).
            else expect(p).toMatch(new RegExp(`^(SCAN|SEARCH) p USING INDEX ${index}\\b`));
          }
        });
      }
    }
  }

  it('sorts a length page from the filter index under the sort plan, ties still seeking a length index', () => {
    const filter: PairFilter = { datasetId: 1, origin: 'edited', split: 'test' };
    const lengthPlan = { kind: 'sort', index: 'pairs_origin' } as const;
    const [first] = pageSteps({ filter, sort: 'chosenLen', dir: 'desc', after: null, lengthPlan });
    expect(plan(first as SqlStep)).toBe(
      'SEARCH p USING INDEX pairs_origin (origin=?) | USE TEMP B-TREE FOR ORDER BY',
    );
    const [ties, rest] = pageSteps({
      filter,
      sort: 'chosenLen',
      dir: 'desc',
      after: { value: 10, id: 100 },
      lengthPlan,
    });
    expect(plan(ties as SqlStep)).toBe(
      'SEARCH p USING INDEX pairs_dataset_chosen_len (dataset_id=? AND chosen_len=? AND rowid<?)',
    );
    expect(plan(rest as SqlStep)).toBe(
      'SEARCH p USING INDEX pairs_origin (origin=?) | USE TEMP B-TREE FOR ORDER BY',
    );
  });

  it('chooses the length plan from exact counts: walk when most pairs match, sort when few do', () => {
    const origin = (rows: number) => ({ index: 'pairs_origin', rows });
    // 85% of a million pairs match: a walk tests ~60 rows, sorting would read 850k.
    expect(lengthPlanFor(850_000, 1_000_000, [origin(850_000)], 51)).toEqual({ kind: 'walk' });
    // 1% match: a walk tests ~5,100 rows, fewer than the 10k sorting reads; at 0.1% a walk tests ~51,000.
    expect(lengthPlanFor(10_000, 1_000_000, [origin(10_000)], 51)).toEqual({ kind: 'walk' });
    expect(lengthPlanFor(1_000, 1_000_000, [origin(1_000)], 51)).toEqual({
      kind: 'sort',
      index: 'pairs_origin',
    });
    // Combined filters: the most selective one drives, and a rare combination still sorts.
    const split = { index: 'pairs_split', rows: 100_000 };
    expect(lengthPlanFor(500, 1_000_000, [origin(600_000), split], 51)).toEqual({
      kind: 'sort',
      index: 'pairs_split',
    });
    expect(lengthPlanFor(0, 1_000_000, [split], 51)).toEqual({ kind: 'sort', index: 'pairs_split' });
    expect(lengthPlanFor(10, 1_000_000, [], 51)).toEqual({ kind: 'walk' });
    // The pairs-page.test.ts fixture (240 pairs, 14-row pages) exercises both plans.
    expect(lengthPlanFor(60, 240, [origin(60)], 14)).toEqual({ kind: 'walk' });
    expect(lengthPlanFor(10, 240, [origin(60), { index: 'pairs_split', rows: 80 }], 14)).toEqual({
      kind: 'sort',
      index: 'pairs_origin',
    });
  });

  it('lets FTS5 stream matches in id order when searching by id', () => {
    for (const after of [null, { value: 5, id: 5 }]) {
      const p = plan(
        pageSteps({
          filter: { search: 'bread', datasetId: 1 },
          sort: 'id',
          dir: 'desc',
          after,
        })[0] as SqlStep,
      );
      expect(p).toMatch(/^SCAN pairs_fts VIRTUAL TABLE INDEX \d+:/);
      expect(p).toContain('SEARCH p USING INTEGER PRIMARY KEY (rowid=?)');
      expect(p).not.toContain('TEMP B-TREE');
    }
  });

  it('probes FTS5 from the length index when most pairs match, and scans FTS5 when few do', () => {
    for (const filter of [{ search: 'the' }, { search: 'the', datasetId: 1 }]) {
      const steps = pageSteps({
        filter,
        sort: 'promptLen',
        dir: 'asc',
        after: { value: 3, id: 9 },
        searchMode: 'probe',
      });
      for (const step of steps) {
        const p = plan(step);
        expect(p).toMatch(
          /^SEARCH p USING INDEX pairs_(dataset_)?prompt_len .*SCAN pairs_fts EXISTS VIRTUAL TABLE INDEX \d+:=/,
        );
        expect(p).not.toContain('TEMP B-TREE');
      }
    }
    expect(searchModeFor(500_000, 1_000_000, 51)).toBe('probe');
    expect(searchModeFor(5_000, 1_000_000, 51)).toBe('scan');
    // The fixture sizes the page walks in pairs-page.test.ts rely on to exercise both modes.
    expect(searchModeFor(240, 240, 2)).toBe('probe');
    expect(searchModeFor(120, 120, 2)).toBe('probe');
    expect(searchModeFor(6, 240, 6)).toBe('scan');
  });

  it('counts a filter from pair_counts, never from pairs', () => {
    for (const [, filter] of FILTERS) {
      const p = plan(countStep(filter));
      expect(p).toMatch(/pair_counts/);
      expect(p).not.toMatch(/\bp\b|pairs /);
    }
    expect(plan(countStep({ search: 'bread' }))).toMatch(/^SCAN pairs_fts VIRTUAL TABLE/);
  });

  it('streams chunks by rowid and reads duplicate hashes through the data set index', () => {
    expect(plan({ ...chunkStep({}), params: { afterId: 0 } })).toBe(
      'SEARCH p USING INTEGER PRIMARY KEY (rowid>?)',
    );
    expect(plan({ ...chunkStep({ datasetId: 1 }), params: { datasetId: 1, afterId: 0 } })).toBe(
      'SEARCH p USING INDEX pairs_dataset (dataset_id=? AND rowid>?)',
    );
    expect(plan({ sql: HASHES_IN_SQL, params: { datasetId: 1 } })).toBe(
      'SEARCH pairs USING INDEX pairs_dataset (dataset_id=?)',
    );
  });

  it('pages scores by margin through the (model_id, margin) index', () => {
    for (const dir of ['asc', 'desc'] as const) {
      for (const withCursor of [false, true]) {
        const p = plan({
          sql: byMarginSql(dir, withCursor),
          params: { modelId: 1, maxMargin: 1, margin: 0, pairId: 1 },
        });
        expect(p).toMatch(/^SEARCH scores USING INDEX scores_model_margin \(model_id=\?/);
        expect(p).not.toContain('TEMP B-TREE');
      }
    }
  });
});
