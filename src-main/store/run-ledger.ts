// What the MARS and REFORM ledgers share: a runs table (name, status, JSON config, rounds done, job) and a rounds
// table keyed by (run_id, round) whose rows are the run's checkpoints; each repo adds its own columns and phases.
import type Database from 'better-sqlite3';
import type { RewardMetrics } from '../shared/dto';
import { ErrorCode, StudioError } from '../shared/errors';
import type { MarsRound } from '../shared/mars-dto';
import { fromJson, now } from './rows';

/** The columns every ledger's runs table has. */
export interface RunRowBase<Status extends string> {
  id: number;
  name: string;
  status: Status;
  config: string;
  rounds_done: number;
  job_id: string | null;
  created_at: string;
  updated_at: string;
}

/** The columns every ledger's rounds table has. */
export interface RoundRowBase<Phase extends string> {
  run_id: number;
  round: number;
  phase: Phase;
  source_model_id: number;
  model_id: number | null;
  validation: string | null;
  train: string | null;
  crossed: string | null;
  started_at: string;
  finished_at: string | null;
}

export function runFields<Status extends string>(r: RunRowBase<Status>) {
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    roundsDone: r.rounds_done,
    jobId: r.job_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function roundFields<Phase extends string>(r: RoundRowBase<Phase>) {
  return {
    runId: r.run_id,
    round: r.round,
    phase: r.phase,
    sourceModelId: r.source_model_id,
    modelId: r.model_id,
    validation: fromJson<RewardMetrics>(r.validation),
    train: fromJson<RewardMetrics>(r.train),
    // MARS and REFORM rounds record the pairs that crossed zero in the same shape.
    crossed: fromJson<MarsRound['crossed']>(r.crossed),
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

export interface LedgerTables<RunRow, Run, RoundRow, Round> {
  /** Table names are literals, never input: they are interpolated into the SQL. */
  runs: 'mars_runs' | 'reform_runs';
  rounds: 'mars_rounds' | 'reform_rounds';
  /** Names the ledger in not-found errors ("no MARS run 3"). */
  label: 'MARS' | 'REFORM';
  toRun(row: RunRow): Run;
  toRound(row: RoundRow): Round;
}

/** The reads and the interruption every ledger has; a repo extends it with its own writes. */
export class RunLedger<RunRow, Run, RoundRow, Round> {
  private readonly runById: Database.Statement;
  private readonly allRuns: Database.Statement;
  private readonly roundsOf: Database.Statement;
  private readonly interrupt: Database.Statement;

  constructor(
    db: Database.Database,
    protected readonly tables: LedgerTables<RunRow, Run, RoundRow, Round>,
  ) {
    this.runById = db.prepare(`SELECT * FROM ${tables.runs} WHERE id = ?`);
    this.allRuns = db.prepare(`SELECT * FROM ${tables.runs} ORDER BY id DESC`);
    this.roundsOf = db.prepare(`SELECT * FROM ${tables.rounds} WHERE run_id = ? ORDER BY round`);
    this.interrupt = db.prepare(
      // A run whose job another live process still runs (its job row stays running) is not interrupted.
      `UPDATE ${tables.runs} SET status = 'interrupted', updated_at = ? WHERE status = 'running'
        AND (job_id IS NULL OR job_id NOT IN (SELECT id FROM jobs WHERE state IN ('running', 'queued')))`,
    );
  }

  getRun(id: number): Run | null {
    const row = this.runById.get(id) as RunRow | undefined;
    return row ? this.tables.toRun(row) : null;
  }

  /** Newest first. */
  listRuns(): Run[] {
    return (this.allRuns.all() as RunRow[]).map((row) => this.tables.toRun(row));
  }

  rounds(runId: number): Round[] {
    return (this.roundsOf.all(runId) as RoundRow[]).map((row) => this.tables.toRound(row));
  }

  /** On open: runs a dead process left `running` become `interrupted`, as their jobs do. */
  markInterrupted(): number {
    return this.interrupt.run(now()).changes;
  }

  /** The row an `UPDATE … RETURNING *` of a run gave back; none means there is no such run. */
  protected updatedRun(row: unknown, id: number): Run {
    if (row === undefined)
      throw new StudioError(ErrorCode.NotFound, `no ${this.tables.label} run ${id}`, { runId: id });
    return this.tables.toRun(row as RunRow);
  }

  /** The row an `UPDATE … RETURNING *` of a round gave back; none means the run has no such round. */
  protected updatedRound(row: unknown, runId: number, round: number): Round {
    if (row === undefined)
      throw new StudioError(ErrorCode.NotFound, `no round ${round} in ${this.tables.label} run ${runId}`, {
        runId,
      });
    return this.tables.toRound(row as RoundRow);
  }
}
