// Discovery runs, every output they generated, and the failures queue (outputs joined with their discovered pairs).
import type Database from 'better-sqlite3';
import type { DiscoveryRun, DiscoveryStatus, PolicyRole, RoleCounts } from '../shared/discovery-dto';
import { ErrorCode, StudioError } from '../shared/errors';
import { now } from './rows';
import type { DiscoveryOutput, DiscoveryRepo, FailureQuery, FailureRow, NewDiscoveryOutput } from './discovery-types';

interface RunRow {
  id: number;
  status: DiscoveryStatus;
  config: string;
  reward_model_id: number | null;
  policies: string;
  prompt_ids: string;
  tokens: number;
  seconds: number;
  job_id: string | null;
  created_at: string;
  updated_at: string;
}

interface OutputRow {
  id: number;
  run_id: number;
  source_pair_id: number;
  role: PolicyRole;
  mode: NewDiscoveryOutput['mode'];
  sample: number;
  response: string;
  reward: number;
  r_chosen: number;
  r_rejected: number;
  gap: number;
  is_failure: number;
  tokens: number;
  failure_pair_id: number | null;
}

/** Review statuses by the queue's filter names; `pending` is a NULL status. */
const STATUS_SQL: Record<NonNullable<FailureQuery['status']>, string> = {
  pending: 'p.review_status IS NULL',
  confirmed: "p.review_status = 'confirmed'",
  rejected: "p.review_status = 'discarded'",
  approved: "p.review_status = 'approved'",
};

/*
 * The discovered pair holds the failure's texts as a reviewer may have edited them: an aligned failure became
 * (x, y ≻ y_rejected), so y is its chosen side; a misaligned one (x, y_chosen ≻ y), so y is its rejected side.
 */
const FAILURE_COLUMNS = `o.failure_pair_id AS pairId, o.run_id AS runId, p.dataset_id AS datasetId,
  p.parent_id AS sourcePairId, o.role, o.mode, p.prompt,
  CASE o.role WHEN 'aligned' THEN p.chosen ELSE p.rejected END AS response,
  CASE o.role WHEN 'aligned' THEN p.rejected ELSE p.chosen END AS reference,
  o.reward, CASE o.role WHEN 'aligned' THEN o.r_rejected ELSE o.r_chosen END AS referenceReward,
  o.gap, p.review_status AS reviewStatus`;

function failureWhere(q: FailureQuery): string {
  const terms = ['o.failure_pair_id IS NOT NULL'];
  if (q.runId !== undefined) terms.push('o.run_id = @runId');
  if (q.role !== undefined) terms.push('o.role = @role');
  if (q.status !== undefined) terms.push(STATUS_SQL[q.status]);
  if (q.ids !== undefined) terms.push('o.failure_pair_id IN (SELECT value FROM json_each(@ids))');
  return terms.join(' AND ');
}

