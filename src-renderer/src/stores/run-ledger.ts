// What the MARS and REFORM stores share: the runs list and the selected run's rounds, starting or continuing a
// run's job and following it, and the refresh that a running job of that kind drives. Called inside a store's setup.
import { computed, ref, watch, type Ref } from 'vue';
import type { Job, JobKind } from '@shared/dto';
import { ErrorCode, StudioError } from '@shared/errors';
import { errorMessage } from '../lib/format';
import { isActive, useJobsStore } from './jobs';
import { useModelsStore } from './models';
import { useProjectStore } from './project';

/** A run's job reports many progress events; the ledger needs re-reading only this often. */
const REFRESH_MS = 1500;

export interface LedgerRun {
  id: number;
  jobId: string | null;
}

export interface RunLedgerSource<Run, Round> {
  /** The job kind that runs this ledger's rounds: its progress means new rounds, its end new models. */
  kind: JobKind;
  listRuns(): Promise<Run[]>;
  listRounds(runId: number): Promise<Round[]>;
}

export function useRunLedger<Run extends LedgerRun, Round>(source: RunLedgerSource<Run, Round>) {
  // Typed by hand: a ref of a type parameter cannot be unwrapped, and runs and rounds are only ever replaced whole.
  const runs = ref<Run[]>([]) as Ref<Run[]>;
  const rounds = ref<Round[]>([]) as Ref<Round[]>;
  const loaded = ref(false);
  const selectedRunId = ref<number | null>(null);
  const error = ref<string | null>(null);
  const busy = ref(false);

  const jobs = useJobsStore();
  const models = useModelsStore();

  const selectedRun = computed(() => runs.value.find((r) => r.id === selectedRunId.value) ?? null);
  /** The job working on a run, when the jobs store knows it. */
  function jobOf(run: Run): Job | null {
    return run.jobId === null ? null : (jobs.byId[run.jobId] ?? null);
  }

  async function loadRounds(): Promise<void> {
    const id = selectedRunId.value;
    if (id === null) {
      rounds.value = [];
      return;
    }
    try {
      const got = await source.listRounds(id);
      if (selectedRunId.value === id) rounds.value = got;
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  /** Re-reads the runs (selecting the newest when none is selected) and the selected run's rounds. */
  async function load(): Promise<void> {
    try {
      runs.value = await source.listRuns();
      loaded.value = true;
      error.value = null;
      if (selectedRunId.value === null || !runs.value.some((r) => r.id === selectedRunId.value))
        selectedRunId.value = runs.value[0]?.id ?? null;
      await loadRounds();
    } catch (err) {
      // Without a project there is nothing to list.
      if (err instanceof StudioError && err.code === ErrorCode.NoProject) runs.value = [];
      else error.value = errorMessage(err);
    }
  }

  function select(runId: number): Promise<void> {
    selectedRunId.value = runId;
    rounds.value = [];
    return loadRounds();
  }

  /**
   * Starts a run's job and follows it: `runId` names the run a continued job works on; without it the job
   * started a new run, which is the newest once the runs are read again.
   */
  async function startJob(start: () => Promise<Job>, runId?: number): Promise<Job | null> {
    busy.value = true;
    try {
      const job = await start();
      jobs.apply(job, false);
      error.value = null;
      if (runId === undefined) {
        selectedRunId.value = null;
        await load();
      } else {
        await load();
        await select(runId);
      }
      return job;
    } catch (err) {
      error.value = errorMessage(err);
      return null;
    } finally {
      busy.value = false;
    }
  }

  // Follow this kind's jobs: re-read the ledger at most every REFRESH_MS while one runs, everything when they end.
  let timer: ReturnType<typeof setTimeout> | null = null;
  const kindJobs = computed(() =>
    jobs.recent
      .filter((j) => j.kind === source.kind)
      .map((j) => `${j.id}:${j.state}:${j.progress.done}:${j.progress.message}`)
      .join('|'),
  );
  watch(kindJobs, () => {
    if (!loaded.value) return;
    if (!jobs.recent.some((j) => j.kind === source.kind && isActive(j))) {
      // A run just ended (or was cancelled): read everything now, including the models it trained.
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

  // Runs belong to one project.
  watch(
    () => useProjectStore().project?.path,
    () => clear(),
  );

  return {
    runs,
    loaded,
    selectedRunId,
    selectedRun,
    rounds,
    error,
    busy,
    jobOf,
    load,
    select,
    startJob,
    clear,
  };
}
