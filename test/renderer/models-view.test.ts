// The models table and a model's detail: metrics, histogram bars, calibration points, and the model's actions.
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { setStudioClient } from '../../src-renderer/src/api';
import App from '../../src-renderer/src/App.vue';
import ModelsView from '../../src-renderer/src/views/ModelsView.vue';
import { useJobsStore } from '../../src-renderer/src/stores/jobs';
import { useModelsStore } from '../../src-renderer/src/stores/models';
import { usePairsStore } from '../../src-renderer/src/stores/pairs';
import { FakeClient } from './fake-client';
import { mountWith } from './mounting';
import { fakeMargin, makeJob, makeMetrics, makeModel } from './model-fixtures';
import { plotsIn } from './fake-uplot';

let client: FakeClient;

async function selectModel(w: VueWrapper, id: number): Promise<void> {
  await w.get(`[data-testid="model-row"][data-model-id="${id}"]`).trigger('click');
  await flushPromises();
}

/** An eval job's result as the job reports it; tests swap in the metrics. */
const evalResult = { file: 'heldout.jsonl', modelId: 1, pairs: 200, skipped: 0, margins: [], marginsTruncated: false };

const num = (w: VueWrapper, selector: string, attr: string) =>
  w.findAll(selector).map((e) => Number(e.attributes(attr)));

beforeEach(() => {
  client = new FakeClient(40);
  client.models = [
    makeModel(2, {
      name: 'external-rm',
      kind: 'external',
      preset: null,
      metrics: { validation: null, train: null, training: null },
    }),
    makeModel(1),
  ];
  setStudioClient(client);
});

