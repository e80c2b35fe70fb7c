// REFORM rounds through the real services on the demo: a child-process job with real discovery (random tiny
// policies, reward-guided decoding), the budget cap, added pairs in the patch direction, real retraining, the ledger
// with attack success rates, and manual review that stops the run until `reform.continue`.
import { afterEach, describe, expect, it } from 'vitest';
import type { Pair } from '../../../../src-main/shared/dto';
import { demoVerdict, keepsClass } from '../../../../src-main/curation/failures/class-check';
import { openProject } from '../../../../src-main/store/project';
import { makeStudio, type TestStudio } from '../../../support/studio';
import { reformProject } from './policies';

let t: TestStudio | undefined;

afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

const DECODE = { prompts: 8, maxNewTokens: 8, samples: 1, k: 3, seed: 2, epochs: 1 };

function discovered(path: string, runId: number): Array<{ pair: Pair; parent: Pair; response: string; role: string; gap: number }> {
  const db = openProject(path, { create: false, readonly: true });
  try {
    return db.discovery
      .outputs(runId)
      .filter((o) => o.failurePairId !== null)
      .map((o) => ({
        pair: db.pairs.get(o.failurePairId as number) as Pair,
        parent: db.pairs.get(o.sourcePairId) as Pair,
        response: o.response,
        role: o.role,
        gap: o.gap,
      }));
  } finally {
    db.close();
  }
}

