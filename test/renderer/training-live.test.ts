// Live training: curve points accumulate from job events, the run panel follows them, and the end refreshes models.
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { setStudioClient } from '../../src-renderer/src/api';
import App from '../../src-renderer/src/App.vue';
import { appendCurvePoint, type CurvePoint } from '../../src-renderer/src/lib/series';
import { useTrainingStore } from '../../src-renderer/src/stores/training';
import { FakeClient } from './fake-client';
import { mountWith, press } from './mounting';
import { makeJob, makeModel } from './model-fixtures';

let client: FakeClient;

function progress(step: number, loss: number, accuracy: number) {
  return makeJob({
    progress: {
      done: step,
      total: 120,
      etaSeconds: 90,
      rate: 4,
      metrics: { step, loss, accuracy, tokensPerSecond: 5120.4, learningRate: 0.0009 },
    },
  });
}

const points = (w: VueWrapper, series: string) =>
  w.get(`[data-testid="train-curves"] [data-series="${series}"]`).attributes('data-points');

beforeEach(() => {
  client = new FakeClient(10);
  setStudioClient(client);
  setActivePinia(createPinia());
});

describe('appendCurvePoint', () => {
  const p = (step: number): CurvePoint => ({ step, loss: 1 / step, accuracy: 0.5 });

  it('drops the points a resumed job redoes', () => {
    const series = [p(10), p(20), p(30)];
    expect(appendCurvePoint(series, p(20)).map((q) => q.step)).toEqual([10, 20]);
    expect(series).toHaveLength(3);
  });

  it('thins a long series to every other point, keeping the newest', () => {
    let series: CurvePoint[] = [];
    for (let step = 1; step <= 9; step++) series = appendCurvePoint(series, p(step), 8);
    expect(series.map((q) => q.step)).toEqual([1, 3, 5, 7, 9]);
    for (let step = 10; step <= 100; step++) series = appendCurvePoint(series, p(step), 8);
    expect(series.length).toBeLessThanOrEqual(8);
    expect(series.at(-1)?.step).toBe(100);
    expect(series[0]?.step).toBe(1);
  });
});

describe('training store', () => {
  it('follows a running train job started elsewhere and ignores other jobs and events without metrics', () => {
    const training = useTrainingStore();
    training.ingest(makeJob({ kind: 'import', progress: { metrics: { step: 1, loss: 1 } } }));
    expect(training.jobId).toBeNull();
    training.ingest(makeJob({ progress: { done: 5 } }));
    expect(training.jobId).toBe('train-1');
    expect(training.points).toEqual([]);
    training.ingest(makeJob({ progress: { done: 5, metrics: { loss: 0.7 } } }));
    expect(training.points).toEqual([{ step: 5, loss: 0.7, accuracy: null }]);
    // A second train job does not steal the panel while the first one runs.
    training.ingest(makeJob({ id: 'train-2', progress: { metrics: { step: 1, loss: 0.1 } } }));
    expect(training.jobId).toBe('train-1');
  });
});

describe('models view, live', () => {
  it('draws curves from progress events, cancels, and refreshes the models list when training ends', async () => {
    const w = await mountWith(App);
    press('g');
    press('m');
    await flushPromises();
    expect(w.find('[data-testid="train-panel"]').exists()).toBe(true);
    expect(w.find('[data-testid="models-empty"]').exists()).toBe(true);
    expect(client.callsOf('models.list')).toHaveLength(1);

    client.emit({ type: 'job', job: progress(10, 0.69, 0.5) });
    client.emit({ type: 'job', job: progress(20, 0.65, 0.58) });
    client.emit({ type: 'job', job: progress(30, 0.61, 0.62) });
    await flushPromises();
    expect(w.get('[data-testid="train-run"]').attributes('data-state')).toBe('running');
    expect(points(w, 'loss')).toBe('3');
    expect(points(w, 'accuracy')).toBe('3');
    expect(w.get('[data-testid="train-step"]').text()).toBe('step 30 / 120');
    expect(w.get('[data-testid="train-tokens"]').text()).toBe('5,120 tokens/s');
    expect(w.get('[data-testid="train-run"]').text()).toContain('ETA 1m 30s');
    expect(w.get('[data-testid="train-curves"]').text()).toContain('loss 0.610');
    expect(w.get('[data-testid="train-start"]').attributes('disabled')).toBeDefined();

    client.handlers.set('jobs.cancel', () => makeJob({ state: 'cancelled', progress: { done: 30 } }));
    await w.get('[data-testid="train-cancel"]').trigger('click');
    await flushPromises();
    expect(client.callsOf('jobs.cancel')).toEqual([{ id: 'train-1' }]);
    expect(w.find('[data-testid="train-resume"]').exists()).toBe(true);
    // The cancel answer is not an event; a cancelled run changes no model.
    expect(client.callsOf('models.list')).toHaveLength(1);

    // Resumed from the step-20 checkpoint: the redone step replaces the old one.
    client.emit({ type: 'job', job: progress(20, 0.64, 0.6) });
    client.emit({ type: 'job', job: progress(120, 0.5, 0.75) });
    await flushPromises();
    expect(points(w, 'loss')).toBe('3');

    client.models = [makeModel(1)];
    client.emit({
      type: 'job',
      job: makeJob({ state: 'done', result: { modelId: 1, steps: 120 }, progress: { done: 120 } }),
    });
    await flushPromises();
    expect(client.callsOf('models.list')).toHaveLength(2);
    expect(w.findAll('[data-testid="model-row"]')).toHaveLength(1);
    await w.get('[data-testid="train-show-model"]').trigger('click');
    await flushPromises();
    expect(w.get('[data-testid="model-detail"]').attributes('data-model-id')).toBe('1');
  });
});
