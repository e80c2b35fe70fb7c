// The discovery loop on a real project file with a tiny in-test decoder: failures stored as discovered pairs with
// provenance and the role's patch direction, non-failures kept, cancel + resume without decoding anything twice.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJobContext } from '../../../../src-main/jobs/context';
import { runDiscovery } from '../../../../src-main/jobs/discover/discover-run';
import { loadTextPairs } from '../../../../src-main/jobs/reward/pairs-data';
import { DiscoverOptions } from '../../../../src-main/shared/discovery-dto';
import { tmpProject, type TmpProject } from '../../store/fixtures';
import { fakeDecoder, responseFor, type FakeDecoderLog } from './fake-decoder';

let t: TmpProject;
let sourceIds: number[];
let rewardModelId: number;

beforeEach(() => {
  t = tmpProject();
  const db = t.project;
  const ds = db.datasets.create({ name: 'd', sourcePath: null, format: null });
  rewardModelId = db.models.create({ name: 'rm', kind: 'reward' }).id;
  db.transaction(() => {
    sourceIds = db.pairs.insertMany(
      Array.from({ length: 10 }, (_, i) => ({
        datasetId: ds.id,
        prompt: `prompt ${i}`,
        chosen: `chosen ${i}`.padEnd(30, 'c'),
        rejected: `rejected ${i}`.padEnd(20, 'r'),
        split: i < 6 ? ('validation' as const) : ('train' as const),
        origin: 'original' as const,
      })),
    );
  });
});
afterEach(() => t.cleanup());

function start(options: Record<string, unknown>) {
  const config = DiscoverOptions.parse({ samples: 2, prompts: 5, ...options });
  const run = t.project.discovery.createRun({ config, rewardModelId, policies: { aligned: 11, misaligned: 12 } });
  return run.id;
}

function context(signal: AbortSignal) {
  const jobId = randomUUID();
  t.project.jobs.create({ id: jobId, kind: 'decode', params: {} });
  return createJobContext({ db: t.project, jobId, params: {}, signal, send: () => undefined, intervalMs: 0 });
}

describe('runDiscovery', () => {
  it('stores every output, and each failure as a discovered pair in its role’s patch direction with provenance', async () => {
    const runId = start({ role: 'both' });
    const log: FakeDecoderLog = { calls: [], disposed: 0 };
    const totals = await runDiscovery(context(new AbortController().signal), runId, () => Promise.resolve(fakeDecoder(log)));
    expect(totals).toMatchObject({ promptsDone: 10, promptsTotal: 10, generated: 20, failures: 10 });
    expect(log.disposed).toBe(2);
    const run = t.project.discovery.getRun(runId);
    // Held-out prompts only (ids of the first six pairs), five of them, drawn by the seed.
    expect(run?.promptIds).toHaveLength(5);
    expect(run?.promptIds.every((id) => sourceIds.slice(0, 6).includes(id))).toBe(true);
    expect(run?.byRole).toEqual({ aligned: { generated: 10, failures: 5 }, misaligned: { generated: 10, failures: 5 } });
    const outputs = t.project.discovery.outputs(runId);
    expect(outputs.filter((o) => !o.isFailure).every((o) => o.failurePairId === null && o.sample === 1)).toBe(true);

    const aligned = t.project.discovery.failures({ runId, role: 'aligned' }, 0, 100).rows;
    const src = t.project.pairs.get(aligned[0]?.sourcePairId ?? 0);
    const fn = t.project.pairs.get(aligned[0]?.pairId ?? 0);
    expect(fn).toMatchObject({ origin: 'discovered', parentId: src?.id, modelId: rewardModelId, reviewStatus: null });
    expect(fn?.chosen).toBe(responseFor('aligned', 0, src?.id ?? 0));
    expect(fn?.rejected).toBe(src?.rejected);
    expect(fn?.provenance).toMatchObject({
      discoveryRunId: runId, policyModelId: 11, role: 'aligned', mode: 'guided', k: 5, temperature: 0.6, sample: 0,
      rewardModelId, reward: 1, rChosen: 3, rRejected: 2, failure: 'false-negative', reference: 'rejected', gap: 1,
    });
    expect(aligned[0]).toMatchObject({ reward: 1, referenceReward: 2, gap: 1, reference: src?.rejected });

    const fp = t.project.discovery.failures({ runId, role: 'misaligned' }, 0, 100).rows[0];
    const fpPair = t.project.pairs.get(fp?.pairId ?? 0);
    expect(fpPair?.rejected).toBe(fp?.response);
    expect(fpPair?.chosen).toBe(t.project.pairs.get(fp?.sourcePairId ?? 0)?.chosen);
    expect(fp).toMatchObject({ reward: 4, referenceReward: 3, gap: 1 });
  });

  it('trains on no discovered pair until a reviewer confirms it; `approve: auto` approves them at once', async () => {
    const runId = start({ role: 'aligned', split: 'train', prompts: 4 });
    await runDiscovery(context(new AbortController().signal), runId, () =>
      Promise.resolve(fakeDecoder({ calls: [], disposed: 0 })),
    );
    const trainIds = () => loadTextPairs(t.project, {}).train.map((p) => p.id);
    const failures = t.project.discovery.failures({ runId }, 0, 100).rows;
    expect(failures).toHaveLength(4);
    expect(trainIds().some((id) => failures.some((f) => f.pairId === id))).toBe(false);
    t.project.pairs.setReviewStatus([failures[0]?.pairId ?? 0], 'confirmed');
    expect(trainIds()).toContain(failures[0]?.pairId);

    const auto = start({ role: 'misaligned', split: 'train', prompts: 4, approve: 'auto' });
    await runDiscovery(context(new AbortController().signal), auto, () => Promise.resolve(fakeDecoder({ calls: [], disposed: 0 })));
    const approved = t.project.discovery.failures({ runId: auto, status: 'approved' }, 0, 100);
    expect(approved.total).toBe(4);
    expect(approved.rows.every((f) => trainIds().includes(f.pairId))).toBe(true);
  });

  it('resumes a cancelled run from its committed prompts without decoding any prompt twice', async () => {
    const runId = start({ role: 'both', prompts: 6 });
    const controller = new AbortController();
    const first: FakeDecoderLog = { calls: [], disposed: 0 };
    // Cancel after 5 outputs: prompts 1 and 2 are whole (4 outputs), prompt 3 has one sample and is not committed.
    const cut = await runDiscovery(context(controller.signal), runId, () =>
      Promise.resolve(fakeDecoder(first, { outputs: 5, controller })),
    );
    expect(cut).toMatchObject({ promptsDone: 2, generated: 4 });
    expect(t.project.discovery.outputs(runId)).toHaveLength(4);

    const second: FakeDecoderLog = { calls: [], disposed: 0 };
    const rest = await runDiscovery(context(new AbortController().signal), runId, () => Promise.resolve(fakeDecoder(second)));
    expect(rest).toMatchObject({ promptsDone: 12, promptsTotal: 12, generated: 20 });
    const promptIds = t.project.discovery.getRun(runId)?.promptIds ?? [];
    const alignedKeys = second.calls.filter((c) => c.params.role === 'aligned').flatMap((c) => c.keys);
    expect(alignedKeys).toEqual(promptIds.slice(2));
    expect(t.project.discovery.outputs(runId)).toHaveLength(24);
    expect(t.project.discovery.getRun(runId)?.byRole.aligned).toEqual({ generated: 12, failures: 6 });
  });
});
