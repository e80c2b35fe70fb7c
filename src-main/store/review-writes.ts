// The SQL behind reviewers' actions: a pair's review state and texts, score swaps on a flip, and log look-ups.
// The rules of what a reviewer may do live in src-main/curation; this file only reads and writes rows.
import type Database from 'better-sqlite3';
import type { ReviewStateRow, ReviewLogRow, ReviewWrites } from './types';

export class SqliteReviewWrites implements ReviewWrites {
  private readonly setStatus: Database.Statement;
  private readonly setTextsStmt: Database.Statement;
  private readonly entryById: Database.Statement;
  private readonly undoneByStmt: Database.Statement;
  private readonly swapScoresStmt: Database.Statement;

  constructor(db: Database.Database) {
    this.setStatus = db.prepare(
      'UPDATE pairs SET tie = @tie, strength = @strength, review_status = @reviewStatus WHERE id = @id',
    );
    // A separate statement so status-only actions do not fire the FTS re-index trigger.
    this.setTextsStmt = db.prepare(
      'UPDATE pairs SET prompt = @prompt, chosen = @chosen, rejected = @rejected, content_hash = @hash WHERE id = @id',
    );
    this.entryById = db.prepare('SELECT id, pair_id AS pairId, payload, undoes FROM review_log WHERE id = ?');
    // Through the review_log_pair index: an undo always names the same pair as the entry it reverts.
    this.undoneByStmt = db.prepare('SELECT id FROM review_log WHERE pair_id = ? AND undoes = ? LIMIT 1').pluck();
    // SET reads the old row on the right-hand side, so this is a swap; margin and abs_margin follow their CHECKs.
    this.swapScoresStmt = db.prepare(`UPDATE scores SET r_chosen = r_rejected, r_rejected = r_chosen,
      margin = r_rejected - r_chosen, abs_margin = abs(r_rejected - r_chosen) WHERE pair_id = ?`);
  }

  setState(row: ReviewStateRow): void {
    this.setStatus.run({ ...row, tie: row.tie ? 1 : 0 });
  }

  setTexts(row: { id: number; prompt: string; chosen: string; rejected: string; hash: string }): void {
    this.setTextsStmt.run(row);
  }

  swapScores(pairId: number): void {
    this.swapScoresStmt.run(pairId);
  }

  logRow(entryId: number): ReviewLogRow | undefined {
    return this.entryById.get(entryId) as ReviewLogRow | undefined;
  }

  undoneBy(pairId: number, entryId: number): number | undefined {
    return this.undoneByStmt.get(pairId, entryId) as number | undefined;
  }
}
