// Job ownership rows: claim a job for this process, refresh its heartbeat, find live jobs of other processes and
// mark interrupted only the jobs whose owner is gone.
import type Database from 'better-sqlite3';
import { ErrorCode, StudioError } from '../shared/errors';
import { describeOwner, ownerGone, type JobOwner, type LiveJob } from './job-owner';
import { now } from './rows';
import type { JobOwnersRepo } from './types';

interface LiveRow {
  id: string;
  kind: string;
  state: 'running' | 'queued';
  owner_pid: number | null;
  owner_host: string | null;
  owner_token: string | null;
  owner_label: string | null;
  heartbeat_at: number | null;
}

function toLive(r: LiveRow): LiveJob {
  const owner: JobOwner | null =
    r.owner_pid === null || r.owner_host === null || r.owner_token === null
      ? null
      : { pid: r.owner_pid, host: r.owner_host, token: r.owner_token, label: r.owner_label ?? '' };
  return { id: r.id, kind: r.kind, state: r.state, owner, heartbeatAt: r.heartbeat_at };
}

/** Kinds that only read pairs (and write their own job row): they run beside a writer of another process. */
const READER_KINDS: ReadonlySet<string> = new Set(['export']);

export class SqliteJobOwnersRepo implements JobOwnersRepo {
  private readonly liveRows: Database.Statement;
  private readonly claimRow: Database.Statement;
  private readonly beat: Database.Statement;
  private readonly interruptRow: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.liveRows = db.prepare(`SELECT id, kind, state, owner_pid, owner_host, owner_token, owner_label, heartbeat_at
      FROM jobs WHERE state IN ('running', 'queued')`);
    this.claimRow = db.prepare(`UPDATE jobs SET owner_pid = @pid, owner_host = @host, owner_token = @token,
      owner_label = @label, heartbeat_at = @beat WHERE id = @id`);
    this.beat = db.prepare(`UPDATE jobs SET heartbeat_at = ? WHERE owner_token = ? AND state IN ('running', 'queued')`);
    // The state is re-checked so a job that finished between the read and this write keeps its end.
    this.interruptRow = db.prepare(`UPDATE jobs SET state = 'interrupted', updated_at = @now, finished_at = @now
      WHERE id = @id AND state IN ('running', 'queued')`);
  }

  live(): LiveJob[] {
    return (this.liveRows.all() as LiveRow[]).map(toLive);
  }

  claim(jobId: string, owner: JobOwner, nowMs: number = Date.now()): void {
    this.claimRow.run({ ...owner, id: jobId, beat: nowMs });
  }

  heartbeat(token: string, nowMs: number = Date.now()): number {
    return this.beat.run(nowMs, token).changes;
  }

  interruptOrphans(nowMs: number = Date.now()): number {
    return this.db
      .transaction(() => {
        let n = 0;
        const stamp = now();
        for (const job of this.live())
          if (ownerGone(job, nowMs)) n += this.interruptRow.run({ id: job.id, now: stamp }).changes;
        return n;
      })
      .immediate();
  }

  assertNoOtherWriter(self: JobOwner, kind: string, nowMs: number = Date.now()): void {
    if (READER_KINDS.has(kind)) return;
    const other = this.live().find(
      (j) => j.owner !== null && j.owner.token !== self.token && !READER_KINDS.has(j.kind) && !ownerGone(j, nowMs),
    );
    if (other?.owner == null) return;
    throw new StudioError(
      ErrorCode.ProjectBusy,
      `the project is busy: ${describeOwner(other.owner)} is running ${other.kind} job ${other.id.slice(0, 8)}; wait for it to finish or cancel it there`,
      { jobId: other.id, kind: other.kind, pid: other.owner.pid, host: other.owner.host, owner: other.owner.label },
    );
  }
}
