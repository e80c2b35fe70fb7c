// Migration 003-lean-pair-indexes: a version-2 project keeps its pairs, tallies, search and scores, minus 7 indexes.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src-main/store/migrate';
import * as m001 from '../../../src-main/store/migrations/001-initial';
import * as m002 from '../../../src-main/store/migrations/002-margin-indexes';
import { LATEST_SCHEMA_VERSION } from '../../../src-main/store/migrations/index';
import { openProject } from '../../../src-main/store/project';
import { tmpDir } from './fixtures';

const DROPPED = [
  'pairs_origin_prompt_len',
  'pairs_origin_chosen_len',
  'pairs_origin_rejected_len',
  'pairs_split_prompt_len',
  'pairs_split_chosen_len',
  'pairs_split_rejected_len',
  'pairs_dataset_hash',
];

let dir: string;
let file: string;

function snapshot(db: Database.Database) {
  return {
    pairs: db
      .prepare('SELECT id, dataset_id, origin, split, prompt_len, content_hash FROM pairs ORDER BY id')
      .all(),
    counts: db.prepare('SELECT * FROM pair_counts ORDER BY 1, 2, 3').all(),
    scoreCounts: db.prepare('SELECT * FROM score_counts ORDER BY 1, 2, 3, 4').all(),
    scores: db.prepare('SELECT * FROM scores ORDER BY 1, 2').all(),
    search: ['bread', '"fresh bread"', 'kni*'].map((q) =>
      db.prepare('SELECT rowid FROM pairs_fts WHERE pairs_fts MATCH ? ORDER BY rowid').pluck().all(q),
    ),
  };
}

beforeEach(() => {
  dir = tmpDir();
  file = join(dir, 'v2.prefstudio');
  const db = new Database(file);
  migrate(db, [m001, m002]);
  db.exec(`INSERT INTO datasets (id, name, created_at) VALUES (1, 'a', 'x'), (2, 'b', 'x');
    INSERT INTO models (id, name, kind, created_at) VALUES (1, 'rm', 'reward', 'x');`);
  const pair = db.prepare(`INSERT INTO pairs (dataset_id, split, origin, content_hash, created_at, updated_at,
    prompt, chosen, rejected) VALUES (?, ?, ?, ?, 'x', 'x', ?, ?, ?)`);
  const score = db.prepare(`INSERT INTO scores (model_id, pair_id, r_chosen, r_rejected, margin, abs_margin)
    VALUES (1, ?, ?, 0, ?, abs(?))`);
  for (let i = 1; i <= 30; i++) {
    const words = i % 3 === 0 ? 'fresh bread please' : i % 3 === 1 ? 'bread is fresh' : 'sharpen a knife';
    pair.run(
      (i % 2) + 1,
      i % 5 === 0 ? 'test' : 'train',
      i % 7 === 0 ? 'edited' : 'original',
      `h${i}`,
      `${words} ${'?'.repeat(i)}`,
      `answer ${i}`,
      `other ${i}`,
    );
    const margin = (i % 4) - 1.5;
    score.run(i, margin, margin, margin);
  }
  expect(schemaVersion(db)).toBe(2);
  db.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('migration 003-lean-pair-indexes', () => {
  it('drops the (origin | split, length) and (dataset, hash) indexes and keeps data, tallies, search and scores', () => {
    const before = new Database(file, { readonly: true });
    const was = snapshot(before);
    before.close();
    expect(was.search.map((ids) => ids.length)).toEqual([20, 10, 10]);

    openProject(file, { create: false }).close();

    const db = new Database(file, { readonly: true });
    // Opening runs every later migration too; 003's effects must survive them.
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    const indexes = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'index'")
      .pluck()
      .all() as string[];
    for (const gone of DROPPED) expect(indexes).not.toContain(gone);
    for (const kept of [
      'pairs_prompt_len',
      'pairs_dataset_prompt_len',
      'pairs_dataset',
      'pairs_origin',
      'pairs_split',
      'pairs_content_hash',
    ])
      expect(indexes).toContain(kept);
    expect(snapshot(db)).toEqual(was);
    db.close();
  });

  it('serves filtered length pages and resumed-import hashes from the remaining indexes', () => {
    const project = openProject(file, { create: false });
    try {
      const page = project.pairs.page({ origin: 'edited', sort: 'promptLen', dir: 'desc', limit: 2 });
      expect(page.rows.map((r) => r.id)).toEqual([28, 21]);
      expect(page.total).toBe(4);
      const rest = project.pairs.page({
        origin: 'edited',
        sort: 'promptLen',
        dir: 'desc',
        limit: 2,
        after: page.nextCursor ?? '',
      });
      expect(rest.rows.map((r) => r.id)).toEqual([14, 7]);
      expect(project.pairs.hashesIn(1)).toEqual(
        new Set(Array.from({ length: 15 }, (_, k) => `h${2 * k + 2}`)),
      );
    } finally {
      project.close();
    }
  });
});
