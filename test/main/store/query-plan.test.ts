// EXPLAIN QUERY PLAN for the hot queries: each list page is an index range scan, never a full scan plus a sort.
import { rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PairFilter, SortKey } from '../../../src-main/shared/dto';
import { openConnection } from '../../../src-main/store/connection';
import { countStep } from '../../../src-main/store/count-query';
import { chunkStep, pageSteps, searchModeFor, type SqlStep } from '../../../src-main/store/pair-query';
import { HASHES_IN_SQL } from '../../../src-main/store/pairs-repo';
import { byMarginSql } from '../../../src-main/store/scores-repo';
import { tmpProject } from './fixtures';

let db: Database.Database;
let dir: string;
beforeAll(() => {
  const t = tmpProject();
  t.project.close();
  dir = t.dir;
  db = openConnection(t.file, true);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function plan(step: SqlStep): string {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${step.sql}`).all({ limit: 50, ...step.params }) as {
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

/** The index that should answer a filter + sort: `pairs_<filter>_<column>`, or the filter's own index for id order. */
function intended(filterName: string | null, sort: PairSort): string | null {
  const column = sort === 'id' || sort === 'createdAt' ? null : INDEX_SUFFIX[sort];
  if (filterName === null) return column === null ? null : `pairs_${column}`;
  return column === null ? `pairs_${filterName}` : `pairs_${filterName}_${column}`;
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
        it(`${filterName ?? 'no filter'}, ${sort} ${dir}: first and later pages seek the intended index`, () => {
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
            // With no filter the first page walks the sort index from one end (SCAN ... USING INDEX, stopped by LIMIT).
            else
              expect(p).toMatch(
                new RegExp(`^${filterName === null ? '(SCAN|SEARCH)' : 'SEARCH'} p USING INDEX ${index}\\b`),
              );
          }
        });
      }
    }
  }

  it('uses the data set index when data set, origin and split are combined', () => {
    const p = plan(
      pageSteps({
        filter: { datasetId: 1, origin: 'edited', split: 'test' },
        sort: 'chosenLen',
        dir: 'asc',
        after: null,
      })[0] as SqlStep,
    );
    expect(p).not.toContain('TEMP B-TREE');
    expect(p).toMatch(/USING INDEX pairs_(dataset|origin|split)_chosen_len/);
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

  it('streams chunks by rowid and reads duplicate hashes from a covering index', () => {
    expect(plan({ ...chunkStep({}), params: { afterId: 0 } })).toBe(
      'SEARCH p USING INTEGER PRIMARY KEY (rowid>?)',
    );
    expect(plan({ ...chunkStep({ datasetId: 1 }), params: { datasetId: 1, afterId: 0 } })).toBe(
      'SEARCH p USING INDEX pairs_dataset (dataset_id=? AND rowid>?)',
    );
    expect(plan({ sql: HASHES_IN_SQL, params: { datasetId: 1 } })).toBe(
      'SEARCH pairs USING COVERING INDEX pairs_dataset_hash (dataset_id=?)',
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
