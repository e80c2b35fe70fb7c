// Pair lists: every sort key and direction, with each filter, paged by cursor, against an order computed in JS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Origin, PageQuery, PairSummary, SortKey, Split } from '../../../src-main/shared/dto';
import { ErrorCode, StudioError } from '../../../src-main/shared/errors';
import { encodeCursor } from '../../../src-main/store/cursor';
import type { NewPair } from '../../../src-main/store/types';
import { tmpProject, type TmpProject } from './fixtures';

const ORIGINS: Origin[] = ['original', 'augmented', 'discovered', 'edited'];
const SPLITS: Split[] = ['train', 'validation', 'test'];
type PairSort = Exclude<SortKey, 'margin' | 'absMargin'>;
const SORTS: PairSort[] = ['id', 'createdAt', 'promptLen', 'chosenLen', 'rejectedLen'];

let t: TmpProject;
let dsA: number;
let dsB: number;
let all: PairSummary[];

/** Lengths cycle over few values so many rows tie on each sort key: ties are where keyset paging goes wrong. */
function tied(datasetId: number, i: number): NewPair {
  return {
    datasetId,
    prompt: `p${String(i).padStart(4, '0')} common${i % 40 === 0 ? ' rare' : ''} ${'x'.repeat(i % 3)}`,
    chosen: `c${String(i).padStart(4, '0')} ${'y'.repeat(i % 4)}`,
    rejected: `r${String(i).padStart(4, '0')} ${'z'.repeat((i * 7) % 5)}`,
    split: SPLITS[i % 3] as Split,
    origin: ORIGINS[(i * 5) % 4] as Origin,
  };
}

beforeAll(() => {
  t = tmpProject();
  const p = t.project;
  dsA = p.datasets.create({ name: 'a', sourcePath: null, format: null }).id;
  dsB = p.datasets.create({ name: 'b', sourcePath: null, format: null }).id;
  // Several batches so created_at takes several values, each shared by many rows.
  for (let batch = 0; batch < 4; batch++) {
    p.transaction(() =>
      p.pairs.insertMany(
        Array.from({ length: 60 }, (_, i) => tied(batch % 2 === 0 ? dsA : dsB, batch * 60 + i)),
      ),
    );
  }
  // The values to sort by, read once; the expected order of every walk is then computed here, in JS.
  all = p.pairs.page({ limit: 500 }).rows;
});
afterAll(() => t.cleanup());

function walk(q: PageQuery): { ids: number[]; totals: number[]; pages: number } {
  const ids: number[] = [];
  const totals: number[] = [];
  let after: string | undefined;
  let pages = 0;
  for (;;) {
    const page = t.project.pairs.page({ ...q, after });
    pages++;
    ids.push(...page.rows.map((r) => r.id));
    totals.push(page.total);
    if (page.nextCursor === null) return { ids, totals, pages };
    after = page.nextCursor;
  }
}

function expected(filter: (r: PairSummary) => boolean, sort: PairSort, dir: 'asc' | 'desc'): number[] {
  const sign = dir === 'asc' ? 1 : -1;
  return all
    .filter(filter)
    .sort((a, b) => {
      const av = a[sort];
      const bv = b[sort];
      const byValue = av < bv ? -1 : av > bv ? 1 : 0;
      return sign * (byValue !== 0 ? byValue : a.id - b.id);
    })
    .map((r) => r.id);
}

const FILTERS: [string, Partial<PageQuery>, (r: PairSummary) => boolean][] = [
  ['no filter', {}, () => true],
  ['datasetId', { datasetId: 0 }, (r) => r.datasetId === dsB],
  ['origin', { origin: 'discovered' }, (r) => r.origin === 'discovered'],
  ['split', { split: 'validation' }, (r) => r.split === 'validation'],
  [
    'datasetId+origin+split',
    { datasetId: 0, origin: 'augmented', split: 'test' },
    (r) => r.datasetId === dsA && r.origin === 'augmented' && r.split === 'test',
  ],
];

describe('pairs.page', () => {
  it('has many ties on every length key in the fixture', () => {
    expect(all).toHaveLength(240);
    for (const key of ['promptLen', 'chosenLen', 'rejectedLen'] as const) {
      expect(new Set(all.map((r) => r[key])).size).toBeLessThan(10);
    }
  });

  for (const [label, base, keep] of FILTERS) {
    for (const sort of SORTS) {
      for (const dir of ['asc', 'desc'] as const) {
        it(`walks ${label}, ${sort} ${dir} in order, once each, with an exact total`, () => {
          const q: PageQuery = { ...base, sort, dir, limit: 13 };
          if (label === 'datasetId') q.datasetId = dsB;
          if (label.startsWith('datasetId+')) q.datasetId = dsA;
          const want = expected(keep, sort, dir);
          const got = walk(q);
          expect(got.ids).toEqual(want);
          expect(new Set(got.totals)).toEqual(new Set([want.length]));
          expect(got.pages).toBe(Math.max(1, Math.ceil(want.length / 13)));
        });
      }
    }
  }

  // 'common' is in every pair: with one row a page, the page probes FTS5 while walking the length index.
  // 'rare' is in six: FTS5 drives and the matches are sorted (see searchModeFor).
  for (const [word, limit, keep] of [
    ['common', 1, () => true],
    ['rare', 5, (r: PairSummary) => r.promptPreview.includes(' rare')],
  ] as const) {
    for (const sort of ['chosenLen', 'promptLen', 'id'] as const) {
      it(`walks search "${word}" sorted by ${sort}, alone and within a data set`, () => {
        expect(walk({ search: word, sort, dir: 'desc', limit }).ids).toEqual(expected(keep, sort, 'desc'));
        const inB = walk({ search: word, datasetId: dsB, sort, dir: 'asc', limit });
        expect(inB.ids).toEqual(expected((r) => keep(r) && r.datasetId === dsB, sort, 'asc'));
        expect(inB.totals[0]).toBe(inB.ids.length);
      });
    }
  }

  it('shows previews of the first 200 characters, counting characters not bytes', () => {
    const ds = t.project.datasets.create({ name: 'long', sourcePath: null, format: null }).id;
    const long = 'é😀'.repeat(400);
    const [id] = t.project.transaction(() =>
      t.project.pairs.insertMany([
        {
          datasetId: ds,
          prompt: long,
          chosen: `ok ${long}`,
          rejected: 'no',
          split: 'test',
          origin: 'edited',
        },
      ]),
    );
    const row = t.project.pairs.page({ datasetId: ds }).rows[0];
    expect(row?.id).toBe(id);
    expect(row?.promptPreview).toBe([...long].slice(0, 200).join(''));
    expect(row?.promptLen).toBe(800);
    expect(row?.rejectedPreview).toBe('no');
  });

  it('rejects a malformed cursor or one made for another sort type', () => {
    for (const [after, sort] of [
      ['not-a-cursor', 'id'],
      [encodeCursor(12, 1), 'createdAt'],
      [Buffer.from('[1]').toString('base64url'), 'promptLen'],
    ] as const) {
      let error: unknown;
      try {
        t.project.pairs.page({ sort, after });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(StudioError);
      expect((error as StudioError).code).toBe(ErrorCode.InvalidRequest);
    }
  });
});
