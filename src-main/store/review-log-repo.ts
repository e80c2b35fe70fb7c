// The reviewers' audit trail: append and read only (the schema's triggers refuse updates and deletes).
import type Database from 'better-sqlite3';
import { StatementCache } from './statement-cache';
import { now } from './rows';
import type { ReviewLogEntry, ReviewLogRepo } from './types';

interface EntryRow {
  id: number;
  ts: string;
  reviewer: string;
  action: string;
  pair_id: number | null;
  payload: string;
  undoes: number | null;
}

function toEntry(r: EntryRow): ReviewLogEntry {
  return {
    id: r.id,
    ts: r.ts,
    reviewer: r.reviewer,
    action: r.action,
    pairId: r.pair_id,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    undoes: r.undoes,
  };
}

export class SqliteReviewLogRepo implements ReviewLogRepo {
  private readonly insert: Database.Statement;
  private readonly cache: StatementCache;

  constructor(db: Database.Database) {
    this.insert = db.prepare(`INSERT INTO review_log (ts, reviewer, action, pair_id, payload, undoes)
      VALUES (@ts, @reviewer, @action, @pairId, @payload, @undoes) RETURNING *`);
    this.cache = new StatementCache(db);
  }

  append(entry: Omit<ReviewLogEntry, 'id' | 'ts'>): ReviewLogEntry {
    const row = this.insert.get({
      ts: now(),
      reviewer: entry.reviewer,
      action: entry.action,
      pairId: entry.pairId,
      payload: JSON.stringify(entry.payload),
      undoes: entry.undoes,
    }) as EntryRow;
    return toEntry(row);
  }

  /** Oldest first; `after` is the last id already seen. */
  list(q: { pairId?: number; after?: number; limit: number }): ReviewLogEntry[] {
    const sql =
      q.pairId === undefined
        ? 'SELECT * FROM review_log WHERE id > @after ORDER BY id LIMIT @limit'
        : 'SELECT * FROM review_log WHERE pair_id = @pairId AND id > @after ORDER BY id LIMIT @limit';
    const params: Record<string, number> = { after: q.after ?? 0, limit: q.limit };
    if (q.pairId !== undefined) params.pairId = q.pairId;
    return (this.cache.get(sql).all(params) as EntryRow[]).map(toEntry);
  }
}
