// The Failures queue: discovery runs, the failure modes of the chosen run, its failures (paged by pair id), the
// reviewer's actions on them (one or a whole mode/filter at a time) and this session's undo stack.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Job } from '@shared/dto';
import type {
  DiscoverOptions,
  DiscoveryRun,
  Failure,
  FailureAction,
  FailureFilter,
  FailureMode,
} from '@shared/discovery-dto';
import { useStudioClient } from '../api';
import { errorMessage } from '../lib/format';
import { useJobsStore } from './jobs';

export const FAILURES_PAGE_SIZE = 200;
export type StatusFilter = NonNullable<FailureFilter['status']> | 'all';

export const useFailuresStore = defineStore('failures', () => {
  const runs = ref<DiscoveryRun[]>([]);
  const runId = ref<number | null>(null);
  const status = ref<StatusFilter>('pending');
  const modeId = ref<string | null>(null);
  const modes = ref<FailureMode[]>([]);
  const rows = shallowRef<Failure[]>([]);
  const total = ref(0);
  const nextAfter = ref<number | null>(null);
  const selected = ref(0);
  const loaded = ref(false);
  const loading = ref(false);
  const busy = ref(false);
  const error = ref<string | null>(null);
  const toast = ref<string | null>(null);
  /** Each step is the log entries of one (possibly bulk) action, undone together. */
  const undoStack = ref<number[][]>([]);
  /** Whether an LLM endpoint is configured: only then can the optional judge be asked. */
  const judgeAvailable = ref(false);

  const client = () => useStudioClient();
  const current = computed(() => rows.value[selected.value] ?? null);
  const run = computed(() => runs.value.find((r) => r.id === runId.value) ?? null);
  /** The discovery job running now, if any: its progress is shown live above the queue. */
  const liveJob = computed<Job | null>(() => useJobsStore().active.find((j) => j.kind === 'decode') ?? null);
  let generation = 0;

  function filter(): FailureFilter {
    return {
      ...(runId.value === null ? {} : { runId: runId.value }),
      ...(status.value === 'all' ? {} : { status: status.value }),
    };
  }

  async function guarded<T>(fn: () => Promise<T>): Promise<T | null> {
    try {
      const value = await fn();
      error.value = null;
      return value;
    } catch (err) {
      error.value = errorMessage(err);
      return null;
    }
  }

  /** Runs, then the newest run's modes and first page (or the chosen run's). */
  async function init(): Promise<void> {
    // The judge is optional: a failed settings read only hides its button.
    client()
      .call('settings.llm', {})
      .then((llm) => (judgeAvailable.value = llm.configured))
      .catch(() => (judgeAvailable.value = false));
    await guarded(async () => {
      runs.value = await client().call('discover.runs', {});
      if (runId.value === null || !runs.value.some((r) => r.id === runId.value)) runId.value = runs.value[0]?.id ?? null;
    });
    await reload();
    loaded.value = true;
  }

  async function reload(): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    await guarded(async () => {
      const f = filter();
      const [m, page] = await Promise.all([
        client().call('failures.modes', f),
        client().call('failures.page', { ...f, ...(modeId.value === null ? {} : { modeId: modeId.value }), limit: FAILURES_PAGE_SIZE }),
      ]);
      if (mine !== generation) return;
      modes.value = m;
      rows.value = page.rows;
      total.value = page.total;
      nextAfter.value = page.nextAfter;
      selected.value = Math.min(selected.value, Math.max(0, page.rows.length - 1));
    });
    if (mine === generation) loading.value = false;
  }

  async function loadMore(): Promise<void> {
    if (nextAfter.value === null || loading.value) return;
    const mine = generation;
    loading.value = true;
    await guarded(async () => {
      const f = { ...filter(), ...(modeId.value === null ? {} : { modeId: modeId.value }) };
      const page = await client().call('failures.page', { ...f, after: nextAfter.value ?? 0, limit: FAILURES_PAGE_SIZE });
      if (mine !== generation) return;
      rows.value = [...rows.value, ...page.rows];
      nextAfter.value = page.nextAfter;
    });
    loading.value = false;
  }

  async function setRun(id: number | null): Promise<void> {
    runId.value = id;
    modeId.value = null;
    selected.value = 0;
    await reload();
  }

  async function setStatus(next: StatusFilter): Promise<void> {
    status.value = next;
    modeId.value = null;
    selected.value = 0;
    await reload();
  }

  /** Shows one mode's failures (again: all of them). */
  async function setMode(id: string | null): Promise<void> {
    modeId.value = modeId.value === id ? null : id;
    selected.value = 0;
    await reload();
  }

  function select(index: number): void {
    selected.value = Math.max(0, Math.min(index, rows.value.length - 1));
  }

  function flash(text: string): void {
    toast.value = text;
  }

  async function review(pairIds: number[] | null, action: FailureAction, response?: string): Promise<boolean> {
    if (busy.value) return false;
    busy.value = true;
    const input = {
      ...(pairIds === null ? { filter: { ...filter(), ...(modeId.value === null ? {} : { modeId: modeId.value }) } } : { pairIds }),
      action,
      ...(response === undefined ? {} : { edit: { response } }),
    };
    const result = await guarded(() => client().call('failures.review', input));
    busy.value = false;
    if (result === null || result.entries.length === 0) return false;
    undoStack.value = [...undoStack.value, result.entries.map((e) => e.id)];
    const verb = { confirm: 'Confirmed', reject: 'Rejected', edit: 'Edited' }[action];
    flash(`${verb} ${result.entries.length} failure${result.entries.length === 1 ? '' : 's'} (u to undo)`);
    await reload();
    return true;
  }

  /** Confirm or reject the selected failure; the list then shows what is left of the filter. */
  const act = (action: 'confirm' | 'reject') => (current.value ? review([current.value.pairId], action) : Promise.resolve(false));
  const saveEdit = (response: string) => (current.value ? review([current.value.pairId], 'edit', response) : Promise.resolve(false));
  /** Every failure of the shown mode or filter at once. */
  const bulk = (action: 'confirm' | 'reject') => review(null, action);

  async function undo(): Promise<void> {
    const step = undoStack.value.at(-1);
    if (step === undefined || busy.value) return;
    busy.value = true;
    const result = await guarded(() => client().call('failures.undo', { entryIds: step }));
    busy.value = false;
    if (result === null) return;
    undoStack.value = undoStack.value.slice(0, -1);
    flash(`Undid ${step.length} review${step.length === 1 ? '' : 's'}`);
    await reload();
  }

  /** Asks the LLM judge about the selected failure; its verdict is shown as a suggestion and changes nothing else. */
  async function judge(): Promise<void> {
    const failure = current.value;
    if (failure === null || busy.value || !judgeAvailable.value) return;
    busy.value = true;
    const result = await guarded(() => client().call('failures.judge', { pairIds: [failure.pairId] }));
    busy.value = false;
    const answer = result?.verdicts[0];
    if (answer === undefined) return;
    flash(answer.verdict === null ? `The judge gave no clear verdict: ${answer.answer}` : `Judge says: ${answer.verdict} (a suggestion; nothing was changed)`);
    await reload();
  }

  async function startDiscovery(options: DiscoverOptions): Promise<Job | null> {
    const jobs = useJobsStore();
    const job = await jobs.startDiscover(options);
    if (job === null) error.value = jobs.error;
    else await init();
    return job;
  }

  function reset(): void {
    runs.value = [];
    runId.value = null;
    modeId.value = null;
    modes.value = [];
    rows.value = [];
    total.value = 0;
    nextAfter.value = null;
    undoStack.value = [];
    loaded.value = false;
  }

  return {
    runs, runId, run, status, modeId, modes, rows, total, nextAfter, selected, loaded, loading, busy, error, toast,
    undoStack, current, liveJob, init, reload, loadMore, setRun, setStatus, setMode, select, act, saveEdit, bulk,
    undo, startDiscovery, reset, judgeAvailable, judge, dismissError: () => (error.value = null),
  };
});
