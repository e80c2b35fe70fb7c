// EXPLAIN QUERY PLAN for margin lists and totals: scores index ranges in sort order, never a sort of all scores.
import { describe, expect, it } from 'vitest';
import type { PairFilter } from '../../../src-main/shared/dto';
import { countByStep, countStep } from '../../../src-main/store/count-query';
import { chunkStep, pageSteps, type SqlStep } from '../../../src-main/store/pair-query';
import { idsByHashSql } from '../../../src-main/store/pairs-repo';
import { planConnection } from './fixtures';

const connection = planConnection();

function plan(step: SqlStep, positional: unknown[] = []): string {
  const statement = connection().prepare(`EXPLAIN QUERY PLAN ${step.sql}`);
  const rows = (
    positional.length > 0
      ? statement.all(...positional)
      : statement.all({ limit: 50, afterId: 0, ...step.params })
  ) as { detail: string }[];
  return rows.map((r) => r.detail).join(' | ');
}

const M = 1;
const CURSOR = { value: 0.5, id: 100 };
const PAIR_BY_ROWID = 'SEARCH p USING INTEGER PRIMARY KEY \\(rowid=\\?\\)';

/** filter, sort, the index every step must walk, and whether the first page is already bounded by the filter. */
const WALKS: [string, PairFilter, 'margin' | 'absMargin', string, boolean][] = [
  ['scored', {}, 'margin', 'scores_model_margin', false],
  ['scored', {}, 'absMargin', 'scores_model_abs_margin', false],
  ['band', { absMarginMin: 0.2, absMarginMax: 2 }, 'margin', 'scores_model_margin', true],
  ['band', { absMarginMin: 0.2, absMarginMax: 2 }, 'absMargin', 'scores_model_abs_margin', true],
  ['disagree', { disagree: true }, 'margin', 'scores_model_margin', true],
  ['disagree', { disagree: true }, 'absMargin', 'scores_model_disagree_abs_margin', false],
  [
    'disagree band',
    { disagree: true, absMarginMin: 1 },
    'absMargin',
    'scores_model_disagree_abs_margin',
    true,
  ],
  ['data set', { datasetId: 1 }, 'margin', 'scores_model_margin', false],
  ['probed search', { search: 'bread', origin: 'edited' }, 'absMargin', 'scores_model_abs_margin', false],
];

