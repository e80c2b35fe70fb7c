// REFORM runs in the Rounds view, beside the MARS runs: the runs list, the selected run's ledger columns from a
// fixture (found, kept, confirmed, added, accuracy ± SE, loss, attack success before → after), and Continue.
import { flushPromises } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { ReformOptions, type ReformRound, type ReformRun } from '@shared/reform-dto';
import { setStudioClient } from '../../src-renderer/src/api';
import { useJobsStore } from '../../src-renderer/src/stores/jobs';
import RoundsView from '../../src-renderer/src/views/RoundsView.vue';
import { FakeClient } from './fake-client';
import { mountWith } from './mounting';
import { makeJob, makeMetrics } from './model-fixtures';

let client: FakeClient;

function makeRun(id: number, patch: Partial<ReformRun> = {}): ReformRun {
  return {
    id,
    name: `reform-${id}`,
    status: 'done',
    config: ReformOptions.parse({ rounds: 2, budget: 16, approve: 'auto', prompts: 40 }),
    baseModelId: 1,
    policies: { aligned: 5, misaligned: 6 },
    roundsDone: 2,
    jobId: null,
    createdAt: `2025-01-0${id}T00:00:00.000Z`,
    updatedAt: `2025-01-0${id}T00:00:00.000Z`,
    ...patch,
  };
}

const share = (value: number, se: number) => ({ value, se, n: 40 });

function makeRound(round: number, patch: Partial<ReformRound> = {}): ReformRound {
  return {
    runId: 3,
    round,
    phase: 'done',
    sourceModelId: round,
    modelId: round + 1,
    discoveryRunId: round,
    prompts: 40,
    budget: 16,
    found: { aligned: 12, misaligned: 9 },
    candidates: Array.from({ length: 16 }, (_, i) => 100 + i),
    setAside: 5,
    confirmed: 16,
    added: { aligned: 10, misaligned: 6 },
    validation: makeMetrics({ accuracy: 0.8125, meanLoss: 0.4321, accuracySe: 0.0123 }),
    train: null,
    attackBefore: { overall: share(0.5, 0.079), byRole: { aligned: share(0.3, 0.072) } },
    attackAfter: { overall: share(0.25, 0.068), byRole: { aligned: share(0.1, 0.047) } },
    crossed: { toCorrect: 7, toWrong: 2, examples: [] },
    startedAt: '2025-01-03T00:00:00.000Z',
    finishedAt: '2025-01-03T00:10:00.000Z',
    ...patch,
  };
}

beforeEach(() => {
  client = new FakeClient(0);
  client.reformRuns = [makeRun(3, { status: 'awaiting-review', roundsDone: 1 }), makeRun(1)];
  client.reformRounds = {
    3: [
      makeRound(1),
      makeRound(2, { phase: 'discovered', modelId: null, confirmed: null, added: null, validation: null, attackBefore: null, attackAfter: null, crossed: null, candidates: [1, 2, 3], setAside: 0, found: { aligned: 3 } }),
    ],
    1: [
      makeRound(1, {
        runId: 1,
        attackBefore: { overall: share(0.5, 0.079), byRole: {}, confirmed: { overall: share(0.4, 0.077), byRole: {} } },
        attackAfter: { overall: share(0.6, 0.077), byRole: {}, confirmed: { overall: share(0.1, 0.047), byRole: {} } },
      }),
    ],
  };
  setStudioClient(client);
});

