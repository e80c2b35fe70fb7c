// REFORM runs and their per-round ledger: what the reform job checkpoints in and the Rounds view reads.
import type Database from 'better-sqlite3';
import type { RewardMetrics } from '../shared/dto';
import { ErrorCode, StudioError } from '../shared/errors';
import type { AttackRate, ReformConfig, ReformPhase, ReformRound, ReformRun, ReformRunStatus } from '../shared/reform-dto';
import { fromJson, now, toJson } from './rows';
import type { ReformRepo } from './reform-types';

interface RunRow {
  id: number;
  name: string;
  status: ReformRunStatus;
  config: string;
  base_model_id: number;
  policies: string;
  rounds_done: number;
  job_id: string | null;
  created_at: string;
  updated_at: string;
}

interface RoundRow {
  run_id: number;
  round: number;
  phase: ReformPhase;
  source_model_id: number;
  model_id: number | null;
  discovery_run_id: number;
  prompts: number;
  budget: number;
  found: string | null;
  candidates: string | null;
  set_aside: number | null;
  confirmed: number | null;
  added: string | null;
  validation: string | null;
  train: string | null;
  attack_before: string | null;
  attack_after: string | null;
  crossed: string | null;
  started_at: string;
  finished_at: string | null;
}

function toRun(r: RunRow): ReformRun {
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    config: JSON.parse(r.config) as ReformConfig,
    baseModelId: r.base_model_id,
    policies: JSON.parse(r.policies) as Record<string, number>,
    roundsDone: r.rounds_done,
    jobId: r.job_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toRound(r: RoundRow): ReformRound {
  return {
    runId: r.run_id,
    round: r.round,
    phase: r.phase,
    sourceModelId: r.source_model_id,
    modelId: r.model_id,
    discoveryRunId: r.discovery_run_id,
    prompts: r.prompts,
    budget: r.budget,
    found: fromJson<Record<string, number>>(r.found),
    candidates: fromJson<number[]>(r.candidates),
    setAside: r.set_aside,
    confirmed: r.confirmed,
    added: fromJson<Record<string, number>>(r.added),
    validation: fromJson<RewardMetrics>(r.validation),
    train: fromJson<RewardMetrics>(r.train),
    attackBefore: fromJson<AttackRate>(r.attack_before),
    attackAfter: fromJson<AttackRate>(r.attack_after),
    crossed: fromJson<ReformRound['crossed']>(r.crossed),
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

export class SqliteReformRepo implements ReformRepo {
  private readonly insertRun: Database.Statement;
  private readonly runById: Database.Statement;
  private readonly allRuns: Database.Statement;
  private readonly updateRun: Database.Statement;
  private readonly insertRound: Database.Statement;
  private readonly roundsOf: Database.Statement;
  private readonly discovered: Database.Statement;
  private readonly addedStmt: Database.Statement;
  private readonly roundModel: Database.Statement;
  private readonly finishRound: Database.Statement;
  private readonly interrupt: Database.Statement;

  constructor(db: Database.Database) {
    this.insertRun = db.prepare(`INSERT INTO reform_runs (name, status, config, base_model_id, policies, created_at,
      updated_at) VALUES (@name, 'running', @config, @baseModelId, @policies, @ts, @ts) RETURNING *`);
    this.runById = db.prepare('SELECT * FROM reform_runs WHERE id = ?');
    this.allRuns = db.prepare('SELECT * FROM reform_runs ORDER BY id DESC');
    this.updateRun = db.prepare(`UPDATE reform_runs SET status = coalesce(@status, status),
      rounds_done = coalesce(@roundsDone, rounds_done), job_id = coalesce(@jobId, job_id), updated_at = @ts
      WHERE id = @id RETURNING *`);
    this.insertRound = db.prepare(`INSERT INTO reform_rounds (run_id, round, phase, source_model_id,
      discovery_run_id, prompts, budget, started_at) VALUES (@runId, @round, 'discovering', @sourceModelId,
      @discoveryRunId, @prompts, @budget, @ts) RETURNING *`);
    this.roundsOf = db.prepare('SELECT * FROM reform_rounds WHERE run_id = ? ORDER BY round');
    this.discovered = db.prepare(`UPDATE reform_rounds SET phase = 'discovered', found = @found,
      candidates = @candidates, set_aside = @setAside WHERE run_id = @runId AND round = @round RETURNING *`);
    this.addedStmt = db.prepare(`UPDATE reform_rounds SET phase = 'added', confirmed = @confirmed, added = @added
      WHERE run_id = @runId AND round = @round RETURNING *`);
    this.roundModel = db.prepare(`UPDATE reform_rounds SET phase = 'training', model_id = @modelId
      WHERE run_id = @runId AND round = @round RETURNING *`);
    this.finishRound = db.prepare(`UPDATE reform_rounds SET phase = 'done', validation = @validation, train = @train,
      attack_before = @attackBefore, attack_after = @attackAfter, crossed = @crossed, finished_at = @ts
      WHERE run_id = @runId AND round = @round RETURNING *`);
    this.interrupt = db.prepare(
      // A run whose job another live process still runs (its job row stays running) is not interrupted.
      `UPDATE reform_runs SET status = 'interrupted', updated_at = ? WHERE status = 'running'
        AND (job_id IS NULL OR job_id NOT IN (SELECT id FROM jobs WHERE state IN ('running', 'queued')))`,
    );
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

  getRun(id: number): ReformRun | null {
    const row = this.runById.get(id) as RunRow | undefined;
    return row ? toRun(row) : null;
  }

  listRuns(): ReformRun[] {
    return (this.allRuns.all() as RunRow[]).map(toRun);
  }

  setRun(id: number, change: { status?: ReformRunStatus; roundsDone?: number; jobId?: string }): ReformRun {
    const row = this.updateRun.get({
      id,
      status: change.status ?? null,
      roundsDone: change.roundsDone ?? null,
      jobId: change.jobId ?? null,
      ts: now(),
    }) as RunRow | undefined;
    if (!row) throw new StudioError(ErrorCode.NotFound, `no REFORM run ${id}`, { runId: id });
    return toRun(row);
  }

  addRound(input: { runId: number; round: number; sourceModelId: number; discoveryRunId: number; prompts: number; budget: number }): ReformRound {
    return toRound(this.insertRound.get({ ...input, ts: now() }) as RoundRow);
  }

  rounds(runId: number): ReformRound[] {
    return (this.roundsOf.all(runId) as RoundRow[]).map(toRound);
  }

  private changed(row: unknown, runId: number, round: number): ReformRound {
    if (row === undefined) throw new StudioError(ErrorCode.NotFound, `no round ${round} in REFORM run ${runId}`, { runId });
    return toRound(row as RoundRow);
  }

  setDiscovered(runId: number, round: number, r: { found: Record<string, number>; candidates: number[]; setAside: number }): ReformRound {
    const row = this.discovered.get({ runId, round, found: toJson(r.found), candidates: toJson(r.candidates), setAside: r.setAside });
    return this.changed(row, runId, round);
  }

  setAdded(runId: number, round: number, r: { confirmed: number; added: Record<string, number> }): ReformRound {
    return this.changed(this.addedStmt.get({ runId, round, confirmed: r.confirmed, added: toJson(r.added) }), runId, round);
  }

  setRoundModel(runId: number, round: number, modelId: number): ReformRound {
    return this.changed(this.roundModel.get({ runId, round, modelId }), runId, round);
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
    return this.changed(row, runId, round);
  }

  markInterrupted(): number {
    return this.interrupt.run(now()).changes;
  }
}
