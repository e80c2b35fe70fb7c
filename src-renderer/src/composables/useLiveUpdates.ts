// Routes backend events to the stores: job progress, project switches and bulk pair changes.
import { onBeforeUnmount, ref, type Ref } from 'vue';
import type { ConnectionState } from '../api/types';
import type { StudioEvent } from '@shared/contract';
import { useStudioClient } from '../api';
import { useDatasetsStore } from '../stores/datasets';
import { useJobsStore } from '../stores/jobs';
import { useModelsStore } from '../stores/models';
import { useFailuresStore } from '../stores/failures';
import { useProjectStore } from '../stores/project';
import { usePairsStore } from '../stores/pairs';
import { useTrainingStore } from '../stores/training';

// Imports commit in batches and announce each one; one refresh per second is plenty for the views.
const REFRESH_MS = 1000;
const WRITES_PAIRS = new Set(['import', 'demo']);
const FINAL = new Set(['done', 'cancelled', 'failed', 'interrupted']);

export function useLiveUpdates(): { connection: Ref<ConnectionState> } {
  const client = useStudioClient();
  const project = useProjectStore();
  const failures = useFailuresStore();
  const datasets = useDatasetsStore();
  const jobs = useJobsStore();
  const pairs = usePairsStore();
  const models = useModelsStore();
  const training = useTrainingStore();
  const connection = ref<ConnectionState>('reconnecting');
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;

  function scheduleRefresh(): void {
    if (refreshTimer !== null) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      void datasets.load();
      if (pairs.loaded) pairs.markChanged();
    }, REFRESH_MS);
  }

  function onEvent(event: StudioEvent): void {
    switch (event.type) {
      case 'job':
        jobs.apply(event.job);
        // The end of a job that writes pairs is the moment counts settle: show them now, not a tick later.
        if (WRITES_PAIRS.has(event.job.kind) && FINAL.has(event.job.state)) void datasets.load();
        training.ingest(event.job);
        if (FINAL.has(event.job.state) && models.changesModels(event.job)) {
          void models.load();
          // New scores change the margins a model-filtered list shows.
          if (pairs.loaded && pairs.filter.modelId !== undefined) pairs.markChanged();
        }
        break;
      case 'project':
        project.setProject(event.project);
        pairs.close();
        training.clear();
        models.clear();
        failures.reset();
        void datasets.load();
        if (event.project !== null) void models.load();
        void jobs.load();
        // The browser loads lazily; a list nobody has opened yet need not be fetched now. Models belong to
        // one project, so a model filter does not survive the switch.
        if (pairs.loaded) void pairs.setFilter({ modelId: undefined });
        break;
      case 'pairs-changed':
        scheduleRefresh();
        break;
    }
  }

  const offEvent = client.onEvent(onEvent);
  const offConnection = client.onConnection((state) => {
    const regained = state === 'live' && connection.value !== 'live';
    connection.value = state;
    // Events sent while the socket was down are lost: re-read what they would have told us.
    if (regained) {
      void jobs.load();
      void datasets.load();
    }
  });

  onBeforeUnmount(() => {
    offEvent();
    offConnection();
    if (refreshTimer !== null) clearTimeout(refreshTimer);
  });

  return { connection };
}
