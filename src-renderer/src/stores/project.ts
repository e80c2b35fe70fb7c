// The open project and what the app says about itself (version, ML backend).
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { MethodOutput } from '@shared/contract';
import type { ProjectInfo } from '@shared/dto';
import { useStudioClient } from '../api';
import { errorMessage } from '../lib/format';

type AppInfo = MethodOutput<'app.info'>;

export const useProjectStore = defineStore('project', () => {
  const info = ref<AppInfo | null>(null);
  const error = ref<string | null>(null);
  const busy = ref(false);

  const project = computed<ProjectInfo | null>(() => info.value?.project ?? null);
  const backend = computed(() => info.value?.backend ?? null);

  async function load(): Promise<void> {
    try {
      info.value = await useStudioClient().call('app.info', {});
      error.value = null;
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  /** Opens or creates a project; the `project` event that follows makes the data views reload. */
  async function open(path: string, create: boolean): Promise<boolean> {
    busy.value = true;
    try {
      const opened = await useStudioClient().call('project.open', { path, create });
      setProject(opened);
      error.value = null;
      return true;
    } catch (err) {
      error.value = errorMessage(err);
      return false;
    } finally {
      busy.value = false;
    }
  }

  function setProject(next: ProjectInfo | null): void {
    if (info.value !== null) info.value = { ...info.value, project: next };
  }

  return { info, project, backend, error, busy, load, open, setProject };
});
