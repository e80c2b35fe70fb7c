// Training: the model presets, the train job being watched and its live loss/accuracy curve.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Job, PresetInfo, TrainOptions } from '@shared/dto';
import { useStudioClient } from '../api';
import { errorMessage } from '../lib/format';
import { appendCurvePoint, curvePointFrom, type CurvePoint } from '../lib/series';
import { isActive, useJobsStore } from './jobs';

export const useTrainingStore = defineStore('training', () => {
  const presets = ref<PresetInfo[]>([]);
  const presetsError = ref<string | null>(null);
  /** The train job the panel follows: the one started here, or any train job whose events arrive. */
  const jobId = ref<string | null>(null);
  // Shallow: the series is replaced whole on every event, never mutated in place.
  const points = shallowRef<CurvePoint[]>([]);
  /** Latest raw metrics of the followed job (tokens/s, learning rate…), for the numbers beside the curves. */
  const latest = ref<Record<string, number>>({});

  /** The followed job as its last event told it, for when the jobs store has not seen it (yet). */
  const lastSeen = ref<Job | null>(null);

  const jobs = useJobsStore();
  const job = computed<Job | null>(() =>
    jobId.value === null ? null : (jobs.byId[jobId.value] ?? lastSeen.value),
  );

  async function loadPresets(): Promise<void> {
    try {
      presets.value = await useStudioClient().call('train.presets', {});
      presetsError.value = null;
    } catch (err) {
      presetsError.value = errorMessage(err);
    }
  }

  function follow(followed: Job): void {
    lastSeen.value = followed;
    if (jobId.value === followed.id) return;
    jobId.value = followed.id;
    points.value = [];
    latest.value = {};
  }

  /** Feeds one `job` event. A running train job that is not the followed one takes over (started elsewhere). */
  function ingest(event: Job): void {
    if (event.kind !== 'train') return;
    if (event.id !== jobId.value) {
      const followed = job.value;
      if (!isActive(event) || (followed !== null && isActive(followed))) return;
    }
    follow(event);
    const metrics = event.progress.metrics;
    if (metrics === undefined) return;
    latest.value = metrics;
    const point = curvePointFrom(metrics, event.progress.done);
    if (point !== null) points.value = appendCurvePoint(points.value, point);
  }

  async function start(options: TrainOptions): Promise<Job | null> {
    const started = await jobs.startTrain(options);
    if (started !== null) follow(started);
    return started;
  }

  function clear(): void {
    jobId.value = null;
    lastSeen.value = null;
    points.value = [];
    latest.value = {};
  }

  return { presets, presetsError, jobId, job, points, latest, loadPresets, ingest, start, clear };
});
