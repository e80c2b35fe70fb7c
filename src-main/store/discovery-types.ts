// The discovery store's interface: runs, their generated outputs and the failures queue the review reads.
import type { ReviewStatus } from '../shared/dto';
import type { DecodeMode, DiscoveryRun, DiscoveryStatus, PolicyRole } from '../shared/discovery-dto';

/** One generated response as the decode job writes it. */
export interface NewDiscoveryOutput {
  runId: number;
  sourcePairId: number;
  role: PolicyRole;
  mode: DecodeMode;
  sample: number;
  response: string;
  reward: number;
  rChosen: number;
  rRejected: number;
  gap: number;
  isFailure: boolean;
  tokens: number;
  /** The `discovered` pair a failure became; null for outputs that are not failures. */
  failurePairId: number | null;
}

/** A stored output, for counts and later re-scoring (robustness). */
export interface DiscoveryOutput extends NewDiscoveryOutput {
  id: number;
}

/** A failure joined with its pair's current texts (a reviewer may have edited them). */
export interface FailureRow {
  pairId: number;
  runId: number;
  datasetId: number;
  sourcePairId: number | null;
  role: PolicyRole;
  mode: DecodeMode;
  prompt: string;
  response: string;
  reference: string;
  reward: number;
  referenceReward: number;
  gap: number;
  reviewStatus: ReviewStatus | null;
}

export interface FailureQuery {
  runId?: number | undefined;
  role?: PolicyRole | undefined;
  status?: 'pending' | 'confirmed' | 'rejected' | 'approved' | undefined;
  /** Only these pair ids (a failure mode's members). */
  ids?: readonly number[] | undefined;
}

export interface DiscoveryRepo {
  createRun(input: {
    config: Record<string, unknown>;
    rewardModelId: number;
    policies: Partial<Record<PolicyRole, number>>;
  }): DiscoveryRun;
  getRun(id: number): DiscoveryRun | null;
  /** Newest first. */
  listRuns(): DiscoveryRun[];
  setRun(
    id: number,
    change: { status?: DiscoveryStatus; jobId?: string; promptIds?: number[]; addTokens?: number; addSeconds?: number },
  ): DiscoveryRun;
  /** Outputs already stored per `role:sourcePairId`: what a resumed run skips. */
  doneCounts(runId: number): Map<string, number>;
  /** Inserts in the caller's transaction (with the failure pairs they link to). */
  insertOutputs(rows: readonly NewDiscoveryOutput[]): void;
  outputs(runId: number): DiscoveryOutput[];
  /** Keyset page over failures by pair id, and the total of the query. */
  failures(q: FailureQuery, after: number, limit: number): { rows: FailureRow[]; total: number };
  /** Marks runs left `running` by a process that died. */
  markInterrupted(): number;
}
