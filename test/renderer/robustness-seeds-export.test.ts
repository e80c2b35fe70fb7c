// The Robustness view's seeds and its export of the perturbed sets, with the fake client: the seeds sent and refused,
// differences over seeds with their within-seed SE, the export job's files, the folder pickers of the desktop app.
import { flushPromises } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Estimate, RobustnessExportResult, RobustnessResult } from '@shared/robustness-dto';
import { setStudioClient } from '../../src-renderer/src/api';
import { parseSeeds } from '../../src-renderer/src/lib/robustness-seeds';
import { useJobsStore } from '../../src-renderer/src/stores/jobs';
import RobustnessView from '../../src-renderer/src/views/RobustnessView.vue';
import { FakeClient } from './fake-client';
import { mountWith } from './mounting';
import { makeJob, makeModel } from './model-fixtures';

let client: FakeClient;

const seeded = (values: number[], se: number, withinSe: number): Estimate => ({
  value: values.reduce((a, b) => a + b, 0) / values.length,
  se,
  overSeeds: { values, ses: values.map(() => withinSe), withinSe },
});

function result(modelId: number, patch: Partial<RobustnessResult> = {}): RobustnessResult {
  return {
    modelId,
    inDistribution: { value: 0.9, se: 0.03, n: 50 },
    families: [{ family: 'verbosity', n: 40, accuracy: seeded([0.6, 0.7], 0.05, 0.07), baseline: seeded([0.9, 0.9], 0, 0.04), flipRate: seeded([0.3, 0.2], 0.05, 0.06) }],
    score: seeded([0.6, 0.7], 0.05, 0.07),
    seed: 3,
    seeds: [3, 4],
    jobId: 'robustness-2',
    createdAt: '2025-01-01T00:00:00.000Z',
    ...patch,
  };
}

beforeEach(() => {
  client = new FakeClient();
  client.models = [makeModel(1), makeModel(2)];
  setStudioClient(client);
});

describe('Robustness view: seeds', () => {
  it('parses the seeds list as the contract checks it', () => {
    expect(parseSeeds(' 3, 4,5 ')).toEqual({ seeds: [3, 4, 5] });
    expect(parseSeeds('3,x')).toEqual({ error: 'seed "x" must be a whole number' });
    expect(parseSeeds('3,3')).toEqual({ error: 'seed 3 is named twice' });
    expect(parseSeeds('')).toEqual({ error: 'give at least one seed' });
    expect(parseSeeds('1,2,3,4,5,6,7,8,9,10,11')).toEqual({ error: 'at most 10 seeds' });
    expect(parseSeeds('99999999999')).toEqual({ error: 'seed "99999999999" must be a whole number from -2147483648 to 2147483647' });
  });

  it('sends the seeds, refuses a bad list before any call, and greys out the attack seed with several seeds', async () => {
    client.handlers.set('robustness.results', async () => []);
    client.handlers.set('robustness.start', async () => makeJob({ id: 'robustness-9', kind: 'robustness', state: 'running' }));
    const w = await mountWith(RobustnessView);
    await w.find('[data-testid="pick-model-1"]').setValue(true);
    expect(w.find('[data-testid="attack-seed"]').attributes('disabled')).toBeUndefined();
    await w.find('[data-testid="suite-seeds"]').setValue('3,x');
    expect(w.find('[data-testid="seeds-error"]').text()).toBe('seed "x" must be a whole number');
    expect(w.find('[data-testid="run-robustness"]').attributes('disabled')).toBeDefined();
    await w.find('[data-testid="suite-seeds"]').setValue('3, 4');
    expect(w.find('[data-testid="seeds-error"]').exists()).toBe(false);
    expect(w.find('[data-testid="attack-seed"]').attributes('disabled')).toBeDefined();
    await w.find('[data-testid="run-robustness"]').trigger('click');
    await flushPromises();
    expect(client.callsOf('robustness.start')).toEqual([expect.objectContaining({ modelIds: [1], seeds: [3, 4] })]);
  });

  it('shows results over seeds with each seed in the tooltip, and differences with the within-seed SE, marked against both SEs', async () => {
    // Score: +5 points ± 1 over seeds, 3 within: beyond 2 SE over seeds alone, not once the within-seed SE counts.
    // Verbosity: +20 ± 2, within 4: beyond both.
    const diff = {
      modelId: 2,
      referenceId: 1,
      inDistribution: { value: 0.01, se: 0.01 },
      score: seeded([0.04, 0.06], 0.01, 0.03),
      families: [{ family: 'verbosity' as const, accuracy: seeded([0.18, 0.22], 0.02, 0.04), flipRate: seeded([0, 0], 0, 0.02) }],
    };
    client.handlers.set('robustness.results', async () => [result(1), result(2, { diff })]);
    const w = await mountWith(RobustnessView);
    const first = w.findAll('[data-testid="robustness-table"] tbody tr')[0]!;
    expect(first.find('[data-testid="result-seeds"]').text()).toBe('seeds 3, 4');
    expect(first.find('[data-testid="score"]').text()).toBe('65.0 ± 5.0');
    expect(first.find('[data-testid="score"]').attributes('title')).toBe('seed 3: 60.0 ± 7.0 · seed 4: 70.0 ± 7.0');
    expect(first.find('[data-family="verbosity"]').attributes('title')).toBe('seed 3: 60.0 ± 7.0 · seed 4: 70.0 ± 7.0');
    expect(w.find('[data-testid="seeds-note"]').exists()).toBe(true);
    expect(w.find('[data-testid="diffs-seeds-note"]').text()).toMatch(/^Over seeds 3, 4: the mean of the per-seed differences/);
    const score = w.find('[data-testid="diff-score"]');
    expect(score.text()).toBe('+5.0 ± 1.0 (within ± 3.0)');
    expect(score.classes()).toContain('diff-noise');
    const verbosity = w.find('[data-testid="robustness-diffs"] [data-family="verbosity"]');
    expect(verbosity.text()).toBe('+20.0 ± 2.0 (within ± 4.0)');
    expect(verbosity.classes()).toContain('diff-up');
  });
});

