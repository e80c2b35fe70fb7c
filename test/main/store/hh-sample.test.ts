// The store on real preference data: the 1,200-pair HH-RLHF sample, stored, searched, paged and streamed back intact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewPair } from '../../../src-main/store/types';
import { HH_SAMPLE, loadHhSample, tmpProject, type HhPair, type TmpProject } from './fixtures';

const sample = loadHhSample();
if (sample === null) console.warn(`Skipping HH-RLHF store tests: sample not found at ${HH_SAMPLE}`);

describe.skipIf(sample === null)('store on the HH-RLHF sample', () => {
  const rows = sample as HhPair[];
  let t: TmpProject;
  let ds: number;
  let ids: number[];

  beforeAll(() => {
    t = tmpProject();
    ds = t.project.datasets.create({ name: 'hh', sourcePath: HH_SAMPLE, format: 'hh' }).id;
    const pairs: NewPair[] = rows.map((r) => ({
      datasetId: ds,
      prompt: r.prompt,
      chosen: r.chosen,
      rejected: r.rejected,
      split: 'test',
      origin: 'original',
      sourceFormat: 'hh',
      sourceLine: r.line,
    }));
    ids = t.project.transaction(() => t.project.pairs.insertMany(pairs));
  });
  afterAll(() => t.cleanup());

  it('streams every pair back byte-for-byte in source order', () => {
    let i = 0;
    for (const p of t.project.pairs.iterate({ datasetId: ds }, 100)) {
      const r = rows[i++] as HhPair;
      expect([p.prompt, p.chosen, p.rejected, p.sourceLine]).toEqual([
        r.prompt,
        r.chosen,
        r.rejected,
        r.line,
      ]);
    }
    expect(i).toBe(1200);
  });

  it('sorts the real pairs by chosen length as JS does, counting characters', () => {
    const longest = t.project.pairs.page({ sort: 'chosenLen', dir: 'desc', limit: 5 });
    const want = rows
      .map((r, i) => ({ id: ids[i] as number, len: [...r.chosen].length }))
      .sort((a, b) => b.len - a.len || b.id - a.id)
      .slice(0, 5);
    expect(longest.rows.map((r) => [r.id, r.chosenLen])).toEqual(want.map((w) => [w.id, w.len]));
    expect(longest.total).toBe(1200);
  });

  it('finds what a reviewer would search for, with exact totals', () => {
    const mention = (word: RegExp) =>
      rows.filter((r) => word.test(`${r.prompt}\n${r.chosen}\n${r.rejected}`)).length;
    expect(t.project.pairs.count({ search: 'steal' })).toBe(mention(/\bsteal\b/i));
    expect(t.project.pairs.count({ search: 'neighbor' })).toBe(mention(/\bneighbor\b/i));
    const page = t.project.pairs.page({ search: 'steal', limit: 10 });
    expect(page.rows).toHaveLength(10);
    for (const r of page.rows) {
      const full = t.project.pairs.get(r.id);
      expect(`${full?.prompt}\n${full?.chosen}\n${full?.rejected}`).toMatch(/\bsteal\b/i);
    }
  });

  it('knows the duplicates already stored in the data set', () => {
    const hashes = t.project.pairs.hashesIn(ds);
    const distinct = new Set(rows.map((r) => `${r.prompt}\0${r.chosen}\0${r.rejected}`)).size;
    expect(hashes.size).toBe(distinct);
  });
});
