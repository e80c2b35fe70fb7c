// The MARS rounds ledger: runs, the per-round table from a fixture, crossed-zero examples that open the queue,
// the round-over-round histogram overlay, the start form's request, Continue, and the LLM settings.
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import type { MarsConfig, MarsRound, MarsRun } from '@shared/mars-dto';
import { setStudioClient } from '../../src-renderer/src/api';
import App from '../../src-renderer/src/App.vue';
import { useJobsStore } from '../../src-renderer/src/stores/jobs';
import RoundsView from '../../src-renderer/src/views/RoundsView.vue';
import { FakeClient } from './fake-client';
import { mountWith, press } from './mounting';
import { plotsIn } from './fake-uplot';
import { makeJob, makeMetrics, makeModel } from './model-fixtures';

let client: FakeClient;

/** A run's config as the ledger stores it: the contract's defaults filled in. */
function makeConfig(patch: Partial<MarsConfig> = {}): MarsConfig {
  return {
    rounds: 3,
    selectShare: 0.1,
    weighting: 'signed',
    alpha: 0.5,
    tau: 0.5,
    operators: ['synonym', 'span-delete', 'reorder'],
    perText: 2,
    approve: 'auto',
    semantic: false,
    seed: 1,
    preset: 'tiny',
    ...patch,
  };
}

function makeRun(id: number, patch: Partial<MarsRun> = {}): MarsRun {
  return {
    id,
    name: `run-${id}`,
    status: 'done',
    config: makeConfig({ budget: 40 }),
    baseModelId: 1,
    roundsDone: 2,
    jobId: null,
    createdAt: `2025-01-0${id}T00:00:00.000Z`,
    updatedAt: `2025-01-0${id}T00:00:00.000Z`,
    ...patch,
  };
}

function makeRound(round: number, patch: Partial<MarsRound> = {}): MarsRound {
  return {
    runId: 2,
    round,
    phase: 'done',
    sourceModelId: round === 1 ? 1 : 10 + round - 1,
    modelId: 10 + round,
    selected: 8 * round,
    budget: 40,
    spent: 36 + round,
    operatorBudget: { synonym: 20, 'span-delete': 10, reorder: 5 },
    rejected: {},
    semantic: null,
    validation: makeMetrics({
      accuracy: 0.75 + round / 100,
      meanLoss: 0.5 - round / 100,
      marginMean: 0.8 + round / 10,
      marginStd: 1.5,
      marginSnr: 0.55 + round / 10,
      histogram: { min: -3, max: 3, counts: [2 * round, 10, 40, 30 + round], below: round, above: 4 },
    }),
    train: null,
    crossed: {
      toCorrect: 12 + round,
      toWrong: 3,
      examples: [
        { pairId: 5, before: -0.8, after: 0.6 },
        { pairId: 9, before: 0.4, after: -0.3 },
      ],
    },
    startedAt: '2025-01-02T00:00:00.000Z',
    finishedAt: '2025-01-02T00:10:00.000Z',
    ...patch,
  };
}

const counts = (w: VueWrapper, round: number, series: string) =>
  w
    .findAll(`[data-testid="hist-overlay"][data-round="${round}"] [data-series="${series}"]`)
    .map((b) => Number(b.attributes('data-count')));
beforeEach(() => {
  client = new FakeClient(20);
  // Model 1 is run 2's base model: round 1 is drawn over its validation histogram.
  client.models = [makeModel(1)];
  client.marsRuns = [
    makeRun(2, { status: 'awaiting-approval', roundsDone: 1 }),
    makeRun(1, { name: 'baseline', config: makeConfig({ rounds: 2, weighting: 'abs' }) }),
  ];
  client.marsRounds = {
    2: [makeRound(1), makeRound(2, { phase: 'augmented', validation: null, crossed: null })],
  };
  setStudioClient(client);
});

