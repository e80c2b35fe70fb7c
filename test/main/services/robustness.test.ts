// The robustness suite through the contract: a real project, two trained models, a child-process job, stored results.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RobustnessReport } from '../../../src-main/shared/robustness-dto';
import { PerturbationFamilyName } from '../../../src-main/shared/robustness-dto';
import { makeStudio, type TestStudio } from '../../support/studio';

let t: TestStudio;
let u: TestStudio | undefined;
afterEach(async () => {
  await t?.dispose();
  await u?.dispose();
  u = undefined;
});

async function trained(seed: number, preset: 'bow' | 'combined' = 'bow'): Promise<number> {
  const job = await t.finished((await t.call('train.start', { preset, epochs: 2, seed })).id);
  expect(job.state, JSON.stringify(job.error)).toBe('done');
  return (await t.call('models.list', {}))[0]!.id;
}

describe('robustness suite', () => {
  it('scores every family with two models, compares them paired, and keeps the results across a reopen', async () => {
    t = makeStudio();
    const path = join(t.dir, 'r.prefstudio');
    await t.call('project.open', { path, create: true });
    expect((await t.finished((await t.call('demo.start', { pairs: 500, seed: 5 })).id)).state).toBe('done');
    const a = await trained(1);
    // The default preset sums an n-gram model and a transformer: the suite must score with both halves.
    const b = await trained(2, 'combined');

    const job = await t.finished((await t.call('robustness.start', { modelIds: [a, b], seed: 3 })).id);
    expect(job.state, JSON.stringify(job.error)).toBe('done');
    const result = job.result as unknown as RobustnessReport & { heldOut: number; perturbed: Record<string, number> };
    expect(result.models.map((m) => m.modelId)).toEqual([a, b]);
    const metrics = (await t.call('models.get', { id: a })).metrics;
    // In-distribution accuracy is the model's validation accuracy: the suite's held-out pairs are the validation split.
    expect(result.models[0]!.inDistribution.n).toBe(metrics?.validation?.pairs);
    expect(result.models[0]!.inDistribution.value).toBeCloseTo(metrics?.validation?.accuracy ?? -1, 6);
    const metricsB = (await t.call('models.get', { id: b })).metrics;
    expect(result.models[1]!.inDistribution.value).toBeCloseTo(metricsB?.validation?.accuracy ?? -1, 6);
    expect(result.models[0]!.families.map((f) => f.family)).toEqual(PerturbationFamilyName.options);
    for (const f of result.models[0]!.families) {
      expect(f.n, f.family).toBe(result.perturbed[f.family]);
      expect(f.n, f.family).toBeGreaterThan(0.3 * result.heldOut);
      expect(f.flipRate.value).toBeGreaterThanOrEqual(0);
      expect(f.accuracy.se).toBeGreaterThanOrEqual(0);
    }
    // The score is the mean family accuracy.
    const m0 = result.models[0]!;
    const meanAccuracy = m0.families.reduce((s, f) => s + f.accuracy.value, 0) / m0.families.length;
    expect(m0.score.value).toBeCloseTo(meanAccuracy, 10);
    expect(result.diffs).toHaveLength(1);
    const d = result.diffs[0]!;
    expect(d).toMatchObject({ modelId: b, referenceId: a });
    expect(d.inDistribution.value).toBeCloseTo(result.models[1]!.inDistribution.value - m0.inDistribution.value, 10);
    expect(d.score.value).toBeCloseTo(result.models[1]!.score.value - m0.score.value, 10);

    // Only the families asked for; the stored result of model a is replaced, b's stays.
    const some = await t.finished((await t.call('robustness.start', { modelIds: [a], families: ['markdown', 'typos'], seed: 3 })).id);
    expect((some.result as unknown as RobustnessReport).models[0]!.families.map((f) => f.family)).toEqual(['typos', 'markdown']);

    await t.studio.close();
    u = makeStudio();
    await u.call('project.open', { path, create: false });
    const stored = await u.call('robustness.results', {});
    expect(stored.map((r) => r.modelId)).toEqual([a, b]);
    expect(stored[0]!.families.map((f) => f.family)).toEqual(['typos', 'markdown']);
    expect(stored[0]!.jobId).toBe(some.id);
    expect(stored[1]).toMatchObject({ seed: 3, jobId: job.id, score: result.models[1]!.score });
  }, 240_000);

  it('refuses models that cannot score perturbed text, before starting a job', async () => {
    t = makeStudio();
    await t.call('project.open', { path: join(t.dir, 'x.prefstudio'), create: true });
    await expect(t.call('robustness.start', { modelIds: [99] })).rejects.toThrow(/no model 99/);
    await expect(t.call('robustness.start', { modelIds: [] })).rejects.toThrow();
    expect(await t.call('jobs.list', {})).toEqual([]);
  });
});
