// Import issues: row-level problems kept for the UI and CLI, paged by id.
import type Database from 'better-sqlite3';
import type { ImportIssue } from '../shared/dto';
import { StatementCache } from './statement-cache';
import type { IssuesRepo, NewImportIssue } from './types';

interface IssueRow {
  id: number;
  job_id: string | null;
  dataset_id: number | null;
  file: string;
  line: number;
  field: string | null;
  kind: 'error' | 'duplicate';
  reason: string;
  message: string;
  excerpt: string;
}

function toIssue(r: IssueRow): ImportIssue {
  return {
    id: r.id,
    jobId: r.job_id,
    datasetId: r.dataset_id,
    file: r.file,
    line: r.line,
    field: r.field,
    kind: r.kind,
    reason: r.reason,
    message: r.message,
    excerpt: r.excerpt,
  };
}

export class SqliteIssuesRepo implements IssuesRepo {
  private readonly insert: Database.Statement;
  private readonly kinds: Database.Statement;
  private readonly cache: StatementCache;

  constructor(db: Database.Database) {
    this.insert =
      db.prepare(`INSERT INTO import_issues (job_id, dataset_id, file, line, field, kind, reason, message, excerpt)
      VALUES (@jobId, @datasetId, @file, @line, @field, @kind, @reason, @message, @excerpt)`);
    this.kinds = db.prepare('SELECT kind, count(*) AS n FROM import_issues GROUP BY kind');
    this.cache = new StatementCache(db);
  }

  insertMany(issues: NewImportIssue[]): void {
    for (const i of issues) {
      this.insert.run({
        jobId: i.jobId,
        datasetId: i.datasetId,
        file: i.file,
        line: i.line,
        field: i.field,
        kind: i.kind,
        reason: i.reason,
        message: i.message,
        excerpt: i.excerpt,
      });
    }
  }

  page(q: { jobId?: string; datasetId?: number; after?: number; limit: number }): {
    rows: ImportIssue[];
    nextAfter: number | null;
    total: number;
  } {
    const conditions: string[] = [];
    const params: Record<string, string | number> = {};
    if (q.jobId !== undefined) {
      conditions.push('job_id = @jobId');
      params.jobId = q.jobId;
    }
    if (q.datasetId !== undefined) {
      conditions.push('dataset_id = @datasetId');
      params.datasetId = q.datasetId;
    }
    const where = (extra: string[]) => (extra.length === 0 ? '' : `WHERE ${extra.join(' AND ')}`);
    const total = this.cache
      .get(`SELECT count(*) AS n FROM import_issues ${where(conditions)}`)
      .get(params) as { n: number };
    const pageSql = `SELECT * FROM import_issues ${where([...conditions, 'id > @after'])} ORDER BY id LIMIT @limit`;
    const rows = this.cache
      .get(pageSql)
      .all({ ...params, after: q.after ?? 0, limit: q.limit + 1 }) as IssueRow[];
    const more = rows.length > q.limit;
    if (more) rows.length = q.limit;
    const last = rows[rows.length - 1];
    return {
      rows: rows.map(toIssue),
      nextAfter: more && last !== undefined ? last.id : null,
      total: total.n,
    };
  }

  countByKind(): { errors: number; duplicates: number } {
    const counts = { errors: 0, duplicates: 0 };
    for (const row of this.kinds.all() as { kind: string; n: number }[]) {
      if (row.kind === 'error') counts.errors = row.n;
      else counts.duplicates = row.n;
    }
    return counts;
  }
}
