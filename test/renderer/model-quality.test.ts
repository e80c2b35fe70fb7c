// The Models view's honesty cues: accuracy ± SE, the "shorter wins" comparison and its warning, an n-gram model's features.
import { flushPromises } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { setStudioClient } from '../../src-renderer/src/api';
import ModelsView from '../../src-renderer/src/views/ModelsView.vue';
import { FakeClient } from './fake-client';
import { mountWith } from './mounting';
import { makeMetrics, makeModel } from './model-fixtures';

let client: FakeClient;

beforeEach(() => {
  client = new FakeClient(40);
  const baseline = { pairs: 200, shorterWins: 0.56, shorterWinsSe: 0.035, difference: 0.02, differenceSe: 0.04, withinNoise: true };
  client.models = [
    makeModel(1, {
      preset: 'ngram',
      metrics: {
        validation: makeMetrics({ accuracy: 0.58, accuracySe: 0.0349 }),
        train: null,
        training: null,
        baseline,
        features: { positive: [{ ngram: 'sorry', weight: 2.5 }], negative: [{ ngram: 'you could', weight: -1.75 }] },
      },
    }),
    makeModel(2, { metrics: { validation: makeMetrics({ accuracySe: 0.0312 }), train: null, training: null, baseline: { ...baseline, difference: 0.2, withinNoise: false } } }),
  ];
  setStudioClient(client);
});

describe('model quality cues', () => {
  it('shows the SE beside every accuracy and flags the model within noise of shorter-wins', async () => {
    const w = await mountWith(ModelsView);
    const rows = w.findAll('[data-testid="model-row"]');
    const row = (id: number) => rows.find((r) => r.attributes('data-model-id') === String(id))!;
    expect(row(1).get('[data-testid="model-accuracy"]').text()).toContain('58.0% ± 3.5');
    expect(row(1).find('[data-testid="model-length-warning"]').exists()).toBe(true);
    expect(row(2).get('[data-testid="model-accuracy"]').text()).toContain('73.5% ± 3.1');
    expect(row(2).find('[data-testid="model-length-warning"]').exists()).toBe(false);

    await row(1).trigger('click');
    await flushPromises();
    expect(w.get('[data-testid="metric-accuracy"]').text()).toBe('58.0% ± 3.5');
    expect(w.get('[data-testid="model-baseline"]').text()).toContain('56.0% ± 3.5');
    expect(w.get('[data-testid="model-baseline-warning"]').text()).toContain('within noise');
    const features = w.get('[data-testid="model-features"]').text();
    expect(features).toContain('sorry');
    expect(features).toContain('+2.50');
    expect(features).toContain('you could');
    expect(features).toContain('−1.75');
  });
});
