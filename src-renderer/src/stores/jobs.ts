// Jobs: the recent list, live state from `job` events, and the calls that start, cancel or resume them.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type {
  EvalOptions,
  ExportOptions,
  ImportOptions,
  Job,
  JobState,
  ScoresImportOptions,
  TrainOptions,
} from '@shared/dto';
import type { DiscoverOptions } from '@shared/discovery-dto';
import { useStudioClient } from '../api';
import { errorMessage } from '../lib/format';
import { StudioError } from '@shared/errors';

const ACTIVE: ReadonlySet<JobState> = new Set(['queued', 'running']);
const RESUMABLE: ReadonlySet<JobState> = new Set(['cancelled', 'interrupted']);

export function isActive(job: Job): boolean {
  return ACTIVE.has(job.state);
}

export function isResumable(job: Job): boolean {
  return RESUMABLE.has(job.state);
}

export const useJobsStore = defineStore('jobs', () => {
  const byId = ref<Record<string, Job>>({});
  const error = ref<string | null>(null);
  /** The code of the last failed start (e.g. ALREADY_IMPORTED, PROJECT_BUSY), so a form can offer what fits. */
  const errorCode = ref<string | null>(null);

  const recent = computed(() =>
    Object.values(byId.value).sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
  );
  const active = computed(() => recent.value.filter(isActive));

  /** Events are the freshest truth; a start response only fills in a job no event has reported yet. */
  function apply(job: Job, authoritative = true): void {
    if (!authoritative && byId.value[job.id] !== undefined) return;
    byId.value = { ...byId.value, [job.id]: job };
  }

  async function load(): Promise<void> {
    try {
      const jobs = await useStudioClient().call('jobs.list', { limit: 20 });
      byId.value = Object.fromEntries(jobs.map((j) => [j.id, j]));
      error.value = null;
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  async function run(start: () => Promise<Job>, authoritative: boolean): Promise<Job | null> {
    try {
      const job = await start();
      apply(job, authoritative);
      error.value = null;
      errorCode.value = null;
      return job;
    } catch (err) {
      error.value = errorMessage(err);
      errorCode.value = err instanceof StudioError ? err.code : null;
      return null;
    }
  }

  const client = () => useStudioClient();
  const startImport = (options: ImportOptions) => run(() => client().call('import.start', options), false);
  const startExport = (options: ExportOptions) => run(() => client().call('export.start', options), false);
  const startDemo = (pairs: number) => run(() => client().call('demo.start', { pairs }), false);
  const startTrain = (options: TrainOptions) => run(() => client().call('train.start', options), false);
  const startScore = (modelId: number) => run(() => client().call('score.start', { modelId }), false);
  const startEval = (options: EvalOptions) => run(() => client().call('eval.start', options), false);
  const importScores = (options: ScoresImportOptions) =>
    run(() => client().call('scores.import', options), false);
  const startDiscover = (options: DiscoverOptions) => run(() => client().call('discover.start', options), false);
  const cancel = (id: string) => run(() => client().call('jobs.cancel', { id }), true);
  const resume = (id: string) => run(() => client().call('jobs.resume', { id }), true);

  function clear(): void {
    byId.value = {};
  }

  return {
    byId,
    recent,
    active,
    error,
    errorCode,
    apply,
    load,
    startImport,
    startExport,
    startDemo,
    startTrain,
    startScore,
    startEval,
    importScores,
    startDiscover,
    cancel,
    resume,
    clear,
  };
});
