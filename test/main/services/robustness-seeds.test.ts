// The robustness suite over two seeds on a small demo: each seed's numbers are exactly those of a one-seed run with
// that seed, the means and differences are taken over seeds, stored results carry the seeds; refusals before a job.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RobustnessReport } from '../../../src-main/shared/robustness-dto';
import { openProject } from '../../../src-main/store/project';
import { makeStudio, type TestStudio } from '../../support/studio';

let t: TestStudio;
let file: string;
let a: number;
let b: number;
const families = ['verbosity', 'typos', 'markdown'] as const;

async function trained(seed: number): Promise<number> {
  const job = await t.finished((await t.call('train.start', { preset: 'bow', epochs: 2, seed })).id);
  expect(job.state, JSON.stringify(job.error)).toBe('done');
  return (await t.call('models.list', {}))[0]!.id;
}

async function suite(options: { seed?: number; seeds?: number[] }): Promise<RobustnessReport & { perturbed: Record<string, number> }> {
  const job = await t.finished((await t.call('robustness.start', { modelIds: [a, b], families: [...families], attack: false, ...options })).id);
  expect(job.state, JSON.stringify(job.error)).toBe('done');
  return job.result as unknown as RobustnessReport & { perturbed: Record<string, number> };
}

beforeAll(async () => {
  t = makeStudio();
  file = join(t.dir, 'seeds.prefstudio');
  await t.call('project.open', { path: file, create: true });
  expect((await t.finished((await t.call('demo.start', { pairs: 300, seed: 5 })).id)).state).toBe('done');
  a = await trained(1);
  b = await trained(2);
}, 120_000);

afterAll(async () => t?.dispose());

describe('robustness over seeds', () => {
  it('runs the families once per seed: per-seed values are the one-seed runs, means and paired differences over seeds', async () => {
    const one = [await suite({ seed: 3 }), await suite({ seed: 4 })];
    const both = await suite({ seeds: [3, 4] });
    // The two seeds perturb differently: the test would pass trivially if they did not.
    expect(one[0]!.models[0]!.families.map((f) => f.accuracy.value)).not.toEqual(one[1]!.models[0]!.families.map((f) => f.accuracy.value));
    for (const [i, m] of both.models.entries()) {
      expect(m.seeds).toEqual([3, 4]);
      const [s3, s4] = one.map((r) => r.models[i]!);
      expect(m.score.overSeeds!.values).toEqual([s3!.score.value, s4!.score.value]);
      expect(m.score.overSeeds!.ses).toEqual([s3!.score.se, s4!.score.se]);
      expect(m.score.value).toBeCloseTo((s3!.score.value + s4!.score.value) / 2, 12);
      // Two seeds: the SE over seeds is half their distance.
      expect(m.score.se).toBeCloseTo(Math.abs(s3!.score.value - s4!.score.value) / 2, 12);
      expect(m.inDistribution).toEqual(s3!.inDistribution);
      for (const f of m.families) {
        const per = [s3!, s4!].map((s) => s.families.find((x) => x.family === f.family)!);
        expect(f.accuracy.overSeeds!.values, f.family).toEqual(per.map((x) => x.accuracy.value));
        expect(f.flipRate.overSeeds!.values, f.family).toEqual(per.map((x) => x.flipRate.value));
        expect(f.n).toBe(Math.round((per[0]!.n + per[1]!.n) / 2));
        expect(both.perturbed[f.family]).toBe(f.n);
      }
    }
    const d = both.diffs[0]!;
    const perSeed = one.map((r) => r.diffs[0]!.score);
    expect(d).toMatchObject({ modelId: b, referenceId: a });
    expect(d.score.value).toBeCloseTo((perSeed[0]!.value + perSeed[1]!.value) / 2, 12);
    expect(d.score.se).toBeCloseTo(Math.abs(perSeed[0]!.value - perSeed[1]!.value) / 2, 12);
    expect(d.score.overSeeds!.withinSe).toBeCloseTo(Math.sqrt((perSeed[0]!.se ** 2 + perSeed[1]!.se ** 2) / 2), 12);
    expect(d.inDistribution).toEqual(one[0]!.diffs[0]!.inDistribution);

    // Stored per model with the seeds; a later one-seed run reads as before, without seed fields.
    const stored = await t.call('robustness.results', {});
    expect(stored.map((r) => [r.modelId, r.seed, r.seeds])).toEqual([
      [a, 3, [3, 4]],
      [b, 3, [3, 4]],
    ]);
    expect(stored[1]!.diff!.score).toEqual(d.score);
    const single = await suite({ seeds: [6] });
    expect(single.models[0]!.seeds).toBeUndefined();
    expect(single.models[0]!.score.overSeeds).toBeUndefined();
    expect((await t.call('robustness.results', {}))[0]).toMatchObject({ seed: 6, score: single.models[0]!.score });
    expect((await t.call('robustness.results', {}))[0]!.seeds).toBeUndefined();
  }, 300_000);

  it('still reads a result stored before seeds existed', async () => {
    // Exactly what the previous version wrote under robustness:<modelId>: no `seeds`, no `overSeeds`.
    const old = {
      modelId: a,
      inDistribution: { value: 0.9, se: 0.03, n: 30 },
      families: [{ family: 'typos', n: 20, accuracy: { value: 0.85, se: 0.08 }, baseline: { value: 0.9, se: 0.07 }, flipRate: { value: 0.05, se: 0.05 } }],
      score: { value: 0.85, se: 0.08 },
      attackSkipped: 'no ready aligned policy to attack with',
      seed: 1,
      jobId: 'old-job',
      createdAt: '2026-11-01T00:00:00.000Z',
    };
    const db = openProject(file, { create: false });
    try {
      db.settings.set(`robustness:${a}`, old);
    } finally {
      db.close();
    }
    expect((await t.call('robustness.results', {})).find((r) => r.modelId === a)).toEqual(old);
  });

  it('refuses a seed named twice and several seeds with a scores folder, before any job', async () => {
    const before = (await t.call('jobs.list', {})).length;
    await expect(t.call('robustness.start', { modelIds: [a], seeds: [2, 2] })).rejects.toThrow(/each seed may be named once/);
    await expect(t.call('robustness.start', { modelIds: [a], seeds: [] })).rejects.toThrow();
    const dir = join(t.dir, 'ext');
    const exported = await t.finished((await t.call('robustness.exportPerturbed', { dir, families: ['markdown'], seed: 2 })).id);
    expect(exported.state).toBe('done');
    await expect(t.call('robustness.start', { modelIds: [a], seeds: [2, 3], scores: [{ dir }] })).rejects.toThrow(/holds the perturbations of one seed/);
    expect((await t.call('jobs.list', {})).length).toBe(before + 1);
  }, 60_000);
});