export class SqliteDiscoveryRepo implements DiscoveryRepo {
  private readonly insertRun: Database.Statement;
  private readonly runById: Database.Statement;
  private readonly allRuns: Database.Statement;
  private readonly updateRun: Database.Statement;
  private readonly roleCounts: Database.Statement;
  private readonly doneStmt: Database.Statement;
  private readonly insertOutput: Database.Statement;
  private readonly outputsOf: Database.Statement;
  private readonly interrupt: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insertRun = db.prepare(`INSERT INTO discovery_runs (status, config, reward_model_id, policies, created_at,
      updated_at) VALUES ('running', @config, @rewardModelId, @policies, @ts, @ts) RETURNING *`);
    this.runById = db.prepare('SELECT * FROM discovery_runs WHERE id = ?');
    this.allRuns = db.prepare('SELECT * FROM discovery_runs ORDER BY id DESC');
    this.updateRun = db.prepare(`UPDATE discovery_runs SET status = coalesce(@status, status),
      job_id = coalesce(@jobId, job_id), prompt_ids = coalesce(@promptIds, prompt_ids),
      tokens = tokens + @addTokens, seconds = seconds + @addSeconds, updated_at = @ts WHERE id = @id RETURNING *`);
    this.roleCounts = db.prepare(`SELECT role, count(*) AS generated, sum(is_failure) AS failures
      FROM discovery_outputs WHERE run_id = ? GROUP BY role`);
    this.doneStmt = db.prepare(`SELECT role || ':' || source_pair_id AS key, count(*) AS n FROM discovery_outputs
      WHERE run_id = ? GROUP BY role, source_pair_id`);
    this.insertOutput = db.prepare(`INSERT INTO discovery_outputs (run_id, source_pair_id, role, mode, sample,
      response, reward, r_chosen, r_rejected, gap, is_failure, tokens, failure_pair_id) VALUES (@runId,
      @sourcePairId, @role, @mode, @sample, @response, @reward, @rChosen, @rRejected, @gap, @isFailure, @tokens,
      @failurePairId)`);
    this.outputsOf = db.prepare('SELECT * FROM discovery_outputs WHERE run_id = ? ORDER BY id');
    this.interrupt = db.prepare(`UPDATE discovery_runs SET status = 'interrupted', updated_at = ?
      WHERE status = 'running'`);
  }

  private toRun(r: RunRow): DiscoveryRun {
    const byRole: Record<string, RoleCounts> = {};
    for (const c of this.roleCounts.all(r.id) as { role: string; generated: number; failures: number }[]) {
      byRole[c.role] = { generated: c.generated, failures: c.failures };
    }
    return {
      id: r.id,
      status: r.status,
      config: JSON.parse(r.config) as Record<string, unknown>,
      rewardModelId: r.reward_model_id,
      policies: JSON.parse(r.policies) as Record<string, number>,
      promptIds: JSON.parse(r.prompt_ids) as number[],
      byRole,
      tokens: r.tokens,
      seconds: r.seconds,
      jobId: r.job_id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  createRun(input: {
    config: Record<string, unknown>;
    rewardModelId: number;
    policies: Partial<Record<PolicyRole, number>>;
  }): DiscoveryRun {
    const row = this.insertRun.get({
      config: JSON.stringify(input.config),
      rewardModelId: input.rewardModelId,
      policies: JSON.stringify(input.policies),
      ts: now(),
    }) as RunRow;
    return this.toRun(row);
  }

  getRun(id: number): DiscoveryRun | null {
    const row = this.runById.get(id) as RunRow | undefined;
    return row ? this.toRun(row) : null;
  }

  listRuns(): DiscoveryRun[] {
    return (this.allRuns.all() as RunRow[]).map((r) => this.toRun(r));
  }

  setRun(
    id: number,
    change: { status?: DiscoveryStatus; jobId?: string; promptIds?: number[]; addTokens?: number; addSeconds?: number },
  ): DiscoveryRun {
    const row = this.updateRun.get({
      id,
      status: change.status ?? null,
      jobId: change.jobId ?? null,
      promptIds: change.promptIds ? JSON.stringify(change.promptIds) : null,
      addTokens: change.addTokens ?? 0,
      addSeconds: change.addSeconds ?? 0,
      ts: now(),
    }) as RunRow | undefined;
    if (!row) throw new StudioError(ErrorCode.NotFound, `no discovery run ${id}`, { runId: id });
    return this.toRun(row);
  }

  doneCounts(runId: number): Map<string, number> {
    const rows = this.doneStmt.all(runId) as { key: string; n: number }[];
    return new Map(rows.map((r) => [r.key, r.n]));
  }

  insertOutputs(rows: readonly NewDiscoveryOutput[]): void {
    for (const r of rows) this.insertOutput.run({ ...r, isFailure: r.isFailure ? 1 : 0 });
  }

  outputs(runId: number): DiscoveryOutput[] {
    return (this.outputsOf.all(runId) as OutputRow[]).map((r) => ({
      id: r.id,
      runId: r.run_id,
      sourcePairId: r.source_pair_id,
      role: r.role,
      mode: r.mode,
      sample: r.sample,
      response: r.response,
      reward: r.reward,
      rChosen: r.r_chosen,
      rRejected: r.r_rejected,
      gap: r.gap,
      isFailure: r.is_failure === 1,
      tokens: r.tokens,
      failurePairId: r.failure_pair_id,
    }));
  }

  failures(q: FailureQuery, after: number, limit: number): { rows: FailureRow[]; total: number } {
    const where = failureWhere(q);
    const params = { runId: q.runId ?? null, role: q.role ?? null, ids: JSON.stringify(q.ids ?? []), after, limit };
    // Built from a closed set of fragments (no user text), so preparing per call is safe; the filters are few.
    const rows = this.db
      .prepare(`SELECT ${FAILURE_COLUMNS} FROM discovery_outputs o JOIN pairs p ON p.id = o.failure_pair_id
        WHERE ${where} AND o.failure_pair_id > @after ORDER BY o.failure_pair_id LIMIT @limit`)
      .all(params) as FailureRow[];
    const total = this.db
      .prepare(`SELECT count(*) FROM discovery_outputs o JOIN pairs p ON p.id = o.failure_pair_id WHERE ${where}`)
      .pluck()
      .get(params) as number;
    return { rows, total };
  }

  markInterrupted(): number {
    return this.interrupt.run(now()).changes;
  }
}