describe('models table', () => {
  it('lists models with their validation metrics, and dashes where a model has none', async () => {
    const w = await mountWith(ModelsView);
    const rows = w.findAll('[data-testid="model-row"]');
    expect(rows.map((r) => r.attributes('data-model-id'))).toEqual(['2', '1']);
    const cell = (row: number, id: string) => rows[row]!.get(`[data-testid="${id}"]`).text();
    expect(cell(1, 'model-accuracy')).toBe('73.5%');
    expect(cell(1, 'model-loss')).toBe('0.521');
    expect(cell(1, 'model-ece')).toBe('0.042');
    expect(cell(1, 'model-snr')).toBe('0.50');
    expect(cell(1, 'model-scored')).toBe('30');
    expect(cell(0, 'model-accuracy')).toBe('—');
    expect(rows[0]!.text()).toContain('external');
  });

  it('j/k and Enter select models; the detail shows numbers, histogram bars and calibration points', async () => {
    const w = await mountWith(ModelsView);
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true }));
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true }));
    await flushPromises();
    expect(client.callsOf('models.get').at(-1)).toEqual({ id: 1 });
    const detail = w.get('[data-testid="model-detail"]');
    expect(detail.attributes('data-model-id')).toBe('1');
    expect(detail.get('[data-testid="metric-accuracy"]').text()).toBe('73.5%');
    expect(detail.get('[data-testid="metric-loss"]').text()).toBe('0.521');
    expect(detail.get('[data-testid="metric-ece"]').text()).toBe('0.042');
    expect(detail.get('[data-testid="metric-disagreements"]').text()).toBe('53');
    expect(detail.get('[data-testid="model-training"]').text()).toContain('12,346 tokens/s');
    expect(detail.get('[data-testid="model-history"] [data-series="loss"]').attributes('data-points')).toBe(
      '3',
    );
    // Loss and accuracy by step: labelled axes, the raw line and a smoothed one, a tooltip with both.
    const [lossPlot, accPlot] = plotsIn(detail.get('[data-testid="model-history"]').element);
    expect(lossPlot?.axisLabels()).toEqual(['step', 'loss']);
    expect(accPlot?.axisLabels()).toEqual(['step', 'accuracy']);
    expect(accPlot?.column('accuracy')).toEqual([0.5, 0.65, 0.74]);
    expect(accPlot?.column('accuracy (smoothed)')[0]).toBeCloseTo(0.5);
    expect(accPlot?.hover(1)).toMatch(/^step 60\naccuracy 65%\naccuracy \(smoothed\) \d+%$/);
    expect(accPlot?.opts.cursor?.drag?.x).toBe(true);

    // Bars: one per bin with data, red left of zero, counts on a labelled y axis, a tooltip per bin.
    expect(num(w, '[data-testid="hist-bar"]', 'data-count')).toEqual([5, 20, 60, 15]);
    const [hist] = plotsIn(w.get('[data-testid="margin-histogram"]').element);
    expect(hist?.axisLabels()).toEqual(['margin r(chosen) − r(rejected)', 'pairs']);
    expect(hist?.column('below 0')).toEqual([5, 20, null, null]);
    expect(hist?.column('at or above 0')).toEqual([null, null, 60, 15]);
    expect(hist?.hover(2)).toBe('+0.00 … +1.00\n60 pairs');
    expect(w.get('[data-testid="hist-below"]').text()).toBe('3 below −2.00');
    expect(w.get('[data-testid="hist-above"]').text()).toBe('7 above +2.00');

    // Calibration: the empty bin has no point; accuracy over confidence, the bins' sizes on a second axis.
    expect(num(w, '[data-testid="reliability-point"]', 'data-count')).toEqual([40, 100, 10]);
    const [cal] = plotsIn(w.get('[data-testid="reliability-plot"]').element);
    expect(cal?.axisLabels()).toEqual(['confidence: mean P(chosen)', 'accuracy', 'pairs per bin']);
    expect(cal?.column('pairs').filter((c) => c !== null)).toEqual([40, 100, 10]);
    expect(cal?.column('calibrated').filter((c) => c !== null)).toEqual([0, 1]);
    const idx = cal?.column('pairs').indexOf(100) ?? -1;
    expect(cal?.hover(idx)).toContain('100 pairs');
    expect(cal?.hover(idx)).toContain('accuracy 80.0%');

    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', bubbles: true }));
    await flushPromises();
    expect(w.get('[data-testid="model-detail"]').text()).toContain('no metrics yet');
    const row = w.get('[data-testid="model-row"][data-model-id="1"]');
    await row.trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(w.get('[data-testid="model-detail"]').attributes('data-model-id')).toBe('1');
  });

  it('rescores, evaluates on a file and shows the eval metrics from the finished job', async () => {
    client.handlers.set('score.start', () => makeJob({ id: 'score-1', kind: 'score', state: 'queued' }));
    client.handlers.set('eval.start', () => makeJob({ id: 'eval-1', kind: 'eval', state: 'queued' }));
    const w = await mountWith(ModelsView);
    await selectModel(w, 1);
    await w.get('[data-testid="model-rescore"]').trigger('click');
    await flushPromises();
    expect(client.callsOf('score.start')).toEqual([{ modelId: 1 }]);

    await w.get('[data-testid="model-eval-open"]').trigger('click');
    await w.get('[data-testid="model-eval-path"]').setValue('/data/heldout.jsonl');
    await w.get('[data-testid="model-eval-form"]').trigger('submit');
    await flushPromises();
    expect(client.callsOf('eval.start')).toEqual([{ modelId: 1, path: '/data/heldout.jsonl' }]);
    expect(w.get('[data-testid="eval-result"]').attributes('data-state')).toBe('running');

    useJobsStore().apply(
      makeJob({
        id: 'eval-1',
        kind: 'eval',
        state: 'done',
        result: { ...evalResult, metrics: makeMetrics({ accuracy: 0.61, disagreements: 9 }) },
      }),
    );
    await flushPromises();
    const result = w.get('[data-testid="eval-result"]');
    expect(result.attributes('data-state')).toBe('done');
    expect(result.get('[data-testid="metric-accuracy"]').text()).toBe('61.0%');
    expect(result.get('[data-testid="metric-disagreements"]').text()).toBe('9');

    // An eval of a file whose pairs all failed to parse ends without metrics.
    useJobsStore().apply(makeJob({ id: 'eval-1', kind: 'eval', state: 'done', result: { ...evalResult, metrics: null } }));
    await flushPromises();
    expect(w.get('[data-testid="eval-result"]').text()).toContain('finished without metrics');

    // A result that does not fit the eval schema (here: metrics missing their fields) is not read as metrics.
    useJobsStore().apply(
      makeJob({ id: 'eval-1', kind: 'eval', state: 'done', result: { ...evalResult, metrics: { accuracy: 1 } } }),
    );
    await flushPromises();
    expect(w.get('[data-testid="eval-result"]').text()).toContain('finished without metrics');
  });

  it('imports external scores named after the file and refreshes the list when that job ends', async () => {
    client.handlers.set('scores.import', () => makeJob({ id: 'imp-1', kind: 'import', state: 'queued' }));
    const w = await mountWith(App);
    await w.get('[data-testid="tab-models"]').trigger('click');
    await flushPromises();
    await w.get('[data-testid="scores-import-open"]').trigger('click');
    await w.get('[data-testid="scores-import-path"]').setValue('/data/ext-scores.jsonl');
    await w.get('[data-testid="scores-import-form"]').trigger('submit');
    await flushPromises();
    expect(client.callsOf('scores.import')).toEqual([{ path: '/data/ext-scores.jsonl', name: 'ext-scores' }]);

    const before = client.callsOf('models.list').length;
    client.emit({ type: 'job', job: makeJob({ id: 'other', kind: 'import', state: 'done' }) });
    await flushPromises();
    expect(client.callsOf('models.list')).toHaveLength(before);
    client.emit({ type: 'job', job: makeJob({ id: 'imp-1', kind: 'import', state: 'done' }) });
    await flushPromises();
    expect(client.callsOf('models.list')).toHaveLength(before + 1);
    expect(useModelsStore().list).toHaveLength(2);
  });

  it('"Show disagreements" opens the browser on the pairs the model ranks against the label, worst first', async () => {
    const w = await mountWith(App);
    await w.get('[data-testid="tab-models"]').trigger('click');
    await flushPromises();
    await selectModel(w, 1);
    await w.get('[data-testid="model-disagreements"]').trigger('click');
    await flushPromises();
    expect(client.callsOf('pairs.page').at(-1)).toEqual({
      modelId: 1,
      disagree: true,
      sort: 'margin',
      dir: 'asc',
      limit: 100,
    });
    expect((w.get('[data-testid="filter-model"]').element as HTMLSelectElement).value).toBe('1');
    expect((w.get('[data-testid="filter-disagree"]').element as HTMLInputElement).checked).toBe(true);
    expect((w.get('[data-testid="sort-key"]').element as HTMLSelectElement).value).toBe('margin');
    const expected = client.pairs
      .map((p) => fakeMargin(1, p.id))
      .filter((m) => m < 0)
      .sort((a, b) => a - b);
    expect(usePairsStore().rows.map((r) => r.score?.margin)).toEqual(expected);
    // The list is virtualised: the rendered rows are a prefix of the page.
    const shown = num(w, '[data-testid="pair-margin"]', 'data-margin');
    expect(shown.length).toBeGreaterThan(5);
    expect(shown).toEqual(expected.slice(0, shown.length));
  });
});