describe('margin list query plans', () => {
  for (const [label, base, sort, index, bounded] of WALKS) {
    for (const dir of ['asc', 'desc'] as const) {
      it(`${label}, ${sort} ${dir}: every step is a range of ${index} in order, then the pair by rowid`, () => {
        const filter = { ...base, modelId: M };
        const col = sort === 'margin' ? 'margin' : 'abs_margin';
        // A value every filter above keeps, so the later page starts with the cursor's ties.
        const after = { value: sort === 'margin' ? -1.5 : 1.5, id: 100 };
        const first = pageSteps({ filter, sort, dir, after: null, searchMode: 'probe' });
        const [ties, ...rest] = pageSteps({ filter, sort, dir, after, searchMode: 'probe' });
        const range = new RegExp(
          `^SEARCH s USING INDEX ${index} \\(model_id=\\?((?: AND ${col}[<>]\\?){0,2})\\) \\| ${PAIR_BY_ROWID}`,
        );
        for (const [i, step] of [...first, ...rest].entries()) {
          const p = plan(step);
          expect(p).not.toContain('TEMP B-TREE');
          const bounds = range.exec(p);
          expect(bounds, p).not.toBeNull();
          // First-page steps of a filtered walk seek its bounds; later steps at least the cursor's.
          if (bounded || i >= first.length) expect(bounds?.[1], p).not.toBe('');
        }
        expect(plan(ties as SqlStep)).toMatch(
          new RegExp(`^SEARCH s USING INDEX ${index} \\(model_id=\\? AND ${col}=\\? AND pair_id[<>]\\?\\)`),
        );
      });
    }
  }

  it('walks a |margin| band as two ranges of margin, negative first when ascending', () => {
    const steps = pageSteps({
      filter: { modelId: M, absMarginMin: 1 },
      sort: 'margin',
      dir: 'asc',
      after: null,
    });
    expect(steps.map((s) => s.params)).toEqual([
      { modelId: M, hi: -1 },
      { modelId: M, lo: 1 },
    ]);
    const desc = pageSteps({
      filter: { modelId: M, absMarginMin: 1, absMarginMax: 3 },
      sort: 'margin',
      dir: 'desc',
      after: { value: -2, id: 9 },
    });
    // Past -2 going down only [-3, -2) is left, after the ties at -2.
    expect(desc.map((s) => s.params)).toEqual([
      { modelId: M, afterValue: -2, afterId: 9 },
      { modelId: M, lo: -3, hi: -2 },
    ]);
  });

  it('lets FTS5 drive a scanned search and sorts only its matches', () => {
    const [step] = pageSteps({
      filter: { modelId: M, search: 'bread' },
      sort: 'margin',
      dir: 'asc',
      after: null,
    });
    const p = plan(step as SqlStep);
    expect(p).toMatch(/^SCAN pairs_fts VIRTUAL TABLE INDEX \d+:/);
    expect(p).toContain('SEARCH s USING PRIMARY KEY (model_id=? AND pair_id=?)');
  });

  it('joins scores by primary key under id and length sorts, LEFT without margin filters', () => {
    expect(
      plan(pageSteps({ filter: { modelId: M }, sort: 'chosenLen', dir: 'asc', after: CURSOR })[1] as SqlStep),
    ).toBe(
      'SEARCH p USING INDEX pairs_chosen_len (chosen_len>?) | SEARCH s USING PRIMARY KEY (model_id=? AND pair_id=?) LEFT-JOIN',
    );
    expect(
      plan(
        pageSteps({
          filter: { modelId: M, disagree: true, datasetId: 2 },
          sort: 'id',
          dir: 'desc',
          after: CURSOR,
        })[0] as SqlStep,
      ),
    ).toBe(
      'SEARCH p USING INDEX pairs_dataset (dataset_id=? AND rowid<?) | SEARCH s USING PRIMARY KEY (model_id=? AND pair_id=?)',
    );
    expect(plan(chunkStep({ modelId: M, absMarginMax: 1 }))).toBe(
      'SEARCH p USING INTEGER PRIMARY KEY (rowid>?) | SEARCH s USING PRIMARY KEY (model_id=? AND pair_id=?)',
    );
  });

  it('counts scored and disagreeing pairs from score_counts, and bands from one covering index range', () => {
    for (const filter of [{}, { disagree: true }, { datasetId: 1, split: 'test' as const, disagree: true }]) {
      expect(plan(countStep({ ...filter, modelId: M }, true))).toMatch(
        /^SEARCH score_counts USING PRIMARY KEY \(model_id=\?( AND dataset_id=\?)?\)$/,
      );
    }
    expect(plan(countStep({ modelId: M, absMarginMin: 1, absMarginMax: 2 }))).toBe(
      'SEARCH s USING COVERING INDEX scores_model_abs_margin (model_id=? AND abs_margin>? AND abs_margin<?)',
    );
    expect(plan(countStep({ modelId: M, absMarginMin: 1, disagree: true }))).toBe(
      'SEARCH s USING COVERING INDEX scores_model_margin (model_id=? AND margin<?)',
    );
    // With a pair filter, membership comes from the filter column's index, not the pair's row.
    expect(plan(countStep({ modelId: M, absMarginMin: 1, datasetId: 3 }))).toBe(
      'SEARCH s USING COVERING INDEX scores_model_abs_margin (model_id=? AND abs_margin>?) | ' +
        'SEARCH p EXISTS USING COVERING INDEX pairs_dataset (dataset_id=? AND rowid=?)',
    );
    expect(plan(countByStep('split', { modelId: M, disagree: true }))).toBe(
      'SEARCH score_counts USING PRIMARY KEY (model_id=?) | USE TEMP B-TREE FOR GROUP BY',
    );
  });

  it('finds pairs by content hash alone from the covering hash index', () => {
    expect(plan({ sql: idsByHashSql(3), params: {} }, ['a', 'b', 'c'])).toBe(
      'SEARCH pairs USING COVERING INDEX pairs_content_hash (content_hash=?)',
    );
  });
});
