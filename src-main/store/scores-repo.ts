// Scores: one reward model's r(chosen), r(rejected) per pair; margin and |margin| are stored and indexed per model.
import type Database from 'better-sqlite3';
import type { MarginPoint } from '../shared/mars-dto';
import type { Score, ScoreInput, ScoresRepo } from './types';

interface ScoreRow {
  model_id: number;
  pair_id: number;
  r_chosen: number;
  r_rejected: number;
  margin: number;
}

function toScore(r: ScoreRow): Score {
  return {
    modelId: r.model_id,
    pairId: r.pair_id,
    rChosen: r.r_chosen,
    rRejected: r.r_rejected,
    margin: r.margin,
  };
}

type Cursor = { margin: number; pairId: number };

const COLUMNS = 'model_id, pair_id, r_chosen, r_rejected, margin';

/** The (model_id, margin) index carries pair_id (the table's key), so the row-value seek after a cursor is exact. */
export function byMarginSql(dir: 'asc' | 'desc', withCursor: boolean): string {
  const cursor = withCursor ? `AND (margin, pair_id) ${dir === 'asc' ? '>' : '<'} (@margin, @pairId)` : '';
  return `SELECT ${COLUMNS} FROM scores WHERE model_id = @modelId AND margin < @maxMargin ${cursor}
    ORDER BY margin ${dir.toUpperCase()}, pair_id ${dir.toUpperCase()} LIMIT @limit`;
}

export class SqliteScoresRepo implements ScoresRepo {
  private readonly upsert: Database.Statement;
  private readonly one: Database.Statement;
  private readonly pages: Record<'asc' | 'desc', { first: Database.Statement; next: Database.Statement }>;
  private readonly stats: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly historyOf: Database.Statement;

  constructor(db: Database.Database) {
    // margin and abs_margin are plain columns pinned by CHECK constraints (see migration 2): computed here, in SQL.
    this.upsert = db.prepare(`INSERT INTO scores (model_id, pair_id, r_chosen, r_rejected, margin, abs_margin)
      VALUES (@modelId, @pairId, @rChosen, @rRejected, @rChosen - @rRejected, abs(@rChosen - @rRejected))
      ON CONFLICT (model_id, pair_id) DO UPDATE SET r_chosen = excluded.r_chosen, r_rejected = excluded.r_rejected,
        margin = excluded.margin, abs_margin = excluded.abs_margin`);
    this.one = db.prepare(`SELECT ${COLUMNS} FROM scores WHERE model_id = ? AND pair_id = ?`);
    const page = (dir: 'asc' | 'desc') => ({
      first: db.prepare(byMarginSql(dir, false)),
      next: db.prepare(byMarginSql(dir, true)),
    });
    this.pages = { asc: page('asc'), desc: page('desc') };
    this.stats = db.prepare(`SELECT count(*) AS count, avg(margin) AS mean,
      avg(CASE WHEN margin > 0 THEN 1.0 ELSE 0.0 END) AS accuracy FROM scores WHERE model_id = ?`);
    this.remove = db.prepare('DELETE FROM scores WHERE model_id = ?');
    // Through the scores_pair index; models are few, so the join is a handful of lookups.
    this.historyOf =
      db.prepare(`SELECT s.model_id AS modelId, m.name AS modelName, m.round AS round, s.margin AS margin
      FROM scores s JOIN models m ON m.id = s.model_id WHERE s.pair_id = ? ORDER BY s.model_id`);
  }

  upsertMany(modelId: number, rows: ScoreInput[]): void {
    for (const r of rows)
      this.upsert.run({ modelId, pairId: r.pairId, rChosen: r.rChosen, rRejected: r.rRejected });
  }

  get(modelId: number, pairId: number): Score | null {
    const row = this.one.get(modelId, pairId) as ScoreRow | undefined;
    return row === undefined ? null : toScore(row);
  }

  byMargin(
    modelId: number,
    q: { dir?: 'asc' | 'desc'; after?: Cursor | null; limit: number; maxMargin?: number },
  ): { rows: Score[]; next: Cursor | null } {
    const statements = this.pages[q.dir ?? 'asc'];
    const base = { modelId, maxMargin: q.maxMargin ?? Number.MAX_VALUE, limit: q.limit + 1 };
    const found = (
      q.after == null
        ? statements.first.all(base)
        : statements.next.all({ ...base, margin: q.after.margin, pairId: q.after.pairId })
    ) as ScoreRow[];
    const more = found.length > q.limit;
    if (more) found.length = q.limit;
    const rows = found.map(toScore);
    const last = rows[rows.length - 1];
    return { rows, next: more && last !== undefined ? { margin: last.margin, pairId: last.pairId } : null };
  }

  summary(modelId: number): { count: number; meanMargin: number | null; accuracy: number | null } {
    const r = this.stats.get(modelId) as { count: number; mean: number | null; accuracy: number | null };
    return { count: r.count, meanMargin: r.mean, accuracy: r.accuracy };
  }

  deleteForModel(modelId: number): number {
    return this.remove.run(modelId).changes;
  }

  history(pairId: number): MarginPoint[] {
    return this.historyOf.all(pairId) as MarginPoint[];
  }
}
