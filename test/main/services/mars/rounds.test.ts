// MARS runs through the real services: rounds as a child-process job, the ledger, provenance, manual approval,
// and a run killed mid-round that resumes without augmenting twice.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processLauncher, type Launcher } from '../../../../src-main/jobs/launcher';
import { createNodeStudio } from '../../../../src-main/services/node-studio';
import type { MarsRound } from '../../../../src-main/shared/mars-dto';
import { openProject } from '../../../../src-main/store/project';
import { makeStudio, type TestStudio } from '../../../support/studio';

let t: TestStudio | undefined;

afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

/** A small demo project with a fast bag-of-embeddings base model, scored. */
async function demoProject(
  s: TestStudio,
  name: string,
  pairs = 300,
): Promise<{ path: string; baseModelId: number }> {
  const path = join(s.dir, `${name}.prefstudio`);
  await s.call('project.open', { path, create: true });
  expect((await s.finished((await s.call('demo.start', { pairs, seed: 5 })).id)).state).toBe('done');
  const trained = await s.finished((await s.call('train.start', { preset: 'bow', seed: 1 })).id);
  expect(trained.state).toBe('done');
  return { path, baseModelId: Number(trained.result?.modelId) };
}

function augmentedRows(
  path: string,
): Array<{
  id: number;
  parentId: number | null;
  round: number | null;
  reviewStatus: string | null;
  provenance: Record<string, unknown> | null;
}> {
  const db = openProject(path, { create: false, readonly: true });
  try {
    return [...db.pairs.iterate({ origin: 'augmented' })].map((p) => ({
      id: p.id,
      parentId: p.parentId,
      round: p.round,
      reviewStatus: p.reviewStatus,
      provenance: p.provenance,
    }));
  } finally {
    db.close();
  }
}