describe('REFORM runs in the Rounds view', () => {
  it('lists the runs and shows the selected run’s ledger columns', async () => {
    const w = await mountWith(RoundsView);
    const runs = w.findAll('[data-testid="reform-run-row"]');
    expect(runs.map((r) => r.attributes('data-run-id'))).toEqual(['3', '1']);
    expect(runs[0]?.get('[data-testid="reform-run-status"]').text()).toBe('awaiting-review');
    expect(runs[0]?.get('[data-testid="reform-run-rounds"]').text()).toBe('1/2');
    expect(runs[0]?.get('[data-testid="reform-run-budget"]').text()).toBe('16');
    expect(runs[0]?.get('[data-testid="reform-run-approve"]').text()).toBe('auto');
    expect(client.callsOf('reform.rounds')).toEqual([{ runId: 3 }]);

    const rows = w.findAll('[data-testid="reform-round-row"]');
    expect(rows.map((r) => r.attributes('data-round'))).toEqual(['1', '2']);
    const cell = (i: number, id: string) => rows[i]!.get(`[data-testid="reform-round-${id}"]`).text();
    expect(cell(0, 'phase')).toBe('done');
    expect(cell(0, 'found')).toBe('21');
    expect(rows[0]!.get('[data-testid="reform-round-found"]').attributes('title')).toBe('aligned 12 · misaligned 9');
    expect(cell(0, 'kept')).toBe('16');
    expect(cell(0, 'confirmed')).toBe('16');
    expect(cell(0, 'added')).toBe('16');
    expect(cell(0, 'accuracy')).toBe('81.3% ± 1.2%');
    expect(cell(0, 'loss')).toBe('0.432');
    expect(cell(0, 'attack-before')).toBe('50.0% ± 7.9%');
    expect(cell(0, 'attack-after')).toBe('25.0% ± 6.8%');
    expect(cell(0, 'change')).toBe('-50%');
    expect(cell(0, 'crossed')).toBe('7/2');
    // The round a reviewer has to look at says so; its later columns are empty.
    expect(cell(1, 'phase')).toBe('awaiting review');
    expect(cell(1, 'found')).toBe('3');
    expect(cell(1, 'added')).toBe('—');
    expect(cell(1, 'attack-after')).toBe('—');
  });

  it('selecting another run reads its ledger; Continue resumes only runs that can go on', async () => {
    client.handlers.set('reform.continue', () => makeJob({ id: 'reform-3', kind: 'reform', state: 'queued' }));
    const w = await mountWith(RoundsView);
    await w.findAll('[data-testid="reform-run-row"]')[1]!.trigger('click');
    await flushPromises();
    expect(client.callsOf('reform.rounds')).toEqual([{ runId: 3 }, { runId: 1 }]);
    expect(w.get('[data-testid="reform-ledger"]').attributes('data-run-id')).toBe('1');
    // On the demo the ledger also shows the failures the rule confirms, and their change.
    const row = w.get('[data-testid="reform-round-row"]');
    expect(row.get('[data-testid="reform-round-attack-before-confirmed"]').text()).toBe('confirmed 40.0% ± 7.7%');
    expect(row.get('[data-testid="reform-round-attack-after-confirmed"]').text()).toBe('confirmed 10.0% ± 4.7%');
    expect(row.get('[data-testid="reform-round-change-confirmed"]').text()).toBe('-75%');
    expect(w.find('[data-testid="reform-round-change"]').text()).toContain('+20%');
    const buttons = w.findAll('[data-testid="reform-run-continue"]');
    expect(buttons).toHaveLength(1);
    await buttons[0]!.trigger('click');
    await flushPromises();
    expect(client.callsOf('reform.continue')).toEqual([{ runId: 3 }]);
    expect(w.get('[data-testid="reform-ledger"]').attributes('data-run-id')).toBe('3');
  });

  it('reloads the ledger and the models when a REFORM job ends, not when a MARS job does', async () => {
    await mountWith(RoundsView);
    const runsBefore = client.callsOf('reform.runs').length;
    const modelsBefore = client.callsOf('models.list').length;
    useJobsStore().apply(makeJob({ id: 'reform-1', kind: 'reform', state: 'done' }));
    await flushPromises();
    expect(client.callsOf('reform.runs')).toHaveLength(runsBefore + 1);
    expect(client.callsOf('models.list')).toHaveLength(modelsBefore + 1);
    useJobsStore().apply(makeJob({ id: 'mars-1', kind: 'mars', state: 'done' }));
    await flushPromises();
    expect(client.callsOf('reform.runs')).toHaveLength(runsBefore + 1);
  });

  it('shows an empty state when the project has no REFORM runs', async () => {
    client.reformRuns = [];
    const w = await mountWith(RoundsView);
    expect(w.find('[data-testid="reform-empty"]').exists()).toBe(true);
    expect(w.find('[data-testid="reform-ledger"]').exists()).toBe(false);
  });
});
