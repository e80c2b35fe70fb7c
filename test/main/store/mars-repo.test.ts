// Migration 004 and the MARS ledger: runs, rounds as checkpoints, interrupted runs, settings, margin history.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src-main/store/migrate';
import * as m001 from '../../../src-main/store/migrations/001-initial';
import * as m002 from '../../../src-main/store/migrations/002-margin-indexes';
import * as m003 from '../../../src-main/store/migrations/003-lean-pair-indexes';
import { LATEST_SCHEMA_VERSION } from '../../../src-main/store/migrations/index';
import { openProject } from '../../../src-main/store/project';
import type { ProjectDb } from '../../../src-main/store/types';
import { MarsOptions } from '../../../src-main/shared/mars-dto';
import { tmpProject, type TmpProject } from './fixtures';

let t: TmpProject;
let db: ProjectDb;
beforeEach(() => {
  t = tmpProject();
  db = t.project;
});
afterEach(() => t.cleanup());

function seedPairs(n: number): { datasetId: number; ids: number[] } {
  const ds = db.datasets.create({ name: 'd', sourcePath: null, format: null });
  const ids = db.transaction(() =>
    db.pairs.insertMany(
      Array.from({ length: n }, (_, i) => ({
        datasetId: ds.id,
        prompt: `p${i}`,
        chosen: `c${i}`,
        rejected: `r${i}`,
        split: 'train' as const,
        origin: 'original' as const,
      })),
    ),
  );
  return { datasetId: ds.id, ids };
}