describe('Robustness view: export of the perturbed sets', () => {
  const written: RobustnessExportResult = {
    dir: '/data/ext',
    seed: 3,
    parts: [
      { name: 'held-out', pairs: 30, file: 'held-out.jsonl', scoresFile: 'held-out.scores.jsonl' },
      { name: 'markdown', pairs: 22, file: 'markdown.jsonl', scoresFile: 'markdown.scores.jsonl' },
    ],
  };

  it('in the browser: a typed folder, the chosen families and the first seed, progress, then the files and scores files to write', async () => {
    client.handlers.set('robustness.results', async () => []);
    client.handlers.set('robustness.exportPerturbed', async () =>
      makeJob({ id: 'export-1', kind: 'robustness-export', state: 'running', progress: { done: 1, total: 4, message: 'perturbing 30 held-out pairs: markdown' } }),
    );
    const w = await mountWith(RobustnessView);
    expect(w.find('[data-testid="export-choose"]').exists()).toBe(false);
    expect(w.find('[data-testid="scores-choose"]').exists()).toBe(false);
    expect(w.find('[data-testid="export-perturbed-run"]').attributes('disabled')).toBeDefined();
    for (const f of ['verbosity', 'sycophancy', 'refusal-opener', 'typos', 'paraphrase', 'reorder', 'truncation']) await w.find(`[data-testid="family-${f}"]`).setValue(false);
    await w.find('[data-testid="suite-seeds"]').setValue('3,4');
    await w.find('[data-testid="export-dir"]').setValue(' /data/ext ');
    await w.find('[data-testid="export-perturbed-run"]').trigger('click');
    await flushPromises();
    expect(client.callsOf('robustness.exportPerturbed')).toEqual([{ dir: '/data/ext', families: ['markdown'], seed: 3 }]);
    expect(w.find('[data-testid="export-job"]').text()).toContain('perturbing 30 held-out pairs: markdown');
    expect(w.find('[data-testid="export-job"] progress').attributes('value')).toBe('25');
    // A second click while it runs would start a second export.
    expect(w.find('[data-testid="export-perturbed-run"]').attributes('disabled')).toBeDefined();

    useJobsStore().apply(makeJob({ id: 'export-1', kind: 'robustness-export', state: 'done', result: written, progress: { done: 4, total: 4 } }));
    await flushPromises();
    const items = w.findAll('[data-testid="export-written"] li');
    expect(items.map((li) => li.attributes('data-part'))).toEqual(['held-out', 'markdown']);
    expect(items[1]!.text()).toBe('markdown.jsonl (22 pairs) → markdown.scores.jsonl');
    expect(w.find('[data-testid="export-written"]').text()).toContain('Wrote 2 files to /data/ext (seed 3)');
    await w.find('[data-testid="export-use-folder"]').trigger('click');
    expect((w.find('[data-testid="scores-dir"]').element as HTMLInputElement).value).toBe('/data/ext');
  });

  it('shows a refused export and a failed export job as alerts', async () => {
    client.handlers.set('robustness.results', async () => []);
    client.handlers.set('robustness.exportPerturbed', async () => {
      throw new Error('/data/ext already holds scores files: export to a new folder');
    });
    const w = await mountWith(RobustnessView);
    await w.find('[data-testid="export-dir"]').setValue('/data/ext');
    await w.find('[data-testid="export-perturbed-run"]').trigger('click');
    await flushPromises();
    expect(w.find('[data-testid="export-error"]').text()).toMatch(/already holds scores files/);

    client.handlers.set('robustness.exportPerturbed', async () => makeJob({ id: 'export-2', kind: 'robustness-export', state: 'running' }));
    await w.find('[data-testid="export-perturbed-run"]').trigger('click');
    await flushPromises();
    expect(w.find('[data-testid="export-error"]').exists()).toBe(false);
    useJobsStore().apply(makeJob({ id: 'export-2', kind: 'robustness-export', state: 'failed', error: { code: 'IO_ERROR', message: 'EACCES: permission denied' } }));
    await flushPromises();
    expect(w.find('[data-testid="export-error"]').text()).toBe('EACCES: permission denied');
  });

  it('in the desktop app: folder pickers for the export and the scores folder, and the external model\'s name sent', async () => {
    const asked: string[] = [];
    client.dialogs = {
      pickOpenPath: async (kind) => {
        asked.push(kind);
        return asked.length === 1 ? '/picked/export' : '/picked/scores';
      },
      pickSavePath: async () => null,
    };
    client.handlers.set('robustness.results', async () => []);
    client.handlers.set('robustness.start', async () => makeJob({ id: 'robustness-3', kind: 'robustness', state: 'running' }));
    const w = await mountWith(RobustnessView);
    await w.find('[data-testid="export-choose"]').trigger('click');
    await flushPromises();
    expect((w.find('[data-testid="export-dir"]').element as HTMLInputElement).value).toBe('/picked/export');
    await w.find('[data-testid="scores-choose"]').trigger('click');
    await flushPromises();
    expect(asked).toEqual(['folder', 'folder']);
    await w.find('[data-testid="scores-name"]').setValue('my-rm');
    await w.find('[data-testid="run-robustness"]').trigger('click');
    await flushPromises();
    expect(client.callsOf('robustness.start')).toEqual([expect.objectContaining({ modelIds: [], seeds: [1], scores: [{ dir: '/picked/scores', name: 'my-rm' }] })]);

    // The run registered the external model: once it is done the table names it, so the models are read again.
    client.models = [...client.models, makeModel(3, { kind: 'external', name: 'my-rm', artifactPath: null })];
    client.handlers.set('robustness.results', async () => [{ ...result(3), seeds: undefined }]);
    useJobsStore().apply(makeJob({ id: 'robustness-3', kind: 'robustness', state: 'done' }));
    await flushPromises();
    expect(w.findAll('[data-testid="robustness-table"] tbody tr')[0]!.find('td').text()).toBe('my-rm');
  });
});
