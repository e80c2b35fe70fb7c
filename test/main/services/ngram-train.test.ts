// End to end on a real project: an HH import gets its seeded validation split, and the ngram preset trains through
// the train job, reporting validation accuracy ± SE, the shorter-wins baseline and its top features.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelMetrics } from '../../../src-main/shared/dto';
import { HH_MISSING_REASON, HH_PRESENT, HH_SAMPLE } from '../../support/hh';
import { makeStudio, type TestStudio } from '../../support/studio';

let t: TestStudio;
afterEach(async () => t?.dispose());

describe.skipIf(!HH_PRESENT)(`ngram preset on HH (${HH_PRESENT ? 'HH present' : HH_MISSING_REASON})`, () => {
  it('imports with a 10% validation split, trains in the job, scores every pair', async () => {
    t = makeStudio();
    await t.call('project.open', { path: join(t.dir, 'p.prefstudio'), create: true });
    const imported = await t.finished((await t.call('import.start', { path: HH_SAMPLE })).id);
    const result = imported.result as { pairs: number; validation: number };
    // 1,200 lines, a few rejected or duplicated: exactly 10 of each 100 lines go to validation, less those few.
    expect(result.pairs).toBeGreaterThan(1190);
    expect(result.validation).toBeGreaterThanOrEqual(116);
    expect(result.validation).toBeLessThanOrEqual(120);
    expect(imported.progress.message).toContain(`${result.validation} in validation`);
    const stats = await t.call('project.stats', {});
    expect(stats.bySplit).toEqual({ train: result.pairs - result.validation, validation: result.validation });

    const job = await t.call('train.start', { preset: 'ngram' });
    const done = await t.finished(job.id);
    expect(done.state).toBe('done');
    const models = await t.call('models.list', {});
    const model = models.find((m) => m.preset === 'ngram')!;
    expect(model.status).toBe('ready');
    expect(model.scoredPairs).toBe(result.pairs);
    const metrics = model.metrics as ModelMetrics;
    const v = metrics.validation!;
    expect(v.pairs).toBe(result.validation);
    expect(v.accuracySe).toBeCloseTo(Math.sqrt((v.accuracy * (1 - v.accuracy)) / v.pairs), 9);
    // A linear model on 1,080 pairs fits its training pairs far better than held-out ones.
    expect(metrics.train!.accuracy).toBeGreaterThan(0.9);
    expect(metrics.baseline!.pairs).toBe(result.validation);
    expect(metrics.baseline!.difference).toBeCloseTo(v.accuracy - metrics.baseline!.shorterWins, 9);
    expect(metrics.features!.positive.length).toBeGreaterThan(5);
    expect(metrics.features!.positive.every((f) => f.weight > 0 && f.ngram.length > 0)).toBe(true);

    // The score job rescores through the same path (no ML backend needed) and keeps baseline and features.
    const rescored = await t.finished((await t.call('score.start', { modelId: model.id })).id);
    expect(rescored.state).toBe('done');
    const again = (await t.call('models.get', { id: model.id })).metrics as ModelMetrics;
    expect(again.validation!.accuracy).toBe(v.accuracy);
    expect(again.features).toEqual(metrics.features);
  }, 120_000);
});