describe('MARS ledger', () => {
  it('a version-3 project gains the ledger and settings tables and keeps its data', () => {
    const file = join(t.dir, 'old.prefstudio');
    const raw = new Database(file);
    migrate(raw, [m001, m002, m003]);
    raw
      .prepare(
        `INSERT INTO meta (key, value) VALUES ('app', 'preference-studio') ON CONFLICT (key) DO NOTHING`,
      )
      .run();
    expect(schemaVersion(raw)).toBe(3);
    raw.close();
    const upgraded = openProject(file, { create: false });
    expect(upgraded.info.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(upgraded.mars.listRuns()).toEqual([]);
    expect(upgraded.settings.get('anything')).toBeNull();
    upgraded.close();
  });

  it('records runs and rounds through their phases; a round row is written once', () => {
    const base = db.models.create({ name: 'base', kind: 'reward' });
    const config = MarsOptions.parse({ rounds: 2, budget: 10 });
    const run = db.mars.createRun({ name: 'r', config, baseModelId: base.id, jobId: 'job-1' });
    expect(run).toMatchObject({
      status: 'running',
      roundsDone: 0,
      baseModelId: base.id,
      jobId: 'job-1',
      config: { weighting: 'signed', alpha: 0.5, rounds: 2 },
    });

    const added = db.mars.addRound({
      runId: run.id,
      round: 1,
      sourceModelId: base.id,
      selected: 3,
      budget: 10,
      spent: 9,
      operatorBudget: { synonym: 5, reorder: 6 },
      rejected: { length: 2, unspent: 1 },
      semantic: null,
    });
    expect(added).toMatchObject({
      phase: 'augmented',
      modelId: null,
      validation: null,
      crossed: null,
      finishedAt: null,
    });
    expect(() =>
      db.mars.addRound({
        runId: run.id,
        round: 1,
        sourceModelId: base.id,
        selected: 3,
        budget: 10,
        spent: 9,
        operatorBudget: {},
        rejected: {},
        semantic: null,
      }),
    ).toThrow(/UNIQUE|PRIMARY KEY/);

    const next = db.models.create({ name: 'round 1', kind: 'reward', parentModelId: base.id, round: 1 });
    expect(db.mars.setRoundModel(run.id, 1, next.id)).toMatchObject({ phase: 'training', modelId: next.id });
    const crossed = { toCorrect: 2, toWrong: 1, examples: [{ pairId: 7, before: -0.5, after: 0.25 }] };
    const finished = db.mars.finish(run.id, 1, { validation: null, train: null, crossed });
    expect(finished).toMatchObject({ phase: 'done', crossed });
    expect(finished.finishedAt).not.toBeNull();
    expect(db.mars.setRun(run.id, { roundsDone: 1 }).roundsDone).toBe(1);
    expect(db.mars.rounds(run.id)).toHaveLength(1);
    expect(() => db.mars.setRun(9999, { status: 'done' })).toThrow(/no MARS run 9999/);
    // A round the run does not have is a NotFound, not a row read from nothing.
    expect(() => db.mars.setRoundModel(run.id, 2, next.id)).toThrow(
      new RegExp(`no round 2 in MARS run ${run.id}`),
    );
    expect(() => db.mars.finish(run.id, 2, { validation: null, train: null, crossed })).toThrow(/no round 2/);
  });

  it('marks running runs interrupted on open, leaving finished and waiting ones alone', () => {
    const config = MarsOptions.parse({});
    const a = db.mars.createRun({ name: 'a', config, baseModelId: null, jobId: null });
    const b = db.mars.createRun({ name: 'b', config, baseModelId: null, jobId: null });
    const c = db.mars.createRun({ name: 'c', config, baseModelId: null, jobId: null });
    db.mars.setRun(b.id, { status: 'done' });
    db.mars.setRun(c.id, { status: 'awaiting-approval' });
    expect(db.mars.markInterrupted()).toBe(1);
    expect(db.mars.listRuns().map((r) => [r.name, r.status])).toEqual([
      ['c', 'awaiting-approval'],
      ['b', 'done'],
      ['a', 'interrupted'],
    ]);
    expect(db.mars.getRun(a.id)?.status).toBe('interrupted');
  });

  it('keeps settings as JSON by key', () => {
    db.settings.set('llm.endpoint', { baseUrl: 'http://127.0.0.1:1/v1', model: 'm' });
    db.settings.set('llm.endpoint', { baseUrl: 'http://127.0.0.1:2/v1', model: 'n' });
    expect(db.settings.get('llm.endpoint')).toEqual({ baseUrl: 'http://127.0.0.1:2/v1', model: 'n' });
    db.settings.delete('llm.endpoint');
    expect(db.settings.get('llm.endpoint')).toBeNull();
  });

  it("lists a pair's margins under every model, its variants, and sets review statuses in bulk", () => {
    const { datasetId, ids } = seedPairs(3);
    const [first, second] = ids as [number, number];
    const m1 = db.models.create({ name: 'base', kind: 'reward' });
    const m2 = db.models.create({ name: 'round 1', kind: 'reward', round: 1, parentModelId: m1.id });
    db.transaction(() => {
      db.scores.upsertMany(m1.id, [{ pairId: first, rChosen: 0.1, rRejected: 0.6 }]);
      db.scores.upsertMany(m2.id, [
        { pairId: first, rChosen: 0.9, rRejected: 0.4 },
        { pairId: second, rChosen: 1, rRejected: 0 },
      ]);
    });
    const history = db.scores.history(first);
    expect(history.map((h) => [h.modelId, h.modelName, h.round])).toEqual([
      [m1.id, 'base', null],
      [m2.id, 'round 1', 1],
    ]);
    expect(history[0]?.margin).toBeCloseTo(-0.5);
    expect(history[1]?.margin).toBeCloseTo(0.5);

    const made = db.transaction(() =>
      db.pairs.insertMany([
        {
          datasetId,
          prompt: 'p0',
          chosen: 'c0 b',
          rejected: 'r0',
          split: 'train',
          origin: 'augmented',
          parentId: first,
        },
      ]),
    );
    expect(db.pairs.children(first).map((p) => p.id)).toEqual(made);
    expect(db.pairs.children(second)).toEqual([]);
    db.transaction(() => db.pairs.setReviewStatus([...made, second], 'approved'));
    expect(db.pairs.get(made[0]!)?.reviewStatus).toBe('approved');
    expect(db.pairs.count({ reviewStatus: 'approved' })).toBe(2);
  });
});
