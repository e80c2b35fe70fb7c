// Reward models of the open project: the list, the selected model in full, and the eval jobs run on them.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Job, JobKind, ModelSummary, RewardMetrics } from '@shared/dto';
import { ErrorCode, StudioError } from '@shared/errors';
import { jobResult } from '@shared/job-results';
import { useStudioClient } from '../api';
import { errorMessage } from '../lib/format';
import { useJobsStore } from './jobs';

const MODEL_JOB_KINDS: ReadonlySet<JobKind> = new Set(['train', 'score', 'eval']);

/** What an eval job left behind: running, failed, or its metrics. */
export type EvalOutcome =
  { state: 'running' } | { state: 'failed'; message: string } | { state: 'done'; metrics: RewardMetrics };

export const useModelsStore = defineStore('models', () => {
  const list = ref<ModelSummary[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const selectedId = ref<number | null>(null);
  const detail = ref<ModelSummary | null>(null);
  /** The latest eval job per model id. */
  const evalJobs = ref<Record<number, string>>({});
  /** Score-import jobs started here: whatever their kind, their end adds a model to the list. */
  const importJobs = new Set<string>();

  const jobs = useJobsStore();
  const byId = computed(() => new Map(list.value.map((m) => [m.id, m])));
  /** Models whose scores the pair browser can sort and filter by. */
  const scored = computed(() => list.value.filter((m) => m.scoredPairs > 0));
  const selected = computed(() =>
    detail.value !== null && detail.value.id === selectedId.value
      ? detail.value
      : (list.value.find((m) => m.id === selectedId.value) ?? null),
  );

  async function load(): Promise<void> {
    loading.value = true;
    try {
      list.value = await useStudioClient().call('models.list', {});
      error.value = null;
      loaded.value = true;
      if (selectedId.value !== null) await loadDetail(selectedId.value);
    } catch (err) {
      if (err instanceof StudioError && err.code === ErrorCode.NoProject) {
        list.value = [];
        error.value = null;
      } else {
        error.value = errorMessage(err);
      }
    } finally {
      loading.value = false;
    }
  }

  async function loadDetail(id: number): Promise<void> {
    try {
      const model = await useStudioClient().call('models.get', { id });
      if (selectedId.value === id) detail.value = model;
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  function select(id: number | null): Promise<void> {
    selectedId.value = id;
    if (id === null) return Promise.resolve();
    return loadDetail(id);
  }

  async function evaluate(modelId: number, path: string): Promise<boolean> {
    const job = await jobs.startEval({ modelId, path });
    if (job !== null) evalJobs.value = { ...evalJobs.value, [modelId]: job.id };
    return job !== null;
  }

  async function importScores(path: string, name: string): Promise<boolean> {
    const job = await jobs.importScores({ path, name });
    if (job !== null) importJobs.add(job.id);
    return job !== null;
  }

  /** Whether the end of this job changes the list: training, scoring, evaluating, importing scores. */
  function changesModels(job: Job): boolean {
    return MODEL_JOB_KINDS.has(job.kind) || importJobs.has(job.id);
  }

  /** Reads the latest eval job of a model. */
  function evalOutcome(modelId: number): EvalOutcome | null {
    const id = evalJobs.value[modelId];
    const job = id === undefined ? undefined : jobs.byId[id];
    if (job === undefined) return null;
    if (job.state === 'queued' || job.state === 'running') return { state: 'running' };
    if (job.state !== 'done')
      return { state: 'failed', message: job.error?.message ?? `The evaluation was ${job.state}.` };
    const metrics = jobResult(job, 'eval')?.metrics ?? null;
    return metrics !== null
      ? { state: 'done', metrics }
      : { state: 'failed', message: 'The evaluation finished without metrics.' };
  }

  function clear(): void {
    list.value = [];
    loaded.value = false;
    selectedId.value = null;
    detail.value = null;
    evalJobs.value = {};
  }

  return {
    list,
    loaded,
    loading,
    error,
    selectedId,
    selected,
    byId,
    scored,
    evalJobs,
    load,
    select,
    evaluate,
    evalOutcome,
    importScores,
    changesModels,
    clear,
  };
});
