// REFORM runs: the runs list, the selected run's ledger, continuing a run after review, and the refresh that
// follows a running `reform` job's events (the ledger part is stores/run-ledger.ts).
import { defineStore } from 'pinia';
import type { Job } from '@shared/dto';
import type { ReformRound, ReformRun } from '@shared/reform-dto';
import { useStudioClient } from '../api';
import { useRunLedger } from './run-ledger';

/** Runs a reviewer or a resume can pick up again. */
export function isReformContinuable(run: ReformRun): boolean {
  return run.status === 'awaiting-review' || run.status === 'cancelled' || run.status === 'interrupted' || run.status === 'failed';
}

export const useReformStore = defineStore('reform', () => {
  const client = () => useStudioClient();
  const ledger = useRunLedger<ReformRun, ReformRound>({
    kind: 'reform',
    listRuns: () => client().call('reform.runs', {}),
    listRounds: (runId) => client().call('reform.rounds', { runId }),
  });

  /** Continues a run (after review, a cancel or a crash) and follows it. */
  function resume(runId: number): Promise<Job | null> {
    return ledger.startJob(() => client().call('reform.continue', { runId }), runId);
  }

  const { runs, loaded, selectedRunId, selectedRun, rounds, error, busy, jobOf, load, select, clear } = ledger;
  return { runs, loaded, selectedRunId, selectedRun, rounds, error, busy, jobOf, load, select, resume, clear };
});
