// The failures queue through the contract on a real Studio and the built-in demo: pages with the demo rule's
// verdict, modes and their filter, bulk confirm/reject/edit through the audit log, and undo.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createJobContext } from '../../../src-main/jobs/context';
import { runDiscovery } from '../../../src-main/jobs/discover/discover-run';
import { DiscoverOptions } from '../../../src-main/shared/discovery-dto';
import { ErrorCode, StudioError } from '../../../src-main/shared/errors';
import { openProject } from '../../../src-main/store/project';
import { makeStudio, type TestStudio } from '../../support/studio';
import { fakeDecoder } from '../jobs/discover/fake-decoder';

let t: TestStudio;
afterEach(async () => t?.dispose());

/** A demo project with one discovery run (6 training prompts × 2 roles × 2 samples: 12 failures) written beside it. */
async function discovered(): Promise<{ file: string; runId: number }> {
  t = makeStudio();
  const file = join(t.dir, 'f.prefstudio');
  await t.call('project.open', { path: file, create: true });
  expect((await t.finished((await t.call('demo.start', { pairs: 40, seed: 5 })).id)).state).toBe('done');
  const db = openProject(file, { create: false });
  try {
    const rm = db.models.create({ name: 'rm', kind: 'reward' });
    const config = DiscoverOptions.parse({ split: 'train', prompts: 6, samples: 2 });
    const run = db.discovery.createRun({ config, rewardModelId: rm.id, policies: { aligned: rm.id, misaligned: rm.id } });
    const jobId = randomUUID();
    db.jobs.create({ id: jobId, kind: 'decode', params: {} });
    const ctx = createJobContext({ db, jobId, params: {}, signal: new AbortController().signal, send: () => undefined });
    await runDiscovery(ctx, run.id, () => Promise.resolve(fakeDecoder({ calls: [], disposed: 0 }, undefined, true)));
    return { file, runId: run.id };
  } finally {
    db.close();
  }
}

describe('failures methods', () => {
  it('pages failures with the reference, both rewards, the gap and the demo rule’s verdict', async () => {
    const { runId } = await discovered();
    const page = await t.call('failures.page', { runId });
    expect(page.total).toBe(12);
    expect(page.rows.map((r) => r.role).sort()).toEqual([...Array(6).fill('aligned'), ...Array(6).fill('misaligned')]);
    for (const r of page.rows) {
      expect(r.gap).toBeCloseTo(r.role === 'aligned' ? r.referenceReward - r.reward : r.reward - r.referenceReward, 12);
      expect(r.gap).toBeGreaterThan(0);
      expect(r.reviewStatus).toBeNull();
      // The in-test responses carry no concrete step: the hidden rule calls them bad.
      expect(r.ruleVerdict).toBe('bad');
    }
    const source = await t.call('pairs.get', { id: page.rows[0]?.sourcePairId ?? 0 });
    expect(page.rows[0]?.reference).toBe(page.rows[0]?.role === 'aligned' ? source.rejected : source.chosen);
    const small = await t.call('failures.page', { runId, limit: 5 });
    expect(small.nextAfter).toBe(small.rows.at(-1)?.pairId);
    expect((await t.call('failures.page', { runId, after: small.nextAfter ?? 0 })).rows).toHaveLength(7);
  });

  it('lists modes whose ids filter the queue to their members', async () => {
    const { runId } = await discovered();
    const modes = await t.call('failures.modes', { runId });
    // Every aligned failure (10 chars) is shorter than the rejected reference it lost to.
    const shorter = modes.find((m) => m.id === 'length:aligned:shorter');
    expect(shorter?.count).toBe(6);
    const page = await t.call('failures.page', { runId, modeId: 'length:aligned:shorter' });
    expect(page.rows.map((r) => r.pairId)).toEqual(shorter?.pairIds);
    await expect(t.call('failures.page', { runId, modeId: 'term:aligned:nothing' })).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });

  it('confirms, rejects in bulk by filter, undoes the bulk, and edits a response on its role’s side', async () => {
    const { runId } = await discovered();
    const rows = (await t.call('failures.page', { runId })).rows;
    const aligned = rows.filter((r) => r.role === 'aligned');
    const confirmed = await t.call('failures.review', { pairIds: [aligned[0]?.pairId ?? 0, aligned[1]?.pairId ?? 0], action: 'confirm' });
    expect(confirmed.pairs.map((p) => p.reviewStatus)).toEqual(['confirmed', 'confirmed']);
    expect(confirmed.entries.map((e) => e.action)).toEqual(['confirm', 'confirm']);

    const rejected = await t.call('failures.review', { filter: { runId, role: 'misaligned' }, action: 'reject' });
    expect(rejected.entries).toHaveLength(6);
    expect((await t.call('failures.page', { runId, status: 'rejected' })).total).toBe(6);
    const undone = await t.call('failures.undo', { entryIds: rejected.entries.map((e) => e.id) });
    expect(undone.entries.every((e) => e.action === 'undo')).toBe(true);
    expect((await t.call('failures.page', { runId, status: 'pending' })).total).toBe(10);

    const target = aligned[2];
    const source = await t.call('pairs.get', { id: target?.sourcePairId ?? 0 });
    const edited = await t.call('failures.review', { pairIds: [target?.pairId ?? 0], action: 'edit', edit: { response: source.chosen } });
    expect(edited.pairs[0]).toMatchObject({ chosen: source.chosen, rejected: source.rejected, reviewStatus: 'confirmed' });
    const after = (await t.call('failures.page', { runId, status: 'confirmed' })).rows.find((r) => r.pairId === target?.pairId);
    // The demo's chosen response gives a concrete step: now the rule says good.
    expect(after).toMatchObject({ response: source.chosen, ruleVerdict: 'good' });
    const log = await t.call('review.log', { pairId: target?.pairId ?? 0 });
    expect(log.map((e) => e.action)).toEqual(['edit']);
  });

  it('refuses to review a pair that is not a discovered failure, changing nothing', async () => {
    const { runId } = await discovered();
    const failure = (await t.call('failures.page', { runId, limit: 1 })).rows[0];
    const original = failure?.sourcePairId ?? 0;
    const err = await t.call('failures.review', { pairIds: [failure?.pairId ?? 0, original], action: 'reject' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StudioError);
    expect((err as StudioError).code).toBe(ErrorCode.InvalidRequest);
    expect((await t.call('pairs.get', { id: failure?.pairId ?? 0 })).reviewStatus).toBeNull();
  });
});