describe('rounds ledger', () => {
  it('lists runs and renders the selected run’s rounds with their numbers', async () => {
    const w = await mountWith(RoundsView);
    const runs = w.findAll('[data-testid="run-row"]');
    expect(runs.map((r) => r.attributes('data-run-id'))).toEqual(['2', '1']);
    expect(runs[0]?.get('[data-testid="run-rounds"]').text()).toBe('1/3');
    expect(runs[0]?.get('[data-testid="run-budget"]').text()).toBe('40');
    expect(runs[1]?.get('[data-testid="run-budget"]').text()).toBe('default');
    expect(runs[1]?.get('[data-testid="run-weighting"]').text()).toBe('abs');
    expect(client.callsOf('mars.rounds')).toEqual([{ runId: 2 }]);

    const rows = w.findAll('[data-testid="rounds-row"]');
    expect(rows.map((r) => r.attributes('data-round'))).toEqual(['1', '2']);
    const cell = (i: number, id: string) => rows[i]!.get(`[data-testid="${id}"]`).text();
    expect(cell(0, 'round-phase')).toBe('done');
    expect(cell(0, 'round-selected')).toBe('8');
    expect(cell(0, 'round-budget')).toBe('40');
    expect(cell(0, 'round-spent')).toBe('37');
    expect(cell(0, 'round-accuracy')).toBe('76.0%');
    expect(cell(0, 'round-loss')).toBe('0.490');
    expect(cell(0, 'round-margin-mean')).toBe('0.900');
    expect(cell(0, 'round-margin-std')).toBe('1.500');
    expect(cell(0, 'round-snr')).toBe('0.65');
    expect(cell(0, 'round-to-correct')).toBe('↑13');
    expect(cell(0, 'round-to-wrong')).toBe('↓3');
    const bars = rows[0]!.findAll('[data-testid="operator-bar"]');
    expect(bars.map((b) => [b.attributes('data-operator'), b.attributes('data-count')])).toEqual([
      ['synonym', '20'],
      ['span-delete', '10'],
      ['reorder', '5'],
    ]);
    // A round still waiting for approval has no model numbers yet.
    expect(cell(1, 'round-phase')).toBe('augmented');
    expect(cell(1, 'round-accuracy')).toBe('—');

    press('j');
    await flushPromises();
    expect(client.callsOf('mars.rounds').at(-1)).toEqual({ runId: 1 });
    expect(w.find('[data-testid="rounds-empty"]').exists()).toBe(true);
  });

  it('overlays each round’s margin histogram on the previous one (round 0: the base model)', async () => {
    client.marsRounds = { 2: [makeRound(1), makeRound(2)] };
    const w = await mountWith(RoundsView);
    const overlays = w.findAll('[data-testid="hist-overlay"]');
    expect(overlays.map((o) => o.attributes('data-round'))).toEqual(['1', '2']);
    // Round 1 over model 1 (makeMetrics' histogram), round 2 over round 1.
    expect(counts(w, 1, 'previous')).toEqual([5, 20, 60, 15]);
    expect(counts(w, 1, 'current')).toEqual([2, 10, 40, 31]);
    expect(counts(w, 2, 'previous')).toEqual([2, 10, 40, 31]);
    expect(counts(w, 2, 'current')).toEqual([4, 10, 40, 32]);
    // One chart per round, both histograms on one x axis: the union of their bin edges, −3…+3 (round 1's
    // −3…+3 bins hold the base model's −2…+2 ones), each outline holding its bin's count from its lower edge and
    // 0 where its stored range ends (the tooltip says "—" there).
    const [plot] = plotsIn(overlays[0]!.element);
    expect(plot?.axisLabels()).toEqual(['margin r(chosen) − r(rejected)', 'pairs']);
    expect(plot?.data[0]).toEqual([-3, -2, -1.5, -1, 0, 1, 1.5, 2, 3]);
    expect(plot?.column('R0 (rm-1)')).toEqual([0, 5, 5, 20, 60, 15, 15, 0, 0]);
    expect(plot?.column('R1')).toEqual([2, 2, 10, 10, 40, 40, 31, 31, 31]);
    expect(plot?.hover(4)).toBe('+0.00 … +1.00\nR0 (rm-1): 60\nR1: 40');
    expect(plot?.hover(0)).toBe('−3.00 … −2.00\nR0 (rm-1): —\nR1: 2');
    expect(overlays[0]?.text()).toContain('R0 (rm-1)');
    expect(overlays[1]?.text()).toContain('R1');
  });

  it('shows crossed-zero examples; clicking one opens the pair in the ambiguous queue', async () => {
    const w = await mountWith(App);
    press('g');
    press('r');
    await flushPromises();
    expect(w.find('[data-testid="rounds-view"]').exists()).toBe(true);
    expect(w.find('[data-testid="crossed-examples"]').exists()).toBe(false);
    await w.get('[data-testid="round-crossed-show"]').trigger('click');
    const examples = w.findAll('[data-testid="crossed-example"]');
    expect(examples.map((e) => e.text().replace(/\s+/g, ' '))).toEqual([
      '#5 −0.80 → +0.60',
      '#9 +0.40 → −0.30',
    ]);
    await examples[1]!.trigger('click');
    await flushPromises();
    expect(w.find('[data-testid="ambiguous-view"]').exists()).toBe(true);
    expect(w.get('[data-testid="amb-pair"]').attributes('data-pair-id')).toBe('9');
    expect(client.callsOf('pairs.get')).toContainEqual({ id: 9 });
  });

  it('Continue resumes a run that waits for approval; finished runs have no Continue', async () => {
    client.handlers.set('mars.continue', () => makeJob({ id: 'mars-2', kind: 'mars', state: 'queued' }));
    const w = await mountWith(RoundsView);
    // Another run is selected: continuing run 2 selects it again and reads its rounds.
    await w.findAll('[data-testid="run-row"]')[1]!.trigger('click');
    await flushPromises();
    expect(w.find('[data-testid="run-row"].selected').attributes('data-run-id')).toBe('1');
    const buttons = w.findAll('[data-testid="run-continue"]');
    expect(buttons).toHaveLength(1);
    await buttons[0]!.trigger('click');
    await flushPromises();
    expect(client.callsOf('mars.continue')).toEqual([{ runId: 2 }]);
    expect(useJobsStore().byId['mars-2']?.kind).toBe('mars');
    expect(w.find('[data-testid="run-row"].selected').attributes('data-run-id')).toBe('2');
    expect(client.callsOf('mars.rounds').at(-1)).toEqual({ runId: 2 });
  });

  it('reloads the ledger and the models when a MARS job ends', async () => {
    await mountWith(RoundsView);
    const runsBefore = client.callsOf('mars.runs').length;
    const modelsBefore = client.callsOf('models.list').length;
    useJobsStore().apply(makeJob({ id: 'mars-1', kind: 'mars', state: 'done' }));
    await flushPromises();
    expect(client.callsOf('mars.runs')).toHaveLength(runsBefore + 1);
    expect(client.callsOf('models.list')).toHaveLength(modelsBefore + 1);
  });
});

