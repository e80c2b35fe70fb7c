// REFORM runs and their per-round ledger: what the reform job checkpoints in and the Rounds view reads.
import type Database from 'better-sqlite3';
import type { RewardMetrics } from '../shared/dto';
import type { AttackRate, ReformConfig, ReformPhase, ReformRound, ReformRun, ReformRunStatus } from '../shared/reform-dto';
import { fromJson, now, toJson } from './rows';
import { RunLedger, roundFields, runFields, type RoundRowBase, type RunRowBase } from './run-ledger';
import type { ReformRepo } from './reform-types';

interface RunRow extends RunRowBase<ReformRunStatus> {
  base_model_id: number;
  policies: string;
}

interface RoundRow extends RoundRowBase<ReformPhase> {
  discovery_run_id: number;
  prompts: number;
  budget: number;
  found: string | null;
  candidates: string | null;
  set_aside: number | null;
  confirmed: number | null;
  added: string | null;
  attack_before: string | null;
  attack_after: string | null;
}

function toRun(r: RunRow): ReformRun {
  return {
    ...runFields(r),
    config: JSON.parse(r.config) as ReformConfig,
    baseModelId: r.base_model_id,
    policies: JSON.parse(r.policies) as Record<string, number>,
  };
}

function toRound(r: RoundRow): ReformRound {
  return {
    ...roundFields(r),
    discoveryRunId: r.discovery_run_id,
    prompts: r.prompts,
    budget: r.budget,
    found: fromJson<Record<string, number>>(r.found),
    candidates: fromJson<number[]>(r.candidates),
    setAside: r.set_aside,
    confirmed: r.confirmed,
    added: fromJson<Record<string, number>>(r.added),
    attackBefore: fromJson<AttackRate>(r.attack_before),
    attackAfter: fromJson<AttackRate>(r.attack_after),
  };
}

export class SqliteReformRepo extends RunLedger<RunRow, ReformRun, RoundRow, ReformRound> implements ReformRepo {
  private readonly insertRun: Database.Statement;
  private readonly updateRun: Database.Statement;
  private readonly insertRound: Database.Statement;
  private readonly discovered: Database.Statement;
  private readonly addedStmt: Database.Statement;
  private readonly roundModel: Database.Statement;
  private readonly finishRound: Database.Statement;

  constructor(db: Database.Database) {
    super(db, { runs: 'reform_runs', rounds: 'reform_rounds', label: 'REFORM', toRun, toRound });
    this.insertRun = db.prepare(`INSERT INTO reform_runs (name, status, config, base_model_id, policies, created_at,
      updated_at) VALUES (@name, 'running', @config, @baseModelId, @policies, @ts, @ts) RETURNING *`);
    this.updateRun = db.prepare(`UPDATE reform_runs SET status = coalesce(@status, status),
      rounds_done = coalesce(@roundsDone, rounds_done), job_id = coalesce(@jobId, job_id), updated_at = @ts
      WHERE id = @id RETURNING *`);
    this.insertRound = db.prepare(`INSERT INTO reform_rounds (run_id, round, phase, source_model_id,
      discovery_run_id, prompts, budget, started_at) VALUES (@runId, @round, 'discovering', @sourceModelId,
      @discoveryRunId, @prompts, @budget, @ts) RETURNING *`);
    this.discovered = db.prepare(`UPDATE reform_rounds SET phase = 'discovered', found = @found,
      candidates = @candidates, set_aside = @setAside WHERE run_id = @runId AND round = @round RETURNING *`);
    this.addedStmt = db.prepare(`UPDATE reform_rounds SET phase = 'added', confirmed = @confirmed, added = @added
      WHERE run_id = @runId AND round = @round RETURNING *`);
    this.roundModel = db.prepare(`UPDATE reform_rounds SET phase = 'training', model_id = @modelId
      WHERE run_id = @runId AND round = @round RETURNING *`);
    this.finishRound = db.prepare(`UPDATE reform_rounds SET phase = 'done', validation = @validation, train = @train,
      attack_before = @attackBefore, attack_after = @attackAfter, crossed = @crossed, finished_at = @ts
      WHERE run_id = @runId AND round = @round RETURNING *`);
  }

  createRun(input: { name: string; config: ReformConfig; baseModelId: number; policies: Record<string, number> }): ReformRun {
    return toRun(
      this.insertRun.get({
        name: input.name,
        config: JSON.stringify(input.config),
        baseModelId: input.baseModelId,
        policies: JSON.stringify(input.policies),
        ts: now(),
      }) as RunRow,
    );
  }

  setRun(id: number, change: { status?: ReformRunStatus; roundsDone?: number; jobId?: string }): ReformRun {
    const row = this.updateRun.get({
      id,
      status: change.status ?? null,
      roundsDone: change.roundsDone ?? null,
      jobId: change.jobId ?? null,
      ts: now(),
    });
    return this.updatedRun(row, id);
  }

  addRound(input: { runId: number; round: number; sourceModelId: number; discoveryRunId: number; prompts: number; budget: number }): ReformRound {
    return toRound(this.insertRound.get({ ...input, ts: now() }) as RoundRow);
  }

  setDiscovered(runId: number, round: number, r: { found: Record<string, number>; candidates: number[]; setAside: number }): ReformRound {
    const row = this.discovered.get({ runId, round, found: toJson(r.found), candidates: toJson(r.candidates), setAside: r.setAside });
    return this.updatedRound(row, runId, round);
  }

  setAdded(runId: number, round: number, r: { confirmed: number; added: Record<string, number> }): ReformRound {
    return this.updatedRound(this.addedStmt.get({ runId, round, confirmed: r.confirmed, added: toJson(r.added) }), runId, round);
  }

  setRoundModel(runId: number, round: number, modelId: number): ReformRound {
    return this.updatedRound(this.roundModel.get({ runId, round, modelId }), runId, round);
  }

  finish(
    runId: number,
    round: number,
    r: {
      validation: RewardMetrics | null;
      train: RewardMetrics | null;
      attackBefore: AttackRate;
      attackAfter: AttackRate;
      crossed: ReformRound['crossed'];
    },
  ): ReformRound {
    const row = this.finishRound.get({
      runId,
      round,
      validation: toJson(r.validation),
      train: toJson(r.train),
      attackBefore: toJson(r.attackBefore),
      attackAfter: toJson(r.attackAfter),
      crossed: toJson(r.crossed),
      ts: now(),
    });
    return this.updatedRound(row, runId, round);
  }
}
