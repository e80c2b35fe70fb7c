// Reward models through the contract: train in a child process, save, score every pair, evaluate, import scores.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelSummary } from '../../../src-main/shared/dto';
import { makeStudio, type TestStudio } from '../../support/studio';

let t: TestStudio;
afterEach(async () => t?.dispose());

async function demoProject(pairs: number): Promise<void> {
  await t.call('project.open', { path: join(t.dir, 'm.prefstudio'), create: true });
  expect((await t.finished((await t.call('demo.start', { pairs, seed: 5 })).id)).state).toBe('done');
}

describe('reward models', () => {
  it('trains, saves in the HF layout, scores every pair and reports metrics', async () => {
    t = makeStudio();
    await demoProject(400);
    const presets = await t.call('train.presets', {});
    expect(presets.map((p) => p.name)).toContain('tiny');
    const job = await t.call('train.start', { preset: 'bow', epochs: 2, seed: 3, checkpointEvery: 5 });
    expect(job.kind).toBe('train');
    const done = await t.finished(job.id);
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    // Live curves: progress events carry the loss and accuracy of each step.
    const curve = t.events.filter((e) => e.type === 'job' && e.job.id === job.id && e.job.progress.metrics?.loss !== undefined);
    expect(curve.length).toBeGreaterThan(1);

    const models = await t.call('models.list', {});
    expect(models).toHaveLength(1);
    const model = models[0] as ModelSummary;
    expect(model).toMatchObject({ status: 'ready', kind: 'reward', preset: 'bow', scoredPairs: 400 });
    expect(model.metrics?.validation?.pairs).toBeGreaterThan(0);
    expect(model.metrics?.training?.history.length).toBeGreaterThan(0);
    const dir = join(t.dir, 'm.artifacts', model.artifactPath ?? '');
    for (const f of ['config.json', 'model.safetensors', 'tokenizer.json']) expect(existsSync(join(dir, f)), f).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toMatchObject({ model_type: 'gpt2', prefstudio: { preset: 'bow' } });

    // Evaluating the saved model on an export of the validation split reproduces the in-project numbers.
    const out = join(t.dir, 'val.jsonl');
    expect((await t.finished((await t.call('export.start', { path: out, filter: { split: 'validation' } })).id)).state).toBe('done');
    const evaluated = await t.finished((await t.call('eval.start', { path: out, modelId: model.id })).id);
    expect(evaluated.state).toBe('done');
    const result = evaluated.result as { pairs: number; metrics: { accuracy: number } };
    expect(result.pairs).toBe(model.metrics?.validation?.pairs);
    expect(result.metrics.accuracy).toBeCloseTo(model.metrics?.validation?.accuracy ?? -1, 6);

    // The browser's margin views: lowest margins first, and the pairs the model ranks against their label.
    const hardest = await t.call('pairs.page', { modelId: model.id, sort: 'margin', dir: 'asc', limit: 20 });
    const margins = hardest.rows.map((r) => r.score?.margin ?? NaN);
    expect(margins).toEqual([...margins].sort((x, y) => x - y));
    const disagree = await t.call('pairs.page', { modelId: model.id, disagree: true, limit: 500 });
    const expected = (model.metrics?.validation?.disagreements ?? 0) + (model.metrics?.train?.disagreements ?? 0);
    expect(disagree.total).toBe(expected);
    for (const r of disagree.rows) expect(r.score!.margin).toBeLessThan(0);

    const rescored = await t.call('score.start', { modelId: model.id }).then((j) => t.finished(j.id));
    expect(rescored.result).toMatchObject({ scored: 400 });
  });

  it('a cancelled training run resumes from its last checkpoint and finishes', async () => {
    t = makeStudio();
    await demoProject(400);
    const job = await t.call('train.start', { preset: 'bow', epochs: 6, checkpointEvery: 3 });
    // Cancel once a checkpoint exists (step ≥ 4), then resume: the first step after resuming continues from it.
    await new Promise<void>((resolve) => {
      const off = t.studio.onEvent((e) => {
        if (e.type === 'job' && e.job.id === job.id && (e.job.progress.metrics?.step ?? 0) >= 4) {
          off();
          resolve();
        }
      });
    });
    await t.call('jobs.cancel', { id: job.id });
    const cancelled = await t.finished(job.id);
    expect(cancelled.state).toBe('cancelled');
    expect((await t.call('models.list', {}))[0]?.status).toBe('cancelled');
    const stepsBefore = t.events.length;
    await t.call('jobs.resume', { id: job.id });
    const done = await t.finished(job.id);
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    const resumedSteps = t.events
      .slice(stepsBefore)
      .flatMap((e) => (e.type === 'job' && e.job.id === job.id && e.job.progress.unit === 'steps' ? [e.job.progress.metrics?.step ?? 0] : []))
      .filter((s) => s > 0);
    expect(resumedSteps[0]).toBeGreaterThan(1);
    const [model] = await t.call('models.list', {});
    expect(model).toMatchObject({ status: 'ready', scoredPairs: 400 });
    expect(model!.metrics?.training?.steps).toBe(done.result?.steps);
  });

  it('fine-tunes a pretrained GPT-2 folder given by path and saves it in the same layout', async () => {
    t = makeStudio();
    await demoProject(120);
    const fixture = fileURLToPath(new URL('../../fixtures/gpt2-tiny', import.meta.url));
    const done = await t.finished((await t.call('train.start', { initFrom: fixture, epochs: 1 })).id);
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    const [model] = await t.call('models.list', {});
    expect(model).toMatchObject({ status: 'ready', scoredPairs: 120 });
    const saved = JSON.parse(readFileSync(join(t.dir, 'm.artifacts', model!.artifactPath ?? '', 'config.json'), 'utf8'));
    expect(saved).toMatchObject({ n_embd: 16, n_layer: 2, vocab_size: 64 });
    const missing = await t.studio.dispatch('train.start', { initFrom: join(t.dir, 'no-such-model') });
    expect(missing).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND' } });
  });

  it('imports external scores by pair id and by content hash, and reports rows that match nothing', async () => {
    t = makeStudio();
    await demoProject(50);
    const page = await t.call('pairs.page', { limit: 3 });
    const [a, b] = page.rows;
    const full = await t.call('pairs.get', { id: b!.id });
    const file = join(t.dir, 'rm.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ pair_id: a!.id, r_chosen: 1.5, r_rejected: -0.5 }),
        JSON.stringify({ content_hash: full.contentHash, r_chosen: -1, r_rejected: 1 }),
        JSON.stringify({ pair_id: 999999, r_chosen: 0, r_rejected: 0 }),
        '{"pair_id": 1, "r_chosen": "high"}',
      ].join('\n'),
    );
    const job = await t.finished((await t.call('scores.import', { path: file, name: 'prod-rm' })).id);
    expect(job.state, JSON.stringify(job.error)).toBe('done');
    expect(job.result).toMatchObject({ rows: 4, scored: 2, unmatched: 1, invalid: 1 });
    const models = await t.call('models.list', {});
    expect(models[0]).toMatchObject({ name: 'prod-rm', kind: 'external', status: 'ready', scoredPairs: 2 });
  });
});