describe('start form', () => {
  it('sends the chosen options; blank budget and the unused temperature are left out', async () => {
    client.handlers.set('mars.start', () => makeJob({ id: 'mars-3', kind: 'mars', state: 'queued' }));
    const w = await mountWith(RoundsView);
    // Without an LLM endpoint the llm operator and the semantic layer cannot be picked.
    expect(w.get('[data-testid="mars-op-llm"]').attributes('disabled')).toBeDefined();
    expect(w.get('[data-testid="mars-semantic"]').attributes('disabled')).toBeDefined();

    await w.get('[data-testid="mars-rounds"]').setValue('5');
    await w.get('[data-testid="mars-select-share"]').setValue('0.2');
    await w.get('[data-testid="mars-weighting"]').setValue('abs');
    expect(w.find('[data-testid="mars-alpha"]').exists()).toBe(false);
    await w.get('[data-testid="mars-tau"]').setValue('2');
    await w.get('[data-testid="mars-op-reorder"]').setValue(false);
    await w.get('[data-testid="mars-approve"]').setValue('manual');
    await w.get('[data-testid="mars-seed"]').setValue('7');
    await w.get('[data-testid="mars-start-form"]').trigger('submit');
    await flushPromises();
    expect(client.callsOf('mars.start')).toEqual([
      {
        rounds: 5,
        selectShare: 0.2,
        weighting: 'abs',
        tau: 2,
        operators: ['synonym', 'span-delete'],
        approve: 'manual',
        seed: 7,
        semantic: false,
      },
    ]);
  });

  it('refuses out-of-range values inline and sends a given budget and name', async () => {
    const w = await mountWith(RoundsView);
    await w.get('[data-testid="mars-rounds"]').setValue('0');
    await w.get('[data-testid="mars-start-form"]').trigger('submit');
    await flushPromises();
    expect(client.callsOf('mars.start')).toEqual([]);
    expect(w.get('[data-testid="mars-start-form"]').text()).toContain(
      'Rounds must be a whole number from 1 to 50.',
    );

    client.handlers.set('mars.start', () => makeJob({ id: 'mars-4', kind: 'mars', state: 'queued' }));
    await w.get('[data-testid="mars-rounds"]').setValue('2');
    await w.get('[data-testid="mars-budget"]').setValue('0');
    await w.get('[data-testid="mars-name"]').setValue('no-aug arm');
    await w.get('[data-testid="mars-start-form"]').trigger('submit');
    await flushPromises();
    expect(client.callsOf('mars.start')).toEqual([
      {
        name: 'no-aug arm',
        rounds: 2,
        budget: 0,
        selectShare: 0.1,
        weighting: 'signed',
        alpha: 0.5,
        operators: ['synonym', 'span-delete', 'reorder'],
        approve: 'auto',
        seed: 1,
        semantic: false,
      },
    ]);
  });

  it('enables the llm operator and semantic layer once an endpoint is configured', async () => {
    client.llm = { ...client.llm, configured: true, baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen' };
    client.handlers.set('mars.start', () => makeJob({ id: 'mars-5', kind: 'mars', state: 'queued' }));
    const w = await mountWith(RoundsView);
    await w.get('[data-testid="mars-op-llm"]').setValue(true);
    await w.get('[data-testid="mars-semantic"]').setValue(true);
    await w.get('[data-testid="mars-start-form"]').trigger('submit');
    await flushPromises();
    expect(client.callsOf('mars.start')[0]).toMatchObject({
      operators: ['synonym', 'span-delete', 'reorder', 'llm'],
      semantic: true,
    });
  });
});

describe('LLM settings', () => {
  it('saves the endpoint with the key, shows warnings, and clears it', async () => {
    client.handlers.set('settings.setLlm', (input: { config: Record<string, unknown> | null }) => ({
      ...client.llm,
      configured: input.config !== null,
      baseUrl: (input.config?.baseUrl as string | undefined) ?? null,
      model: (input.config?.model as string | undefined) ?? null,
      hasApiKey: input.config?.apiKey !== undefined,
      warnings: input.config === null ? [] : ['requestsPerMinute is high for a local server'],
    }));
    const w = await mountWith(RoundsView);
    expect(w.get('[data-testid="llm-status"]').text()).toBe('not configured');
    expect(w.get('[data-testid="llm-api-key"]').attributes('type')).toBe('password');
    await w.get('[data-testid="llm-base-url"]').setValue('http://127.0.0.1:8000/v1');
    await w.get('[data-testid="llm-model"]').setValue('qwen');
    await w.get('[data-testid="llm-api-key"]').setValue('sk-local');
    await w.get('[data-testid="llm-rpm"]').setValue('600');
    await w.get('[data-testid="llm-settings"]').trigger('submit');
    await flushPromises();
    expect(client.callsOf('settings.setLlm')).toEqual([
      {
        config: {
          baseUrl: 'http://127.0.0.1:8000/v1',
          model: 'qwen',
          apiKey: 'sk-local',
          requestsPerMinute: 600,
        },
      },
    ]);
    expect(w.get('[data-testid="llm-status"]').text()).toBe('configured');
    expect(w.get('[data-testid="llm-warnings"]').text()).toContain('requestsPerMinute is high');
    // The key never comes back into the form.
    expect((w.get('[data-testid="llm-api-key"]').element as HTMLInputElement).value).toBe('');
    expect(w.get('[data-testid="mars-op-llm"]').attributes('disabled')).toBeUndefined();

    await w.get('[data-testid="llm-clear"]').trigger('click');
    await flushPromises();
    expect(client.callsOf('settings.setLlm').at(-1)).toEqual({ config: null });
    expect(w.get('[data-testid="llm-status"]').text()).toBe('not configured');
  });
});