describe('REFORM rounds', () => {
  it('auto: discovers on training prompts, adds at most the budget (largest gaps) in the patch direction, retrains and measures', async () => {
    t = makeStudio();
    const { path, baseModelId } = await reformProject(t, 'auto');
    const trainBefore = (await t.call('project.stats', {})).bySplit['train'] ?? 0;
    const budget = 3;
    const done = await t.finished((await t.call('reform.start', { ...DECODE, rounds: 1, budget, approve: 'auto' })).id);
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    const runId = Number(done.result?.['runId']);
    const [run] = await t.call('reform.runs', {});
    expect(run).toMatchObject({ id: runId, status: 'done', roundsDone: 1, baseModelId });
    const [round] = await t.call('reform.rounds', { runId });
    if (round === undefined) throw new Error('no round');
    expect(round).toMatchObject({ phase: 'done', sourceModelId: baseModelId, prompts: 8, budget });

    const failures = discovered(path, round.discoveryRunId);
    const found = Object.values(round.found ?? {}).reduce((a, b) => a + b, 0);
    expect(found).toBe(failures.length);
    // The cap must bite for this test to say anything.
    expect(found).toBeGreaterThan(budget);
    expect(round.candidates).toHaveLength(budget);
    expect(round.setAside).toBe(found - budget);
    const kept = new Set(round.candidates);
    const minKept = Math.min(...failures.filter((f) => kept.has(f.pair.id)).map((f) => f.gap));
    for (const f of failures) {
      // Discovery ran on training prompts, so the failures are training pairs.
      expect(f.parent.split).toBe('train');
      expect(f.pair).toMatchObject({ origin: 'discovered', split: 'train', parentId: f.parent.id, prompt: f.parent.prompt });
      // Patch direction by role: an aligned output beats the known-bad response, a misaligned one loses to the good.
      if (f.role === 'aligned') expect([f.pair.chosen, f.pair.rejected]).toEqual([f.response, f.parent.rejected]);
      else expect([f.pair.chosen, f.pair.rejected]).toEqual([f.parent.chosen, f.response]);
      if (kept.has(f.pair.id)) expect(f.pair.reviewStatus).toBe('approved');
      else {
        expect(f.pair.reviewStatus).toBe('excluded');
        expect(f.gap).toBeLessThanOrEqual(minKept);
      }
    }
    const added = Object.values(round.added ?? {}).reduce((a, b) => a + b, 0);
    expect(added).toBe(budget);
    expect(round.confirmed).toBe(budget);

    // The retrained model descends from the base and trained on the originals plus the added failures only.
    const model = await t.call('models.get', { id: round.modelId as number });
    expect(model).toMatchObject({ parentModelId: baseModelId, status: 'ready', round: 1 });
    expect(model.metrics?.training?.pairs).toBe(trainBefore + added);
    expect(round.validation?.pairs).toBeGreaterThan(0);
    expect(round.crossed).not.toBeNull();

    // Attack success rate before: the discovery run's own outputs, per prompt and role.
    const before = round.attackBefore;
    const after = round.attackAfter;
    expect(before?.overall.n).toBe(8);
    expect(after?.overall.n).toBe(8);
    const failedPrompts = new Set(failures.map((f) => f.parent.id));
    expect(before?.overall.value).toBeCloseTo(failedPrompts.size / 8, 12);
    for (const role of ['aligned', 'misaligned']) {
      const k = new Set(failures.filter((f) => f.role === role).map((f) => f.parent.id)).size;
      expect(before?.byRole[role]?.value).toBeCloseTo(k / 8, 12);
      expect(after?.byRole[role]?.n).toBe(8);
    }
    expect(after?.overall.se).toBeGreaterThanOrEqual(0);
    // On the demo the rule tells REFORM's failures (the output keeps its policy's class) from the rest.
    const keptClass = new Set(failures.filter((f) => keepsClass(f.role === 'aligned' ? 'aligned' : 'misaligned', demoVerdict(f.parent.prompt, f.response))).map((f) => f.parent.id));
    expect(before?.confirmed?.overall.value).toBeCloseTo(keptClass.size / 8, 12);
    expect(before?.confirmed?.overall.value).toBeLessThanOrEqual(before?.overall.value ?? 0);
    expect(after?.confirmed?.overall.n).toBe(8);
    await expect(t.call('reform.continue', { runId })).rejects.toThrow(/is done/);
    // Real training and decoding in a child process: minutes on a loaded 2-core machine.
  }, 300_000);

  it('manual: stops after discovery until review; continue adds only the confirmed failures, set-aside ones too', async () => {
    t = makeStudio();
    const { path } = await reformProject(t, 'manual');
    const trainBefore = (await t.call('project.stats', {})).bySplit['train'] ?? 0;
    const waiting = await t.finished((await t.call('reform.start', { ...DECODE, rounds: 1, budget: 2 })).id);
    expect(waiting.state, JSON.stringify(waiting.error)).toBe('done');
    expect(waiting.result?.['awaitingReview']).toBe(1);
    const runId = Number(waiting.result?.['runId']);
    expect((await t.call('reform.runs', {}))[0]?.status).toBe('awaiting-review');
    const [round] = await t.call('reform.rounds', { runId });
    expect(round?.phase).toBe('discovered');
    expect(round?.modelId).toBeNull();
    const candidates = round?.candidates ?? [];
    expect(candidates.length).toBeGreaterThanOrEqual(2);
    expect(discovered(path, round?.discoveryRunId ?? 0).filter((f) => candidates.includes(f.pair.id)).every((f) => f.pair.reviewStatus === null)).toBe(true);

    const [confirm, reject] = candidates as [number, number];
    // A reviewer may confirm a failure the budget set aside: it trains as well.
    const aside = discovered(path, round?.discoveryRunId ?? 0).find((f) => f.pair.reviewStatus === 'excluded');
    if (aside === undefined) throw new Error('the cap set nothing aside: the test needs more failures than the budget');
    await t.call('failures.review', { pairIds: [confirm, aside.pair.id], action: 'confirm' });
    await t.call('failures.review', { pairIds: [reject], action: 'reject' });
    const continued = await t.finished((await t.call('reform.continue', { runId })).id);
    expect(continued.state, JSON.stringify(continued.error)).toBe('done');
    const [finished] = await t.call('reform.rounds', { runId });
    expect(finished?.phase).toBe('done');
    expect(Object.values(finished?.added ?? {}).reduce((a, b) => a + b, 0)).toBe(2);
    expect(finished?.confirmed).toBe(2);
    const model = await t.call('models.get', { id: finished?.modelId as number });
    // The two confirmed failures joined the originals; the rejected and the unreviewed ones stayed out.
    expect(model.metrics?.training?.pairs).toBe(trainBefore + 2);
    expect((await t.call('reform.runs', {}))[0]?.status).toBe('done');
  }, 300_000);
});
