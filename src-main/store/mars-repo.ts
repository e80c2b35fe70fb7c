// MARS runs and their per-round ledger: what the rounds job checkpoints in and the ledger view reads.
import type Database from 'better-sqlite3';
import type { MarsConfig, MarsRound, MarsRun, MarsRunStatus, RoundPhase } from '../shared/mars-dto';
import { fromJson, now, toJson } from './rows';
import { RunLedger, roundFields, runFields, type RoundRowBase, type RunRowBase } from './run-ledger';
import type { MarsRepo, NewMarsRound } from './types';

interface RunRow extends RunRowBase<MarsRunStatus> {
  base_model_id: number | null;
}

interface RoundRow extends RoundRowBase<RoundPhase> {
  selected: number;
  budget: number;
  spent: number;
  operator_budget: string;
  rejected: string;
  semantic: string | null;
}

function toRun(r: RunRow): MarsRun {
  return { ...runFields(r), config: JSON.parse(r.config) as MarsConfig, baseModelId: r.base_model_id };
}

function toRound(r: RoundRow): MarsRound {
  return {
    ...roundFields(r),
    selected: r.selected,
    budget: r.budget,
    spent: r.spent,
    operatorBudget: JSON.parse(r.operator_budget) as Record<string, number>,
    rejected: JSON.parse(r.rejected) as Record<string, number>,
    semantic: fromJson<MarsRound['semantic']>(r.semantic),
  };
}

export class SqliteMarsRepo extends RunLedger<RunRow, MarsRun, RoundRow, MarsRound> implements MarsRepo {
  private readonly insertRun: Database.Statement;
  private readonly updateRun: Database.Statement;
  private readonly insertRound: Database.Statement;
  private readonly roundModel: Database.Statement;
  private readonly finishRound: Database.Statement;

  constructor(db: Database.Database) {
    super(db, { runs: 'mars_runs', rounds: 'mars_rounds', label: 'MARS', toRun, toRound });
    this.insertRun =
      db.prepare(`INSERT INTO mars_runs (name, status, config, base_model_id, job_id, created_at, updated_at)
      VALUES (@name, 'running', @config, @baseModelId, @jobId, @ts, @ts) RETURNING *`);
    this.updateRun = db.prepare(`UPDATE mars_runs SET
      status = coalesce(@status, status), base_model_id = coalesce(@baseModelId, base_model_id),
      rounds_done = coalesce(@roundsDone, rounds_done), job_id = coalesce(@jobId, job_id), updated_at = @ts
      WHERE id = @id RETURNING *`);
    this.insertRound =
      db.prepare(`INSERT INTO mars_rounds (run_id, round, phase, source_model_id, selected, budget,
      spent, operator_budget, rejected, semantic, started_at)
      VALUES (@runId, @round, 'augmented', @sourceModelId, @selected, @budget, @spent, @operatorBudget, @rejected,
      @semantic, @ts) RETURNING *`);
    this.roundModel = db.prepare(
      `UPDATE mars_rounds SET phase = 'training', model_id = @modelId WHERE run_id = @runId AND round = @round RETURNING *`,
    );
    this.finishRound =
      db.prepare(`UPDATE mars_rounds SET phase = 'done', validation = @validation, train = @train,
      crossed = @crossed, finished_at = @ts WHERE run_id = @runId AND round = @round RETURNING *`);
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
    });
    return this.updatedRun(row, id);
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

  setRoundModel(runId: number, round: number, modelId: number): MarsRound {
    return this.updatedRound(this.roundModel.get({ runId, round, modelId }), runId, round);
  }

  finish(
    runId: number,
    round: number,
    result: Pick<MarsRound, 'validation' | 'train' | 'crossed'>,
  ): MarsRound {
    const row = this.finishRound.get({
      runId,
      round,
      validation: toJson(result.validation),
      train: toJson(result.train),
      crossed: toJson(result.crossed),
      ts: now(),
    });
    return this.updatedRound(row, runId, round);
  }
}
