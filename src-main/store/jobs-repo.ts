// Jobs: persisted state, progress, checkpoint and outcome, so a restart shows (and can resume) what happened.
import type Database from 'better-sqlite3';
import type { Job, JobKind, JobProgress, JobState } from '../shared/dto';
import { ErrorCode, StudioError } from '../shared/errors';
import { fromJson, now } from './rows';
import type { JobsRepo } from './types';

interface JobRow {
  id: string;
  kind: JobKind;
  state: JobState;
  params: string;
  progress: string;
  result: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

const FINISHED: ReadonlySet<JobState> = new Set(['done', 'failed', 'cancelled', 'interrupted']);

const NO_PROGRESS: JobProgress = {
  done: 0,
  total: null,
  unit: '',
  message: '',
  rate: null,
  etaSeconds: null,
};

function toJob(r: JobRow): Job {
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    params: JSON.parse(r.params) as Record<string, unknown>,
    progress: JSON.parse(r.progress) as JobProgress,
    result: fromJson<Record<string, unknown>>(r.result),
    error: fromJson<{ code: string; message: string }>(r.error),
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

export class SqliteJobsRepo implements JobsRepo {
  private readonly insert: Database.Statement;
  private readonly byId: Database.Statement;
  private readonly recent: Database.Statement;
  private readonly updateState: Database.Statement;
  private readonly updateProgress: Database.Statement;
  private readonly updateCheckpoint: Database.Statement;
  private readonly checkpoint: Database.Statement;
  private readonly states: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare(`INSERT INTO jobs (id, kind, state, params, progress, created_at, updated_at)
      VALUES (@id, @kind, 'queued', @params, @progress, @now, @now)`);
    this.byId = db.prepare('SELECT * FROM jobs WHERE id = ?');
    this.recent = db.prepare('SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?');
    // Only the first move to running stamps started_at (a resumed job keeps its original start); only finishing
    // states stamp finished_at, and a job that runs again clears it.
    this.updateState = db.prepare(`UPDATE jobs SET state = @state, updated_at = @now,
      started_at = CASE WHEN @state = 'running' THEN coalesce(started_at, @now) ELSE started_at END,
      finished_at = CASE WHEN @finished THEN @now ELSE NULL END,
      error = CASE WHEN @setError THEN @error ELSE error END,
      result = CASE WHEN @setResult THEN @result ELSE result END
      WHERE id = @id`);
    this.updateProgress = db.prepare('UPDATE jobs SET progress = ?, updated_at = ? WHERE id = ?');
    this.updateCheckpoint = db.prepare('UPDATE jobs SET checkpoint = ?, updated_at = ? WHERE id = ?');
    this.checkpoint = db.prepare('SELECT checkpoint FROM jobs WHERE id = ?').pluck();
    this.states = db.prepare('SELECT state, count(*) AS n FROM jobs GROUP BY state');
  }

  create(input: { id: string; kind: JobKind; params: Record<string, unknown> }): Job {
    this.insert.run({
      id: input.id,
      kind: input.kind,
      params: JSON.stringify(input.params),
      progress: JSON.stringify(NO_PROGRESS),
      now: now(),
    });
    return this.require(input.id);
  }

  get(id: string): Job | null {
    const row = this.byId.get(id) as JobRow | undefined;
    return row === undefined ? null : toJob(row);
  }

  list(limit: number): Job[] {
    return (this.recent.all(limit) as JobRow[]).map(toJob);
  }

  setState(
    id: string,
    state: JobState,
    extra: { error?: { code: string; message: string } | null; result?: Record<string, unknown> | null } = {},
  ): Job {
    const info = this.updateState.run({
      id,
      state,
      now: now(),
      finished: FINISHED.has(state) ? 1 : 0,
      setError: extra.error === undefined ? 0 : 1,
      error: extra.error == null ? null : JSON.stringify(extra.error),
      setResult: extra.result === undefined ? 0 : 1,
      result: extra.result == null ? null : JSON.stringify(extra.result),
    });
    if (info.changes === 0) throw notFound(id);
    return this.require(id);
  }

  setProgress(id: string, progress: JobProgress): void {
    if (this.updateProgress.run(JSON.stringify(progress), now(), id).changes === 0) throw notFound(id);
  }

  setCheckpoint(id: string, checkpoint: Record<string, unknown>): void {
    if (this.updateCheckpoint.run(JSON.stringify(checkpoint), now(), id).changes === 0) throw notFound(id);
  }

  getCheckpoint(id: string): Record<string, unknown> | null {
    const text = this.checkpoint.get(id) as string | null | undefined;
    return text === undefined ? null : fromJson<Record<string, unknown>>(text);
  }

  countByState(): Record<string, number> {
    const rows = this.states.all() as { state: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  private require(id: string): Job {
    const job = this.get(id);
    if (job === null) throw notFound(id);
    return job;
  }
}

function notFound(id: string): StudioError {
  return new StudioError(ErrorCode.NotFound, `Job ${id} not found`, { jobId: id });
}
