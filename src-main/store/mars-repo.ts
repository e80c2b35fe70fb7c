// MARS runs and their per-round ledger: what the rounds job checkpoints in and the ledger view reads.
import type Database from 'better-sqlite3';
import type { RewardMetrics } from '../shared/dto';
import type { MarsConfig, MarsRound, MarsRun, MarsRunStatus, RoundPhase } from '../shared/mars-dto';
import { ErrorCode, StudioError } from '../shared/errors';
import { fromJson, now, toJson } from './rows';
import type { MarsRepo, NewMarsRound } from './types';

interface RunRow {
  id: number;
  name: string;
  status: MarsRunStatus;
  config: string;
  base_model_id: number | null;
  rounds_done: number;
  job_id: string | null;
  created_at: string;
  updated_at: string;
}

interface RoundRow {
  run_id: number;
  round: number;
  phase: RoundPhase;
  source_model_id: number;
  model_id: number | null;
  selected: number;
  budget: number;
  spent: number;
  operator_budget: string;
  rejected: string;
  semantic: string | null;
  validation: string | null;
  train: string | null;
  crossed: string | null;
  started_at: string;
  finished_at: string | null;
}

function toRun(r: RunRow): MarsRun {
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    config: JSON.parse(r.config) as MarsConfig,
    baseModelId: r.base_model_id,
    roundsDone: r.rounds_done,
    jobId: r.job_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toRound(r: RoundRow): MarsRound {
  return {
    runId: r.run_id,
    round: r.round,
    phase: r.phase,
    sourceModelId: r.source_model_id,
    modelId: r.model_id,
    selected: r.selected,
    budget: r.budget,
    spent: r.spent,
    operatorBudget: JSON.parse(r.operator_budget) as Record<string, number>,
    rejected: JSON.parse(r.rejected) as Record<string, number>,
    semantic: fromJson<MarsRound['semantic']>(r.semantic),
    validation: fromJson<RewardMetrics>(r.validation),
    train: fromJson<RewardMetrics>(r.train),
    crossed: fromJson<MarsRound['crossed']>(r.crossed),
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

export class SqliteMarsRepo implements MarsRepo {
  private readonly insertRun: Database.Statement;
  private readonly runById: Database.Statement;
  private readonly allRuns: Database.Statement;
  private readonly updateRun: Database.Statement;
  private readonly insertRound: Database.Statement;
  private readonly roundsOf: Database.Statement;
  private readonly roundModel: Database.Statement;
  private readonly finishRound: Database.Statement;
  private readonly interrupt: Database.Statement;

  constructor(db: Database.Database) {
    this.insertRun =
      db.prepare(`INSERT INTO mars_runs (name, status, config, base_model_id, job_id, created_at, updated_at)
      VALUES (@name, 'running', @config, @baseModelId, @jobId, @ts, @ts) RETURNING *`);
    this.runById = db.prepare('SELECT * FROM mars_runs WHERE id = ?');
    this.allRuns = db.prepare('SELECT * FROM mars_runs ORDER BY id DESC');
    this.updateRun = db.prepare(`UPDATE mars_runs SET
      status = coalesce(@status, status), base_model_id = coalesce(@baseModelId, base_model_id),
      rounds_done = coalesce(@roundsDone, rounds_done), job_id = coalesce(@jobId, job_id), updated_at = @ts
      WHERE id = @id RETURNING *`);
    this.insertRound =
      db.prepare(`INSERT INTO mars_rounds (run_id, round, phase, source_model_id, selected, budget,
      spent, operator_budget, rejected, semantic, started_at)
      VALUES (@runId, @round, 'augmented', @sourceModelId, @selected, @budget, @spent, @operatorBudget, @rejected,
      @semantic, @ts) RETURNING *`);
    this.roundsOf = db.prepare('SELECT * FROM mars_rounds WHERE run_id = ? ORDER BY round');
    this.roundModel = db.prepare(
      `UPDATE mars_rounds SET phase = 'training', model_id = @modelId WHERE run_id = @runId AND round = @round RETURNING *`,
    );
    this.finishRound =
      db.prepare(`UPDATE mars_rounds SET phase = 'done', validation = @validation, train = @train,
      crossed = @crossed, finished_at = @ts WHERE run_id = @runId AND round = @round RETURNING *`);
    this.interrupt = db.prepare(
      // A run whose job another live process still runs (its job row stays running) is not interrupted.
      `UPDATE mars_runs SET status = 'interrupted', updated_at = ? WHERE status = 'running'
        AND (job_id IS NULL OR job_id NOT IN (SELECT id FROM jobs WHERE state IN ('running', 'queued')))`,
    );
  }

  createRun(input: {
    name: string;
    config: MarsConfig;
    baseModelId: number | null;
    jobId: string | null;
  }): MarsRun {
    return toRun(
      this.insertRun.get({
        name: input.name,
        config: JSON.stringify(input.config),
        baseModelId: input.baseModelId,
        jobId: input.jobId,
        ts: now(),
      }) as RunRow,
    );
  }

  getRun(id: number): MarsRun | null {
    const row = this.runById.get(id) as RunRow | undefined;
    return row ? toRun(row) : null;
  }

  listRuns(): MarsRun[] {
    return (this.allRuns.all() as RunRow[]).map(toRun);
  }

  setRun(
    id: number,
    change: { status?: MarsRunStatus; baseModelId?: number; roundsDone?: number; jobId?: string },
  ): MarsRun {
    const row = this.updateRun.get({
      id,
      status: change.status ?? null,
      baseModelId: change.baseModelId ?? null,
      roundsDone: change.roundsDone ?? null,
      jobId: change.jobId ?? null,
      ts: now(),
    }) as RunRow | undefined;
    if (!row) throw new StudioError(ErrorCode.NotFound, `no MARS run ${id}`, { runId: id });
    return toRun(row);
  }

  addRound(input: NewMarsRound): MarsRound {
    return toRound(
      this.insertRound.get({
        runId: input.runId,
        round: input.round,
        sourceModelId: input.sourceModelId,
        selected: input.selected,
        budget: input.budget,
        spent: input.spent,
        operatorBudget: JSON.stringify(input.operatorBudget),
        rejected: JSON.stringify(input.rejected),
        semantic: toJson(input.semantic),
        ts: now(),
      }) as RoundRow,
    );
  }

  rounds(runId: number): MarsRound[] {
    return (this.roundsOf.all(runId) as RoundRow[]).map(toRound);
  }

  setRoundModel(runId: number, round: number, modelId: number): MarsRound {
    return toRound(this.roundModel.get({ runId, round, modelId }) as RoundRow);
  }

  finish(
    runId: number,
    round: number,
    result: Pick<MarsRound, 'validation' | 'train' | 'crossed'>,
  ): MarsRound {
    return toRound(
      this.finishRound.get({
        runId,
        round,
        validation: toJson(result.validation),
        train: toJson(result.train),
        crossed: toJson(result.crossed),
        ts: now(),
      }) as RoundRow,
    );
  }

  markInterrupted(): number {
    return this.interrupt.run(now()).changes;
  }
}
