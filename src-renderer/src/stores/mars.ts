// MARS runs: the ledger of runs and of the selected run's rounds, starting and continuing runs, the LLM settings,
// and the refresh that follows a running MARS job's events (the ledger part is stores/run-ledger.ts).
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { Job } from '@shared/dto';
import type { LlmEndpointConfigInput } from '@shared/llm-config';
import type { LlmSettingsView, MarsOptions, MarsRound, MarsRun } from '@shared/mars-dto';
import { useStudioClient } from '../api';
import { errorMessage } from '../lib/format';
import { useProjectStore } from './project';
import { useRunLedger } from './run-ledger';

export const useMarsStore = defineStore('mars', () => {
  const client = () => useStudioClient();
  const ledger = useRunLedger<MarsRun, MarsRound>({
    kind: 'mars',
    listRuns: () => client().call('mars.runs', {}),
    listRounds: (runId) => client().call('mars.rounds', { runId }),
  });
  const llm = ref<LlmSettingsView | null>(null);
  const llmError = ref<string | null>(null);

  const llmConfigured = computed(() => llm.value?.configured === true);

  const start = (options: MarsOptions) => ledger.startJob(() => client().call('mars.start', options));

  function resume(runId: number): Promise<Job | null> {
    return ledger.startJob(() => client().call('mars.continue', { runId }), runId);
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

  // The LLM settings may belong to the project too.
  watch(
    () => useProjectStore().project?.path,
    () => {
      llm.value = null;
    },
  );

  const { runs, loaded, selectedRunId, selectedRun, rounds, error, busy, jobOf, load, select, clear } =
    ledger;
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
