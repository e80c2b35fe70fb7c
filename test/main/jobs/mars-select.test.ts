// The selected base of a MARS round: lowest margins (signed), nearest the boundary (|Δ|), or random (uniform),
// always among the trainable training originals the model scored.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { selectBase } from '../../../src-main/jobs/mars/select';
import { openProject } from '../../../src-main/store/project';
import type { ProjectDb } from '../../../src-main/store/types';

let dir: string;
let db: ProjectDb;
let modelId: number;
/** Margin of pair i (ids 1..20): −1.0, −0.9, …, 0.9 — so |margin| is smallest around the middle. */
const MARGINS = Array.from({ length: 20 }, (_, i) => Math.round((i - 10) * 10) / 100);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'prefstudio-select-'));
  db = openProject(join(dir, 's.prefstudio'), { create: true });
  const ds = db.datasets.create({ name: 'd', sourcePath: null, format: null });
  modelId = db.models.create({ name: 'm', kind: 'reward' }).id;
  db.transaction(() => {
    const ids = db.pairs.insertMany(
      MARGINS.map((_, i) => ({
        datasetId: ds.id,
        prompt: `p${i}`,
        chosen: `c${i}`,
        rejected: `r${i}`,
        split: 'train' as const,
        origin: 'original' as const,
      })),
    );
    db.scores.upsertMany(
      modelId,
      ids.map((pairId, i) => ({ pairId, rChosen: MARGINS[i]!, rRejected: 0 })),
    );
    // Not eligible: a held-out pair, an augmented pair and an excluded pair, all with the lowest margins of all.
    const [held, aug, excl] = db.pairs.insertMany([
      { datasetId: ds.id, prompt: 'v', chosen: 'c', rejected: 'r', split: 'validation', origin: 'original' },
      {
        datasetId: ds.id,
        prompt: 'a',
        chosen: 'c',
        rejected: 'r',
        split: 'train',
        origin: 'augmented',
        parentId: ids[0]!,
      },
      { datasetId: ds.id, prompt: 'x', chosen: 'c', rejected: 'r', split: 'train', origin: 'original' },
    ]) as [number, number, number];
    db.scores.upsertMany(
      modelId,
      [held, aug, excl].map((pairId) => ({ pairId, rChosen: -5, rRejected: 0 })),
    );
    db.pairs.setReviewStatus([excl], 'excluded');
  });
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const ids = (sel: ReturnType<typeof selectBase>) => sel.pairs.map((p) => p.id);

describe('selectBase', () => {
  it('signed: the share of eligible pairs with the lowest margins, with their margins', () => {
    const sel = selectBase(db, modelId, { weighting: 'signed', selectShare: 0.2, seed: 1 }, 1);
    expect(sel.eligible).toBe(20);
    expect(ids(sel)).toEqual([1, 2, 3, 4]);
    expect(sel.margins).toEqual([-1, -0.9, -0.8, -0.7]);
  });

  it('abs: the pairs nearest the boundary, on either side', () => {
    const sel = selectBase(db, modelId, { weighting: 'abs', selectShare: 0.15, seed: 1 }, 1);
    // Margins 0, −0.1 and 0.1 belong to pairs 11, 10 and 12.
    expect(ids(sel)).toEqual([10, 11, 12]);
  });

  it('uniform: a seeded random base of the same size, a new one each round', () => {
    const config = { weighting: 'uniform' as const, selectShare: 0.25, seed: 7 };
    const a = selectBase(db, modelId, config, 1);
    expect(a.pairs).toHaveLength(5);
    expect(ids(selectBase(db, modelId, config, 1))).toEqual(ids(a));
    const rounds = [1, 2, 3, 4, 5].map((r) => ids(selectBase(db, modelId, config, r)).join());
    expect(new Set(rounds).size).toBeGreaterThan(1);
    for (const r of [1, 2, 3, 4, 5])
      expect(ids(selectBase(db, modelId, config, r)).every((id) => id >= 1 && id <= 20)).toBe(true);
  });

  it('takes at least one pair, and none when the model scored nothing', () => {
    expect(
      selectBase(db, modelId, { weighting: 'signed', selectShare: 0.001, seed: 1 }, 1).pairs,
    ).toHaveLength(1);
    const other = db.models.create({ name: 'unscored', kind: 'reward' }).id;
    expect(selectBase(db, other, { weighting: 'signed', selectShare: 0.5, seed: 1 }, 1)).toEqual({
      pairs: [],
      margins: [],
      eligible: 0,
    });
  });
});
