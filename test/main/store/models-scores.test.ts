// Models (lineage across MARS rounds, metrics) and per-model scores (margins, hardest-first paging, summaries).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-main/shared/errors';
import { pair, tmpProject, type TmpProject } from './fixtures';

let t: TmpProject;
let pairIds: number[];
beforeEach(() => {
  t = tmpProject();
  const ds = t.project.datasets.create({ name: 'd', sourcePath: null, format: null }).id;
  pairIds = t.project.transaction(() =>
    t.project.pairs.insertMany(Array.from({ length: 40 }, (_, i) => pair(ds, i))),
  );
});
afterEach(() => t.cleanup());

describe('models repository', () => {
  it('creates models with lineage, updates metrics and status, lists newest first', () => {
    const m = t.project.models;
    const base = m.create({ name: 'rm-0', kind: 'reward', preset: 'tiny', config: { lr: 0.001 } });
    expect(base).toMatchObject({
      kind: 'reward',
      preset: 'tiny',
      config: { lr: 0.001 },
      status: 'created',
      metrics: null,
      round: null,
    });
    const refined = m.create({ name: 'rm-1', kind: 'reward', parentModelId: base.id, round: 1 });
    m.create({ name: 'gpt', kind: 'external' });
    expect(m.updateMetrics(base.id, { accuracy: 0.71, loss: [0.69, 0.52] }).metrics).toEqual({
      accuracy: 0.71,
      loss: [0.69, 0.52],
    });
    expect(m.setStatus(refined.id, 'ready', 'models/rm-1')).toMatchObject({
      status: 'ready',
      artifactPath: 'models/rm-1',
    });
    expect(m.setStatus(refined.id, 'failed').artifactPath).toBe('models/rm-1');
    expect(m.list().map((x) => x.name)).toEqual(['gpt', 'rm-1', 'rm-0']);
    expect(m.list({ kind: 'reward' }).map((x) => x.parentModelId)).toEqual([base.id, null]);
    expect(() => m.updateMetrics(999, {})).toThrow(expect.objectContaining({ code: ErrorCode.NotFound }));
    expect(() => m.create({ name: 'bad', kind: 'oracle' as never })).toThrow(/CHECK/);
  });
});

describe('scores repository', () => {
  it('upserts scores, computes margins, pages hardest first and summarises', () => {
    const model = t.project.models.create({ name: 'rm', kind: 'reward' });
    // Margins -1.0 .. 2.9 in steps of 0.1, with every fourth margin duplicated to exercise the cursor on ties.
    const rows = pairIds.map((pairId, i) => ({
      pairId,
      rChosen: (i - (i % 4 === 1 ? 1 : 0) - 10) / 10,
      rRejected: 0,
    }));
    t.project.transaction(() => t.project.scores.upsertMany(model.id, rows));
    t.project.scores.upsertMany(model.id, [{ pairId: pairIds[0] as number, rChosen: 0.5, rRejected: 2 }]);
    expect(t.project.scores.get(model.id, pairIds[0] as number)).toEqual({
      modelId: model.id,
      pairId: pairIds[0],
      rChosen: 0.5,
      rRejected: 2,
      margin: -1.5,
    });
    const all = [
      ...rows.slice(1).map((r) => ({ pairId: r.pairId, margin: r.rChosen })),
      { pairId: pairIds[0] as number, margin: -1.5 },
    ];
    const want = all.filter((r) => r.margin < 0).sort((a, b) => a.margin - b.margin || a.pairId - b.pairId);
    const got: { pairId: number; margin: number }[] = [];
    let after = null as { margin: number; pairId: number } | null;
    for (;;) {
      const page = t.project.scores.byMargin(model.id, { after, limit: 3, maxMargin: 0 });
      got.push(...page.rows.map((r) => ({ pairId: r.pairId, margin: r.margin })));
      if (page.next === null) break;
      after = page.next;
    }
    expect(got.map((r) => r.pairId)).toEqual(want.map((r) => r.pairId));
    expect(got.map((r) => r.margin)).toEqual(want.map((r) => expect.closeTo(r.margin, 9)));
    const top = t.project.scores.byMargin(model.id, { dir: 'desc', limit: 2 }).rows.map((r) => r.margin);
    expect(top).toEqual([expect.closeTo(2.9, 9), expect.closeTo(2.8, 9)]);
    const summary = t.project.scores.summary(model.id);
    expect(summary.count).toBe(40);
    expect(summary.accuracy).toBeCloseTo(all.filter((r) => r.margin > 0).length / 40, 9);
    expect(summary.meanMargin).toBeCloseTo(all.reduce((s, r) => s + r.margin, 0) / 40, 9);
    expect(t.project.scores.summary(model.id + 1)).toEqual({ count: 0, meanMargin: null, accuracy: null });
    expect(t.project.scores.deleteForModel(model.id)).toBe(40);
  });

  it('refuses scores for unknown pairs and drops a model’s scores with it', () => {
    const model = t.project.models.create({ name: 'rm', kind: 'reward' });
    expect(() =>
      t.project.scores.upsertMany(model.id, [{ pairId: 99_999, rChosen: 1, rRejected: 0 }]),
    ).toThrow(/FOREIGN KEY/);
    t.project.scores.upsertMany(model.id, [{ pairId: pairIds[0] as number, rChosen: 1, rRejected: 0 }]);
    expect(t.project.scores.summary(model.id).count).toBe(1);
  });
});
