// MARS runs: the ledger of runs and of the selected run's rounds, starting and continuing runs, the LLM settings,
// and the refresh that follows a running MARS job's events.
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { Job } from '@shared/dto';
import { ErrorCode, StudioError } from '@shared/errors';
import type { LlmEndpointConfigInput } from '@shared/llm-config';
import type { LlmSettingsView, MarsOptions, MarsRound, MarsRun } from '@shared/mars-dto';
import { useStudioClient } from '../api';
import { errorMessage } from '../lib/format';
import { isActive, useJobsStore } from './jobs';
import { useModelsStore } from './models';
import { useProjectStore } from './project';

/** A run's job reports many progress events; the ledger needs re-reading only this often. */
const REFRESH_MS = 1500;

export const useMarsStore = defineStore('mars', () => {
  const runs = ref<MarsRun[]>([]);
  const loaded = ref(false);
  const selectedRunId = ref<number | null>(null);
  const rounds = ref<MarsRound[]>([]);
  const llm = ref<LlmSettingsView | null>(null);
  const error = ref<string | null>(null);
  const llmError = ref<string | null>(null);
  const busy = ref(false);

  const jobs = useJobsStore();
  const models = useModelsStore();
  const client = () => useStudioClient();

  const selectedRun = computed(() => runs.value.find((r) => r.id === selectedRunId.value) ?? null);
  const llmConfigured = computed(() => llm.value?.configured === true);
  /** The job working on a run, when the jobs store knows it. */
  function jobOf(run: MarsRun): Job | null {
    return run.jobId === null ? null : (jobs.byId[run.jobId] ?? null);
  }

  async function loadRounds(): Promise<void> {
    const id = selectedRunId.value;
    if (id === null) {
      rounds.value = [];
      return;
    }
    try {
      const got = await client().call('mars.rounds', { runId: id });
      if (selectedRunId.value === id) rounds.value = got;
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  /** Re-reads the runs (selecting the newest when none is selected) and the selected run's rounds. */
  async function load(): Promise<void> {
    try {
      runs.value = await client().call('mars.runs', {});
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

  async function startJob(start: () => Promise<Job>): Promise<Job | null> {
    busy.value = true;
    try {
      const job = await start();
      jobs.apply(job, false);
      error.value = null;
      // The run exists once the job started: list it and follow it.
      selectedRunId.value = null;
      await load();
      return job;
    } catch (err) {
      error.value = errorMessage(err);
      return null;
    } finally {
      busy.value = false;
    }
  }

  const start = (options: MarsOptions) => startJob(() => client().call('mars.start', options));

  function resume(runId: number): Promise<Job | null> {
    return startJob(() => client().call('mars.continue', { runId })).then(async (job) => {
      if (job !== null) await select(runId);
      return job;
    });
  }

  async function loadLlm(): Promise<void> {
    try {
      llm.value = await client().call('settings.llm', {});
      llmError.value = null;
    } catch (err) {
      llmError.value = errorMessage(err);
    }
  }

  /** Saves the endpoint, or clears it with null; false when the backend refused it. */
  async function saveLlm(config: LlmEndpointConfigInput | null): Promise<boolean> {
    try {
      llm.value = await client().call('settings.setLlm', { config });
      llmError.value = null;
      return true;
    } catch (err) {
      llmError.value = errorMessage(err);
      return false;
    }
  }

  // Follow MARS jobs: their progress means new rounds in the ledger, their end new models.
  let timer: ReturnType<typeof setTimeout> | null = null;
  const marsJobs = computed(() =>
    jobs.recent
      .filter((j) => j.kind === 'mars')
      .map((j) => `${j.id}:${j.state}:${j.progress.done}:${j.progress.message}`)
      .join('|'),
  );
  watch(marsJobs, () => {
    if (!loaded.value) return;
    const anyActive = jobs.recent.some((j) => j.kind === 'mars' && isActive(j));
    if (!anyActive) {
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

  // Runs belong to one project; the LLM settings may too.
  watch(
    () => useProjectStore().project?.path,
    () => {
      clear();
      llm.value = null;
    },
  );

  return {
    runs,
    loaded,
    selectedRunId,
    selectedRun,
    rounds,
    llm,
    llmConfigured,
    error,
    llmError,
    busy,
    jobOf,
    load,
    select,
    start,
    resume,
    loadLlm,
    saveLlm,
    clear,
  };
});
