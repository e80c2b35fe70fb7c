// Pairs repository: insert/get round trip, full-text search, trigger-kept counts, streaming and duplicate hashes.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentHash } from '../../../src-main/store/pairs-repo';
import { pair, tmpProject, type TmpProject } from './fixtures';

let t: TmpProject;
let ds: number;
beforeEach(() => {
  t = tmpProject();
  ds = t.project.datasets.create({ name: 'd', sourcePath: '/data/d.jsonl', format: 'flat' }).id;
});
afterEach(() => t.cleanup());

/** A second, raw connection: edits the store has no method for yet (review, MARS) go through SQL like this. */
function raw(): Database.Database {
  const db = new Database(t.file);
  db.pragma('foreign_keys = ON');
  return db;
}

describe('pairs.insertMany / get', () => {
  it('round-trips every field, computing hash and character lengths', () => {
    const p = t.project;
    const [parent] = p.transaction(() => p.pairs.insertMany([pair(ds, 1)]));
    const model = p.models.create({ name: 'rm', kind: 'reward' });
    const [id] = p.transaction(() =>
      p.pairs.insertMany([
        {
          datasetId: ds,
          prompt: 'Café? 😀',
          chosen: 'Yes.',
          rejected: 'No!',
          promptMessages: [{ role: 'user', content: 'Café? 😀' }],
          tie: true,
          strength: 0.75,
          split: 'validation',
          origin: 'augmented',
          parentId: parent ?? null,
          round: 2,
          modelId: model.id,
          provenance: { operator: 'swap', parameters: { seed: 7 } },
          sourceFormat: 'trl-conversational',
          sourceLine: 42,
          extra: { score_chosen: 9, tags: ['a'] },
        },
      ]),
    );
    const got = p.pairs.get(id ?? -1);
    expect(got).toMatchObject({
      id,
      datasetId: ds,
      prompt: 'Café? 😀',
      promptMessages: [{ role: 'user', content: 'Café? 😀' }],
      tie: true,
      strength: 0.75,
      split: 'validation',
      origin: 'augmented',
      parentId: parent,
      round: 2,
      modelId: model.id,
      provenance: { operator: 'swap', parameters: { seed: 7 } },
      sourceFormat: 'trl-conversational',
      sourceLine: 42,
      extra: { score_chosen: 9, tags: ['a'] },
      contentHash: contentHash('Café? 😀', 'Yes.', 'No!'),
    });
    expect(got?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(p.pairs.page({ origin: 'augmented' }).rows[0]).toMatchObject({
      promptLen: 7,
      chosenLen: 4,
      rejectedLen: 3,
      tie: true,
    });
    expect(p.pairs.get(999_999)).toBeNull();
  });

  it('inserts thousands of rows in one call with ids in order', () => {
    const rows = Array.from({ length: 3000 }, (_, i) =>
      pair(ds, i, { split: i % 10 === 0 ? 'test' : 'train' }),
    );
    const ids = t.project.transaction(() => t.project.pairs.insertMany(rows));
    expect(ids).toHaveLength(3000);
    expect(ids.every((id, i) => i === 0 || id === (ids[i - 1] as number) + 1)).toBe(true);
    expect(t.project.pairs.get(ids[2999] as number)?.prompt).toBe(rows[2999]?.prompt);
    expect(t.project.pairs.countBy('split')).toEqual({ train: 2700, test: 300 });
  });

  it('enforces split and origin values in the schema', () => {
    expect(() => t.project.pairs.insertMany([pair(ds, 1, { split: 'dev' as never })])).toThrow(/CHECK/);
    expect(() => t.project.pairs.insertMany([pair(ds, 1, { origin: 'magic' as never })])).toThrow(/CHECK/);
  });

  it('keeps created_at non-decreasing in id order and refuses to change it', () => {
    const ids = t.project.pairs.insertMany([pair(ds, 1)]);
    const db = raw();
    // A clock that stepped back: the next insert must not get an earlier created_at.
    db.prepare("UPDATE pairs SET updated_at = 'x' WHERE id = ?").run(ids[0]);
    expect(() =>
      db.prepare("UPDATE pairs SET created_at = '1999-01-01T00:00:00.000Z' WHERE id = ?").run(ids[0]),
    ).toThrow(/created_at cannot change/);
    db.prepare('DELETE FROM pairs').run();
    db.prepare(
      "INSERT INTO pairs (dataset_id, split, origin, content_hash, created_at, updated_at, prompt, chosen, rejected) VALUES (?, 'train', 'original', 'h', '2999-01-01T00:00:00.000Z', 'x', 'p', 'c', 'r')",
    ).run(ds);
    db.close();
    const [later] = t.project.pairs.insertMany([pair(ds, 2)]);
    expect(t.project.pairs.get(later ?? -1)?.createdAt).toBe('2999-01-01T00:00:00.000Z');
  });
});

describe('pairs full-text search', () => {
  beforeEach(() => {
    t.project.transaction(() =>
      t.project.pairs.insertMany([
        pair(ds, 1, { prompt: 'How do I bake sourdough bread?', chosen: 'Feed the starter first.' }),
        pair(ds, 2, { prompt: 'Tell me about naïve résumé writing', chosen: 'Keep it short.' }),
        pair(ds, 3, { prompt: 'What is a bread knife for?', rejected: 'Cutting sourdough, mostly.' }),
        pair(ds, 4, { prompt: 'Quote: "to be or not to be"', chosen: 'Hamlet OR Macbeth? NEAR(x) -y' }),
      ]),
    );
  });

  const search = (q: string, extra: { datasetId?: number } = {}) =>
    t.project.pairs.page({ search: q, ...extra }).rows.map((r) => r.id);

  it('matches plain words anywhere, ANDed, across prompt, chosen and rejected', () => {
    expect(search('sourdough')).toEqual([1, 3]);
    expect(search('bread starter')).toEqual([1]);
    expect(search('BREAD')).toEqual([1, 3]);
    expect(t.project.pairs.count({ search: 'sourdough' })).toBe(2);
    expect(t.project.pairs.page({ search: 'sourdough' }).total).toBe(2);
  });

  it('supports quoted phrases, prefixes and ignores diacritics', () => {
    expect(search('"bread knife"')).toEqual([3]);
    expect(search('"knife bread"')).toEqual([]);
    expect(search('sour*')).toEqual([1, 3]);
    expect(search('naive resume')).toEqual([2]);
  });

  it('treats operators and punctuation typed by users as text, never as FTS5 syntax', () => {
    expect(search('Hamlet OR Macbeth')).toEqual([4]);
    expect(search('NEAR(x)')).toEqual([4]);
    for (const nasty of [
      '"',
      '"unclosed phrase',
      'a AND',
      '(',
      ')',
      '*',
      '-',
      'col:value',
      '^start',
      'x"y"z',
      '{a b}',
      "it's",
      '\u0000',
    ]) {
      expect(() => t.project.pairs.page({ search: nasty })).not.toThrow();
    }
    // Nothing searchable left: the search box is treated as empty.
    expect(t.project.pairs.page({ search: '!!! ***' }).total).toBe(4);
  });

  it('combines search with filters and sorts, and stays in sync on update and delete', () => {
    const other = t.project.datasets.create({ name: 'other', sourcePath: null, format: null }).id;
    t.project.pairs.insertMany([pair(other, 9, { prompt: 'sourdough in another set' })]);
    expect(search('sourdough', { datasetId: ds })).toEqual([1, 3]);
    expect(
      t.project.pairs.page({ search: 'sourdough', sort: 'promptLen', dir: 'desc' }).rows.map((r) => r.id),
    ).toEqual([1, 3, 5]);
    expect(t.project.pairs.countBy('origin', { search: 'sourdough', datasetId: ds })).toEqual({
      original: 2,
    });
    const db = raw();
    db.prepare("UPDATE pairs SET chosen = 'Use rye flour.' WHERE id = 1").run();
    db.prepare('DELETE FROM pairs WHERE id = 3').run();
    db.close();
    expect(search('rye')).toEqual([1]);
    expect(search('starter')).toEqual([]);
    expect(search('sourdough')).toEqual([1, 5]);
  });
});

describe('pair counts', () => {
  it('stay exact through inserts, updates, deletes and data set deletion', () => {
    const other = t.project.datasets.create({ name: 'other', sourcePath: null, format: null }).id;
    t.project.transaction(() => {
      t.project.pairs.insertMany(
        Array.from({ length: 30 }, (_, i) => pair(ds, i, { split: i % 3 === 0 ? 'test' : 'train' })),
      );
      t.project.pairs.insertMany(
        Array.from({ length: 12 }, (_, i) => pair(other, i, { origin: 'discovered' })),
      );
    });
    const db = raw();
    db.prepare("UPDATE pairs SET origin = 'edited', split = 'validation' WHERE id IN (1, 2, 3)").run();
    db.prepare('UPDATE pairs SET dataset_id = ? WHERE id = 4').run(other);
    db.prepare('DELETE FROM pairs WHERE id IN (5, 40)').run();
    const truth = (where: string, ...args: unknown[]) =>
      db
        .prepare(`SELECT count(*) FROM pairs ${where}`)
        .pluck()
        .get(...args) as number;
    const p = t.project.pairs;
    expect(p.count({})).toBe(truth(''));
    expect(p.count({ datasetId: ds })).toBe(truth('WHERE dataset_id = ?', ds));
    expect(p.count({ datasetId: other, origin: 'discovered' })).toBe(
      truth("WHERE dataset_id = ? AND origin = 'discovered'", other),
    );
    expect(p.count({ split: 'validation' })).toBe(3);
    expect(p.countBy('origin')).toEqual({ original: 26, edited: 3, discovered: 11 });
    expect(t.project.datasets.get(other)?.pairCount).toBe(12);
    db.prepare('DELETE FROM datasets WHERE id = ?').run(other);
    expect(db.prepare('SELECT count(*) FROM pair_counts WHERE n <= 0').pluck().get()).toBe(0);
    expect(p.count({})).toBe(truth(''));
    expect(p.count({})).toBe(28);
    expect(p.count({ datasetId: other })).toBe(0);
    db.close();
  });
});

describe('pairs.iterate and hashesIn', () => {
  it('streams matching pairs in id order by chunks, allowing writes between chunks', () => {
    const ids = t.project.transaction(() =>
      t.project.pairs.insertMany(
        Array.from({ length: 50 }, (_, i) => pair(ds, i, { origin: i % 2 === 0 ? 'augmented' : 'original' })),
      ),
    );
    const seen: number[] = [];
    for (const p of t.project.pairs.iterate({ origin: 'augmented' }, 7)) {
      seen.push(p.id);
      if (seen.length === 10) t.project.pairs.insertMany([pair(ds, 1000, { origin: 'original' })]);
    }
    expect(seen).toEqual(ids.filter((_, i) => i % 2 === 0));
    expect([...t.project.pairs.iterate({ datasetId: ds + 1 })]).toEqual([]);
    expect([...t.project.pairs.iterate({ search: 'Helpful answer 3' }, 2)].map((p) => p.id)).toEqual([
      ids[3],
    ]);
  });

  it('returns the content hashes of one data set only', () => {
    const other = t.project.datasets.create({ name: 'other', sourcePath: null, format: null }).id;
    t.project.pairs.insertMany([pair(ds, 1), pair(ds, 2), pair(other, 3)]);
    const p1 = pair(ds, 1);
    expect(t.project.pairs.hashesIn(ds)).toEqual(
      new Set([
        contentHash(p1.prompt, p1.chosen, p1.rejected),
        contentHash(pair(ds, 2).prompt, pair(ds, 2).chosen, pair(ds, 2).rejected),
      ]),
    );
    expect(t.project.pairs.hashesIn(other).size).toBe(1);
  });
});
