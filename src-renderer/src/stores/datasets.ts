// Data sets of the open project, plus the import calls that feed them (preview, issues).
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { MethodInput, MethodOutput } from '@shared/contract';
import type { Dataset, ImportOptions, ImportPreview } from '@shared/dto';
import { ErrorCode, StudioError } from '@shared/errors';
import { useStudioClient } from '../api';
import { errorMessage } from '../lib/format';

export type IssuesQuery = MethodInput<'import.issues'>;
export type IssuesPage = MethodOutput<'import.issues'>;

export const useDatasetsStore = defineStore('datasets', () => {
  const list = ref<Dataset[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);

  const byId = computed(() => new Map(list.value.map((d) => [d.id, d])));
  const totalPairs = computed(() => list.value.reduce((sum, d) => sum + d.pairCount, 0));

  async function load(): Promise<void> {
    loading.value = true;
    try {
      list.value = await useStudioClient().call('datasets.list', {});
      error.value = null;
    } catch (err) {
      // Without a project there is simply nothing to list.
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

  function preview(options: ImportOptions): Promise<ImportPreview> {
    return useStudioClient().call('import.preview', options);
  }

  function issues(query: IssuesQuery): Promise<IssuesPage> {
    return useStudioClient().call('import.issues', query);
  }

  function clear(): void {
    list.value = [];
  }

  return { list, loading, error, byId, totalPairs, load, preview, issues, clear };
});
