// Migration 007 and the REFORM ledger: runs, rounds moving through their phases, one row per round, interrupted runs.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src-main/store/migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src-main/store/migrations/index';
import { openProject } from '../../../src-main/store/project';
import type { ProjectDb } from '../../../src-main/store/types';
import { ReformOptions } from '../../../src-main/shared/reform-dto';
import { tmpProject, type TmpProject } from './fixtures';

let t: TmpProject;
let db: ProjectDb;
beforeEach(() => {
  t = tmpProject();
  db = t.project;
});
afterEach(() => t.cleanup());

function fixture() {
  const base = db.models.create({ name: 'base', kind: 'reward', status: 'ready' });
  const next = db.models.create({ name: 'next', kind: 'reward', status: 'queued' });
  const config = ReformOptions.parse({ rounds: 2, budget: 5 });
  const run = db.reform.createRun({ name: 'r', config, baseModelId: base.id, policies: { aligned: 7, misaligned: 8 } });
  const discovery = db.discovery.createRun({ config: {}, rewardModelId: base.id, policies: {} });
  return { base, next, run, discovery };
}

describe('REFORM ledger', () => {
  it('a project of the previous version gains the tables and keeps its data', () => {
    const file = join(t.dir, 'old.prefstudio');
    const raw = new Database(file);
    migrate(raw, MIGRATIONS.slice(0, -1));
    raw.prepare(`INSERT INTO meta (key, value) VALUES ('app', 'preference-studio') ON CONFLICT (key) DO NOTHING`).run();
    expect(schemaVersion(raw)).toBe(LATEST_SCHEMA_VERSION - 1);
    raw.close();
    const upgraded = openProject(file, { create: false });
    expect(upgraded.info.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(upgraded.reform.listRuns()).toEqual([]);
    upgraded.close();
  });

  it('stores a run with its defaults filled in, newest first, and updates status, rounds and job', () => {
    const { base, run } = fixture();
    expect(run).toMatchObject({ status: 'running', baseModelId: base.id, roundsDone: 0, jobId: null, policies: { aligned: 7, misaligned: 8 } });
    expect(run.config).toMatchObject({ approve: 'manual', budget: 5, prompts: 50, role: 'both', mode: 'guided' });
    const second = db.reform.createRun({ name: 's', config: run.config, baseModelId: base.id, policies: {} });
    expect(db.reform.listRuns().map((r) => r.id)).toEqual([second.id, run.id]);
    expect(db.reform.setRun(run.id, { status: 'awaiting-review', jobId: 'j1' })).toMatchObject({ status: 'awaiting-review', jobId: 'j1' });
    // Left-out fields keep their values.
    expect(db.reform.setRun(run.id, { roundsDone: 1 })).toMatchObject({ status: 'awaiting-review', jobId: 'j1', roundsDone: 1 });
    expect(() => db.reform.setRun(999, { status: 'done' })).toThrow(/no REFORM run 999/);
  });

  it('moves a round through discovering → discovered → added → training → done, one row per round', () => {
    const { base, next, run, discovery } = fixture();
    const started = db.reform.addRound({ runId: run.id, round: 1, sourceModelId: base.id, discoveryRunId: discovery.id, prompts: 10, budget: 5 });
    expect(started).toMatchObject({ phase: 'discovering', found: null, candidates: null, added: null, modelId: null, attackBefore: null, finishedAt: null });
    expect(() =>
      db.reform.addRound({ runId: run.id, round: 1, sourceModelId: base.id, discoveryRunId: discovery.id, prompts: 10, budget: 5 }),
    ).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(db.reform.setDiscovered(run.id, 1, { found: { aligned: 4, misaligned: 3 }, candidates: [11, 12, 13, 14, 15], setAside: 2 })).toMatchObject({
      phase: 'discovered',
      found: { aligned: 4, misaligned: 3 },
      candidates: [11, 12, 13, 14, 15],
      setAside: 2,
    });
    expect(db.reform.setAdded(run.id, 1, { confirmed: 4, added: { aligned: 3, misaligned: 1 } })).toMatchObject({ phase: 'added', confirmed: 4 });
    expect(db.reform.setRoundModel(run.id, 1, next.id)).toMatchObject({ phase: 'training', modelId: next.id });
    const rate = { overall: { value: 0.5, se: 0.1, n: 10 }, byRole: { aligned: { value: 0.4, se: 0.1, n: 10 } } };
    const done = db.reform.finish(run.id, 1, {
      validation: null,
      train: null,
      attackBefore: rate,
      attackAfter: { ...rate, overall: { value: 0.2, se: 0.08, n: 10 } },
      crossed: { toCorrect: 2, toWrong: 1, examples: [{ pairId: 3, before: -1, after: 1 }] },
    });
    expect(done).toMatchObject({ phase: 'done', attackBefore: rate, crossed: { toCorrect: 2, toWrong: 1 } });
    expect(done.attackAfter?.overall.value).toBe(0.2);
    expect(done.finishedAt).not.toBeNull();
    expect(db.reform.rounds(run.id)).toEqual([done]);
    expect(() => db.reform.setAdded(run.id, 2, { confirmed: 0, added: {} })).toThrow(/no round 2/);
  });

  it('marks runs of dead jobs interrupted on open, but not a run whose job is still running', () => {
    const { base, run } = fixture();
    db.jobs.create({ id: 'live', kind: 'reform', params: {} });
    db.jobs.setState('live', 'running');
    const live = db.reform.createRun({ name: 'live', config: run.config, baseModelId: base.id, policies: {} });
    db.reform.setRun(live.id, { jobId: 'live' });
    expect(db.reform.markInterrupted()).toBe(1);
    expect(db.reform.getRun(run.id)?.status).toBe('interrupted');
    expect(db.reform.getRun(live.id)?.status).toBe('running');
  });
});
