// An in-memory failures backend for component tests: installs discover.*/failures.* handlers on a FakeClient.
import type { DiscoveryRun, Failure, FailureMode } from '@shared/discovery-dto';
import type { Job } from '@shared/dto';
import type { ReviewEntry } from '@shared/review-dto';
import type { FakeClient } from './fake-client';

export function makeFailure(pairId: number): Failure {
  const role = pairId % 2 === 0 ? 'aligned' : 'misaligned';
  return {
    pairId,
    runId: 1,
    sourcePairId: pairId - 100,
    role,
    mode: 'guided',
    prompt: `\n\nHuman: How do I fix thing ${pairId}?\n\nAssistant:`,
    response: role === 'aligned' ? `Short answer ${pairId}.` : `Hope this helps. Bad answer ${pairId}.`,
    reference: `Reference answer for ${pairId}, a longer one.`,
    reward: 0.5,
    referenceReward: 1.25,
    gap: 0.75,
    reviewStatus: null,
    ruleVerdict: pairId % 4 === 1 ? 'good' : role === 'aligned' ? 'good' : 'bad',
  };
}

const STATUS = { confirm: 'confirmed', reject: 'discarded', edit: 'confirmed' } as const;
const FILTER_STATUS: Record<string, Failure['reviewStatus']> = { pending: null, confirmed: 'confirmed', rejected: 'discarded', approved: 'approved' };

export interface FakeFailures {
  failures: Failure[];
  modes: FailureMode[];
  runs: DiscoveryRun[];
  log: { entry: ReviewEntry; before: Failure }[];
}

/** `count` failures with ids 101…; the "aligned shorter" mode holds the even ones. */
export function installFailures(client: FakeClient, count = 30): FakeFailures {
  const state: FakeFailures = {
    failures: Array.from({ length: count }, (_, i) => makeFailure(101 + i)),
    modes: [],
    runs: [
      {
        id: 1, status: 'done', config: { mode: 'guided' }, rewardModelId: 1, policies: { aligned: 2, misaligned: 3 }, promptIds: [],
        byRole: { aligned: { generated: 40, failures: 15 } }, tokens: 1000, seconds: 10, jobId: null, createdAt: '', updatedAt: '',
      },
    ],
    log: [],
  };
  const even = state.failures.filter((f) => f.role === 'aligned').map((f) => f.pairId);
  state.modes = [
    { id: 'length:aligned:shorter', kind: 'length', role: 'aligned', label: 'shorter than the reference', count: even.length, stats: { share: 1, meanChange: -4 }, examples: even.slice(0, 3), pairIds: even },
    { id: 'term:misaligned:hope this', kind: 'term', role: 'misaligned', label: 'uses “hope this”', count: count - even.length, stats: { z: 4.2, failureRate: 1, referenceRate: 0 }, examples: [], pairIds: state.failures.filter((f) => f.role === 'misaligned').map((f) => f.pairId) },
  ];
  const matching = (input: { status?: string; modeId?: string }) => {
    const ids = input.modeId === undefined ? null : new Set(state.modes.find((m) => m.id === input.modeId)?.pairIds ?? []);
    return state.failures.filter(
      (f) => (input.status === undefined || f.reviewStatus === FILTER_STATUS[input.status]) && (ids === null || ids.has(f.pairId)),
    );
  };
  client.handlers.set('discover.runs', () => state.runs);
  client.handlers.set('failures.modes', () => state.modes);
  client.handlers.set('failures.page', (input: { status?: string; modeId?: string; after?: number; limit?: number }) => {
    const rows = matching(input).filter((f) => f.pairId > (input.after ?? 0));
    const page = rows.slice(0, input.limit ?? 200);
    return { rows: page, total: matching(input).length, nextAfter: rows.length > page.length ? (page.at(-1)?.pairId ?? null) : null };
  });
  client.handlers.set('failures.review', (input: { pairIds?: number[]; filter?: { status?: string; modeId?: string }; action: 'confirm' | 'reject' | 'edit'; edit?: { response: string } }) => {
    const ids = input.pairIds ?? matching(input.filter ?? {}).map((f) => f.pairId);
    const entries = ids.map((pairId) => {
      const i = state.failures.findIndex((f) => f.pairId === pairId);
      const before = state.failures[i] as Failure;
      state.failures[i] = { ...before, reviewStatus: STATUS[input.action], ...(input.edit ? { response: input.edit.response } : {}) };
      const entry: ReviewEntry = { id: state.log.length + 1, ts: '', reviewer: 'local', action: input.action, pairId, payload: {}, undoes: null };
      state.log.push({ entry, before });
      return entry;
    });
    return { entries, pairs: [] };
  });
  client.handlers.set('failures.undo', (input: { entryIds: number[] }) => {
    for (const id of input.entryIds) {
      const logged = state.log.find((l) => l.entry.id === id);
      if (logged) state.failures = state.failures.map((f) => (f.pairId === logged.before.pairId ? logged.before : f));
    }
    return { entries: input.entryIds.map((id) => ({ id: 1000 + id, ts: '', reviewer: 'local', action: 'undo', pairId: null, payload: {}, undoes: id })), pairs: [] };
  });
  return state;
}

export function decodeJob(overrides: Partial<Job> = {}): Job {
  return {
    id: 'job-decode',
    kind: 'decode',
    state: 'running',
    params: { runId: 2 },
    progress: { done: 3, total: 10, unit: 'prompts', message: '2 failures in 3 outputs', rate: null, etaSeconds: null, metrics: { promptsDone: 3, failures: 2, tokensPerSecond: 41.5 } },
    result: null,
    error: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: null,
    ...overrides,
  };
}