describe('MARS rounds', () => {
  it('runs T rounds: each augments the hardest pairs by margin, retrains from the last model and records the ledger', async () => {
    t = makeStudio();
    const { path, baseModelId } = await demoProject(t, 'rounds');
    const job = await t.call('mars.start', { rounds: 2, budget: 40, selectShare: 0.1, baseModelId, seed: 3 });
    const done = await t.finished(job.id);
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    const runId = Number(done.result?.runId);
    const [run] = await t.call('mars.runs', {});
    expect(run).toMatchObject({ id: runId, status: 'done', roundsDone: 2, baseModelId });
    const rounds = await t.call('mars.rounds', { runId });
    expect(rounds.map((r) => [r.round, r.phase])).toEqual([
      [1, 'done'],
      [2, 'done'],
    ]);

    // Round 1 scores with the base model; round 2 with round 1's model; each round's model descends from the last.
    const [r1, r2] = rounds as [MarsRound, MarsRound];
    expect(r1.sourceModelId).toBe(baseModelId);
    expect(r2.sourceModelId).toBe(r1.modelId);
    const m2 = await t.call('models.get', { id: r2.modelId as number });
    expect(m2).toMatchObject({ parentModelId: r1.modelId, round: 2, status: 'ready' });

    // The training split now holds the 80 new pairs as well.
    const train = (await t.call('project.stats', {})).bySplit['train'] ?? 0;
    const originals = train - 80;
    for (const r of rounds) {
      expect(r.budget).toBe(40);
      expect(r.spent).toBe(40);
      // The selected base is 10% of the scored training originals, lowest margins first.
      expect(r.selected).toBe(Math.ceil(0.1 * originals));
      // Every new pair took at least one operator; a pair rewritten by two counts for both.
      expect(Object.values(r.operatorBudget).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(r.spent);
      expect(r.validation?.pairs).toBeGreaterThan(0);
      expect(r.crossed).not.toBeNull();
    }

    const augmented = augmentedRows(path);
    expect(augmented).toHaveLength(80);
    for (const a of augmented) {
      expect(a.reviewStatus).toBe('approved');
      expect(a.provenance).toMatchObject({
        method: 'mars',
        weighting: 'signed',
        alpha: 0.5,
        runId,
        round: a.round,
      });
      expect(a.provenance?.['sourcePairId']).toBe(a.parentId);
    }
    // The sources of round 1 were the pairs with the lowest base margins.
    const db = openProject(path, { create: false, readonly: true });
    const sources = new Set(augmented.filter((a) => a.round === 1).map((a) => a.parentId as number));
    const sourceMargins = [...sources].map((id) => db.scores.get(baseModelId, id)?.margin as number);
    const maxSource = Math.max(...sourceMargins);
    const below = [...db.pairs.iterate({ split: 'train', origin: 'original' })].filter(
      (p) => (db.scores.get(baseModelId, p.id)?.margin ?? Infinity) < maxSource,
    );
    db.close();
    expect(below.length).toBeLessThanOrEqual(r1.selected);

    // Every model trained on the originals plus the variants approved before it.
    expect(m2.metrics?.training?.pairs).toBe(train);
    // A pair's margin history lists the base and both rounds' models.
    const history = await t.call('pairs.margins', { pairId: augmented[0]?.parentId as number });
    expect(history.map((h) => h.modelId)).toEqual([baseModelId, r1.modelId, r2.modelId]);
  });

  it('with manual approval waits after augmenting; approved variants train, discarded ones never do', async () => {
    t = makeStudio();
    const { path, baseModelId } = await demoProject(t, 'manual');
    const trainBefore = (await t.call('project.stats', {})).bySplit['train'] ?? 0;
    const job = await t.call('mars.start', { rounds: 1, budget: 12, baseModelId, approve: 'manual' });
    const waiting = await t.finished(job.id);
    expect(waiting.state).toBe('done');
    expect(waiting.result?.['awaitingApproval']).toBe(1);
    const runId = Number(waiting.result?.runId);
    expect((await t.call('mars.runs', {}))[0]?.status).toBe('awaiting-approval');
    expect((await t.call('mars.rounds', { runId }))[0]?.phase).toBe('augmented');

    const pending = augmentedRows(path);
    expect(pending).toHaveLength(12);
    expect(pending.every((p) => p.reviewStatus === null)).toBe(true);
    const [approved, discarded, ...untouched] = pending;
    await t.call('review.apply', { pairId: approved!.id, action: 'approve' });
    await t.call('review.apply', { pairId: discarded!.id, action: 'discard' });

    const continued = await t.finished((await t.call('mars.continue', { runId })).id);
    expect(continued.state, JSON.stringify(continued.error)).toBe('done');
    const [round] = await t.call('mars.rounds', { runId });
    expect(round?.phase).toBe('done');
    const model = await t.call('models.get', { id: round?.modelId as number });
    // One approved variant joined the originals; the discarded one and the 10 unreviewed ones stayed out.
    expect(model.metrics?.training?.pairs).toBe(trainBefore + 1);
    expect(untouched).toHaveLength(10);
    expect((await t.call('mars.runs', {}))[0]?.status).toBe('done');
    await expect(t.call('mars.continue', { runId })).rejects.toThrow(/is done/);
  });

  it('a run killed while retraining resumes from its ledger: done rounds stay, no round augments twice', async () => {
    t = makeStudio();
    const { path, baseModelId } = await demoProject(t, 'killed');
    // Kills the child process once round 2 is training: a crash after round 1 finished and round 2 augmented.
    const crashing: Launcher = (entry) => {
      const channel = processLauncher(entry);
      channel.onMessage(
        (m) => m.type === 'progress' && m.progress.message.startsWith('round 2/3 · epoch') && channel.kill(),
      );
      return channel;
    };
    const crashStudio = createNodeStudio({ log: () => undefined, processLauncher: crashing });
    const events: string[] = [];
    crashStudio.onEvent((e) => e.type === 'job' && events.push(e.job.state));
    const opened = await crashStudio.dispatch('project.open', { path });
    expect(opened.ok).toBe(true);
    const started = await crashStudio.dispatch('mars.start', { rounds: 3, budget: 20, baseModelId });
    if (!started.ok) throw new Error(started.error.message);
    const jobId = (started.value as { id: string }).id;
    await new Promise<void>((resolve) =>
      crashStudio.onEvent(
        (e) => e.type === 'job' && e.job.id === jobId && e.job.state === 'interrupted' && resolve(),
      ),
    );
    await crashStudio.close();

    await t.call('project.open', { path });
    const [run] = await t.call('mars.runs', {});
    expect(run).toMatchObject({ status: 'interrupted', roundsDone: 1 });
    const before = await t.call('mars.rounds', { runId: run!.id });
    expect(before.map((r) => r.phase)).toEqual(['done', 'training']);
    expect(augmentedRows(path)).toHaveLength(40);
    const modelsBefore = (await t.call('models.list', {})).length;

    const resumed = await t.finished((await t.call('jobs.resume', { id: jobId })).id);
    expect(resumed.state, JSON.stringify(resumed.error)).toBe('done');
    const after = await t.call('mars.rounds', { runId: run!.id });
    expect(after.map((r) => r.phase)).toEqual(['done', 'done', 'done']);
    // Round 1 kept its model and numbers; round 2 kept the model row it had started training.
    expect(after[0]).toEqual(before[0]);
    expect(after[1]?.modelId).toBe(before[1]?.modelId);
    expect(augmentedRows(path)).toHaveLength(60);
    // Only round 3 added a model.
    expect((await t.call('models.list', {})).length).toBe(modelsBefore + 1);
    expect((await t.call('mars.runs', {}))[0]).toMatchObject({ status: 'done', roundsDone: 3 });
  });
});
