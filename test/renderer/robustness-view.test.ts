// The Robustness view with the fake client: the stored results as a table and a plot per family, the start request,
// and the reload once the job is done.
import { flushPromises } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FamilyMetrics, RobustnessResult } from '@shared/robustness-dto';
import { setStudioClient } from '../../src-renderer/src/api';
import { useJobsStore } from '../../src-renderer/src/stores/jobs';
import RobustnessView from '../../src-renderer/src/views/RobustnessView.vue';
import { FakeClient } from './fake-client';
import { mountWith } from './mounting';
import { makeJob, makeModel } from './model-fixtures';

let client: FakeClient;

const est = (value: number, se = 0.02) => ({ value, se });

function family(name: FamilyMetrics['family'], accuracy: number, baseline: number, flip: number): FamilyMetrics {
  return { family: name, n: 40, accuracy: est(accuracy), baseline: est(baseline), flipRate: est(flip) };
}

function result(modelId: number, families: FamilyMetrics[], score: number): RobustnessResult {
  return {
    modelId,
    inDistribution: { value: 0.9, se: 0.03, n: 50 },
    families,
    score: est(score),
    seed: 1,
    jobId: 'robustness-1',
    createdAt: '2025-01-01T00:00:00.000Z',
  };
}

beforeEach(() => {
  client = new FakeClient();
  client.models = [makeModel(2), makeModel(1), makeModel(3, { kind: 'external', artifactPath: null })];
  setStudioClient(client);
});

describe('Robustness view', () => {
  it('shows each model\'s stored result in the table and one plot per family with bars at the accuracies', async () => {
    const stored = [
      result(1, [family('verbosity', 0.5, 0.9, 0.45), family('typos', 0.85, 0.9, 0.05)], 0.675),
      result(2, [family('verbosity', 0.8, 0.9, 0.1)], 0.8),
    ];
    client.handlers.set('robustness.results', async () => stored);
    const w = await mountWith(RobustnessView);
    const rows = w.findAll('[data-testid="robustness-table"] tbody tr');
    expect(rows.map((r) => r.attributes('data-model-id'))).toEqual(['1', '2']);
    expect(rows[0]!.find('td').text()).toBe('rm-1');
    expect(rows[0]!.find('[data-testid="score"]').text()).toBe('67.5 ± 2.0');
    expect(rows[0]!.find('[data-family="verbosity"]').text()).toBe('50.0 ± 2.0 / 45.0 ± 2.0');
    // Model 2 was not run on typos: its cell says so rather than showing a number.
    expect(rows[1]!.find('[data-family="typos"]').text()).toBe('–');
    const plot = w.find('[data-testid="plot-verbosity"]');
    const bars = plot.findAll('[data-testid="accuracy-bar"]').map((b) => b.attributes('style'));
    expect(bars).toEqual(['width: 50%;', 'width: 80%;']);
    expect(plot.find('[data-testid="baseline-marker"]').attributes('style')).toBe('left: 90%;');
    expect(w.find('[data-testid="plot-typos"]').findAll('.plot-row')).toHaveLength(1);
    expect(w.find('[data-testid="plot-markdown"]').exists()).toBe(false);
  });

  it('offers only models with weights, starts the chosen models and families, and reloads when the job is done', async () => {
    let stored: RobustnessResult[] = [];
    client.handlers.set('robustness.results', async () => stored);
    client.handlers.set('robustness.start', async () => makeJob({ id: 'robustness-7', kind: 'robustness', state: 'running' }));
    const w = await mountWith(RobustnessView);
    expect(w.find('[data-testid="no-results"]').exists()).toBe(true);
    expect(w.find('[data-testid="pick-model-3"]').exists()).toBe(false);
    expect(w.find('[data-testid="run-robustness"]').attributes('disabled')).toBeDefined();
    await w.find('[data-testid="pick-model-2"]').setValue(true);
    await w.find('[data-testid="pick-model-1"]').setValue(true);
    await w.find('[data-testid="family-typos"]').setValue(false);
    await w.find('[data-testid="run-robustness"]').trigger('click');
    await flushPromises();
    const [request] = client.callsOf('robustness.start') as Array<{ modelIds: number[]; families: string[] }>;
    expect(request!.modelIds).toEqual([2, 1]);
    expect(request!.families).not.toContain('typos');
    expect(request!.families).toHaveLength(7);

    stored = [result(2, [family('markdown', 0.7, 0.9, 0.2)], 0.7)];
    const before = client.callsOf('robustness.results').length;
    // What the app's live updates do with the job event.
    useJobsStore().apply(makeJob({ id: 'robustness-7', kind: 'robustness', state: 'done' }));
    await flushPromises();
    expect(client.callsOf('robustness.results').length).toBe(before + 1);
    expect(w.findAll('[data-testid="robustness-table"] tbody tr')).toHaveLength(1);
  });

  it('shows a refused start as an alert', async () => {
    client.handlers.set('robustness.results', async () => []);
    client.handlers.set('robustness.start', async () => {
      throw new Error('model 2 (rm-2) has no saved weights to score with (status failed)');
    });
    const w = await mountWith(RobustnessView);
    await w.find('[data-testid="pick-model-2"]').setValue(true);
    await w.find('[data-testid="run-robustness"]').trigger('click');
    await flushPromises();
    expect(w.find('[role="alert"]').text()).toMatch(/no saved weights/);
  });
});
