// Migration 002-margin-indexes: upgrading a version-1 file keeps its scores, and the tallies follow every change.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src-main/store/migrate';
import * as m001 from '../../../src-main/store/migrations/001-initial';
import * as m002 from '../../../src-main/store/migrations/002-margin-indexes';

let db: Database.Database;

function names(type: 'index' | 'trigger' | 'table'): string[] {
  return db
    .prepare('SELECT name FROM sqlite_schema WHERE type = ? ORDER BY name')
    .pluck()
    .all(type) as string[];
}

/** What score_counts must hold: the same grouping computed from scores and pairs. */
function tallies(): { truth: unknown[]; kept: unknown[] } {
  return {
    truth: db
      .prepare(
        `SELECT s.model_id, p.dataset_id, p.origin, p.split, count(*) AS n, sum(s.margin < 0) AS n_disagree
         FROM scores s JOIN pairs p ON p.id = s.pair_id GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      )
      .all(),
    kept: db.prepare('SELECT * FROM score_counts ORDER BY 1, 2, 3, 4').all(),
  };
}

function expectTalliesRight(): void {
  const { truth, kept } = tallies();
  expect(kept).toEqual(truth);
}

function score(model: number, pair: number, rChosen: number, rRejected: number): void {
  db.prepare(
    `INSERT INTO scores (model_id, pair_id, r_chosen, r_rejected, margin, abs_margin)
     VALUES (@model, @pair, @rChosen, @rRejected, @rChosen - @rRejected, abs(@rChosen - @rRejected))
     ON CONFLICT (model_id, pair_id) DO UPDATE SET r_chosen = excluded.r_chosen, r_rejected = excluded.r_rejected,
       margin = excluded.margin, abs_margin = excluded.abs_margin`,
  ).run({ model, pair, rChosen, rRejected });
}

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, [m001]);
  db.exec(`INSERT INTO datasets (id, name, created_at) VALUES (1, 'a', 'x'), (2, 'b', 'x');
    INSERT INTO models (id, name, kind, created_at) VALUES (1, 'rm', 'reward', 'x'), (2, 'rm2', 'reward', 'x');`);
  const pair =
    db.prepare(`INSERT INTO pairs (dataset_id, split, origin, content_hash, created_at, updated_at, prompt,
    chosen, rejected) VALUES (?, ?, 'original', ?, 'x', 'x', 'p', 'c', 'r')`);
  for (let i = 0; i < 8; i++) pair.run((i % 2) + 1, i < 4 ? 'train' : 'test', `hash-${i % 3}`);
  // Version-1 scores: margin is still a generated column here.
  const v1 = db.prepare('INSERT INTO scores (model_id, pair_id, r_chosen, r_rejected) VALUES (?, ?, ?, ?)');
  for (let i = 1; i <= 8; i++) v1.run(1, i, i % 3 === 0 ? -1 : 1.5, 0.25);
  v1.run(2, 1, 0, 2);
});
afterEach(() => db.close());

describe('migration 002-margin-indexes', () => {
  it('keeps version-1 scores, stores margin and |margin|, and counts them', () => {
    expect(migrate(db, [m001, m002])).toEqual([2]);
    expect(schemaVersion(db)).toBe(2);
    expect(
      db.prepare('SELECT pair_id, margin, abs_margin FROM scores WHERE model_id = 1 ORDER BY pair_id').all(),
    ).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map((i) => ({
        pair_id: i,
        margin: i % 3 === 0 ? -1.25 : 1.25,
        abs_margin: 1.25,
      })),
    );
    expect(names('index')).toEqual(
      expect.arrayContaining([
        'scores_model_margin',
        'scores_model_abs_margin',
        'scores_model_disagree_abs_margin',
        'scores_pair',
        'pairs_content_hash',
      ]),
    );
    expect(names('table')).not.toContain('scores_v2');
    expectTalliesRight();
    expect(
      db.prepare('SELECT sum(n), sum(n_disagree) FROM score_counts WHERE model_id = 1').raw().get(),
    ).toEqual([8, 2]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // The foreign keys survived the rebuild.
    expect(() => score(1, 99, 1, 0)).toThrow(/FOREIGN KEY/);
  });

  it('pins margin and |margin| to the rewards, and the score keys', () => {
    migrate(db, [m001, m002]);
    expect(() =>
      db
        .prepare(
          'INSERT INTO scores (model_id, pair_id, r_chosen, r_rejected, margin, abs_margin) VALUES (2, 2, 1, 0, 2, 2)',
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          'INSERT INTO scores (model_id, pair_id, r_chosen, r_rejected, margin, abs_margin) VALUES (2, 2, 0, 1, -1, -1)',
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db.prepare('UPDATE scores SET pair_id = 2 WHERE model_id = 2 AND pair_id = 1').run(),
    ).toThrow(/cannot change/);
  });

  it('keeps score_counts exact through rescoring, moving, and deleting pairs, data sets and models', () => {
    migrate(db, [m001, m002]);
    const steps: [string, () => void][] = [
      ['new scores', () => [2, 4, 6].forEach((p) => score(2, p, -3, 0))],
      ['rescore across zero', () => [1, 3, 4].forEach((p) => score(1, p, p === 3 ? 2 : -2, 0))],
      ['rescore on the same side', () => score(1, 2, 9, 0)],
      [
        'move a pair',
        () => db.prepare("UPDATE pairs SET dataset_id = 2, split = 'validation' WHERE id = 4").run(),
      ],
      ['relabel origin', () => db.prepare("UPDATE pairs SET origin = 'edited' WHERE id IN (1, 2)").run()],
      ['delete a pair', () => db.prepare('DELETE FROM pairs WHERE id = 6').run()],
      ['delete a score', () => db.prepare('DELETE FROM scores WHERE model_id = 1 AND pair_id = 5').run()],
      ['delete a data set', () => db.prepare('DELETE FROM datasets WHERE id = 1').run()],
      ['delete a model', () => db.prepare('DELETE FROM models WHERE id = 2').run()],
    ];
    for (const [, step] of steps) {
      step();
      expectTalliesRight();
      expect(
        db.prepare('SELECT count(*) FROM score_counts WHERE n <= 0 OR n_disagree < 0').pluck().get(),
      ).toBe(0);
    }
    expect(db.prepare('SELECT count(*) FROM score_counts').pluck().get()).toBeGreaterThan(0);
  });
});
