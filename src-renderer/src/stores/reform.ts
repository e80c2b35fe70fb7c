// REFORM runs: the runs list, the selected run's ledger, continuing a run after review, and the refresh that
// follows a running `reform` job's events.
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { Job } from '@shared/dto';
import { ErrorCode, StudioError } from '@shared/errors';
import type { ReformRound, ReformRun } from '@shared/reform-dto';
import { useStudioClient } from '../api';
import { errorMessage } from '../lib/format';
import { isActive, useJobsStore } from './jobs';
import { useModelsStore } from './models';
import { useProjectStore } from './project';

/** A run's job reports many progress events; the ledger needs re-reading only this often. */
const REFRESH_MS = 1500;

/** Runs a reviewer or a resume can pick up again. */
export function isReformContinuable(run: ReformRun): boolean {
  return run.status === 'awaiting-review' || run.status === 'cancelled' || run.status === 'interrupted' || run.status === 'failed';
}

export const useReformStore = defineStore('reform', () => {
  const runs = ref<ReformRun[]>([]);
  const loaded = ref(false);
  const selectedRunId = ref<number | null>(null);
  const rounds = ref<ReformRound[]>([]);
  const error = ref<string | null>(null);
  const busy = ref(false);

  const jobs = useJobsStore();
  const models = useModelsStore();
  const client = () => useStudioClient();

  const selectedRun = computed(() => runs.value.find((r) => r.id === selectedRunId.value) ?? null);

  function jobOf(run: ReformRun): Job | null {
    return run.jobId === null ? null : (jobs.byId[run.jobId] ?? null);
  }

  async function loadRounds(): Promise<void> {
    const id = selectedRunId.value;
    if (id === null) {
      rounds.value = [];
      return;
    }
    try {
      const got = await client().call('reform.rounds', { runId: id });
      if (selectedRunId.value === id) rounds.value = got;
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  async function load(): Promise<void> {
    try {
      runs.value = await client().call('reform.runs', {});
      loaded.value = true;
      error.value = null;
      if (selectedRunId.value === null || !runs.value.some((r) => r.id === selectedRunId.value)) selectedRunId.value = runs.value[0]?.id ?? null;
      await loadRounds();
    } catch (err) {
      if (err instanceof StudioError && err.code === ErrorCode.NoProject) runs.value = [];
      else error.value = errorMessage(err);
    }
  }

  function select(runId: number): Promise<void> {
    selectedRunId.value = runId;
    rounds.value = [];
    return loadRounds();
  }

  /** Continues a run (after review, a cancel or a crash) and follows it. */
  async function resume(runId: number): Promise<Job | null> {
    busy.value = true;
    try {
      const job = await client().call('reform.continue', { runId });
      jobs.apply(job, false);
      error.value = null;
      await load();
      await select(runId);
      return job;
    } catch (err) {
      error.value = errorMessage(err);
      return null;
    } finally {
      busy.value = false;
    }
  }

  // Follow REFORM jobs: their progress means new ledger phases, their end a new model.
  let timer: ReturnType<typeof setTimeout> | null = null;
  const reformJobs = computed(() =>
    jobs.recent
      .filter((j) => j.kind === 'reform')
      .map((j) => `${j.id}:${j.state}:${j.progress.done}:${j.progress.message}`)
      .join('|'),
  );
  watch(reformJobs, () => {
    if (!loaded.value) return;
    if (!jobs.recent.some((j) => j.kind === 'reform' && isActive(j))) {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      void load();
      void models.load();
      return;
    }
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      void load();
    }, REFRESH_MS);
  });

  function clear(): void {
    runs.value = [];
    rounds.value = [];
    selectedRunId.value = null;
    loaded.value = false;
  }

  watch(
    () => useProjectStore().project?.path,
    () => clear(),
  );

  return { runs, loaded, selectedRunId, selectedRun, rounds, error, busy, jobOf, load, select, resume, clear };
});
