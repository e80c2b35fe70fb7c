// The REFORM store's interface: runs and their per-round ledger, which is also each run's checkpoint.
import type { RewardMetrics } from '../shared/dto';
import type { AttackRate, ReformConfig, ReformRound, ReformRun, ReformRunStatus } from '../shared/reform-dto';

export interface ReformRepo {
  createRun(input: { name: string; config: ReformConfig; baseModelId: number; policies: Record<string, number> }): ReformRun;
  getRun(id: number): ReformRun | null;
  /** Newest first. */
  listRuns(): ReformRun[];
  setRun(id: number, change: { status?: ReformRunStatus; roundsDone?: number; jobId?: string }): ReformRun;
  /** Call in the transaction that creates the round's discovery run. */
  addRound(input: { runId: number; round: number; sourceModelId: number; discoveryRunId: number; prompts: number; budget: number }): ReformRound;
  rounds(runId: number): ReformRound[];
  /** Call in the transaction that sets the over-budget failures aside. */
  setDiscovered(runId: number, round: number, result: { found: Record<string, number>; candidates: number[]; setAside: number }): ReformRound;
  /** Call in the transaction that approves the added pairs. */
  setAdded(runId: number, round: number, result: { confirmed: number; added: Record<string, number> }): ReformRound;
  setRoundModel(runId: number, round: number, modelId: number): ReformRound;
  finish(
    runId: number,
    round: number,
    result: {
      validation: RewardMetrics | null;
      train: RewardMetrics | null;
      attackBefore: AttackRate;
      attackAfter: AttackRate;
      crossed: ReformRound['crossed'];
    },
  ): ReformRound;
  /** On open: runs a dead process left `running` become `interrupted`, as their jobs do. */
  markInterrupted(): number;
}
