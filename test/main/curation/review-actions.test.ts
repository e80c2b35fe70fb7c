// Reviewers' actions in the store: each action's effect and log entry, undo, its refusals, FTS after edits.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Reviewer } from '../../../src-main/curation/review-actions';
import { loadTextPairs } from '../../../src-main/jobs/reward/pairs-data';
import { contentHash } from '../../../src-main/store/pairs-repo';
import type { ProjectDb } from '../../../src-main/store/types';
import { pair, tmpProject, type TmpProject } from '../store/fixtures';

let t: TmpProject;
let db: ProjectDb;
let ids: number[];

beforeEach(() => {
  t = tmpProject();
  db = t.project;
  const ds = db.datasets.create({ name: 'd', sourcePath: null, format: null });
  ids = db.transaction(() =>
    db.pairs.insertMany([
      pair(ds.id, 1, { strength: 2 }),
      pair(ds.id, 2),
      pair(ds.id, 3, { origin: 'augmented' }),
      pair(ds.id, 4, { split: 'validation' }),
    ]),
  );
});
afterEach(() => t.cleanup());

function id(i: number): number {
  const found = ids[i];
  if (found === undefined) throw new Error(`no pair ${i}`);
  return found;
}

describe('review actions', () => {
  it('flip swaps the texts and the strength sign, confirms, and logs the before-state', () => {
    const before = db.pairs.get(id(0))!;
    const { entry, pair: after } = new Reviewer(db).apply({ pairId: id(0), action: 'flip', reviewer: 'ann' });
    expect(after).toMatchObject({ chosen: before.rejected, rejected: before.chosen, strength: -2, reviewStatus: 'confirmed' });
    expect(after.contentHash).toBe(contentHash(before.prompt, before.rejected, before.chosen));
    expect(entry).toMatchObject({ reviewer: 'ann', action: 'flip', pairId: id(0), undoes: null });
    expect(entry.payload).toEqual({
      before: { chosen: before.chosen, rejected: before.rejected, strength: 2, reviewStatus: null },
      after: { chosen: before.rejected, rejected: before.chosen, strength: -2, reviewStatus: 'confirmed' },
    });
    expect(db.pairs.get(id(0))).toEqual(after);
  });

  it("a flip swaps every model's scores with the responses, and its undo swaps them back", () => {
    const m = db.models.create({ name: 'm', kind: 'reward' });
    db.transaction(() =>
      db.scores.upsertMany(m.id, [
        { pairId: id(0), rChosen: 0.25, rRejected: 1 },
        { pairId: id(1), rChosen: 2, rRejected: 1 },
      ]),
    );
    const disagreeing = () => db.pairs.count({ modelId: m.id, disagree: true });
    expect(disagreeing()).toBe(1);
    const { entry } = new Reviewer(db).apply({ pairId: id(0), action: 'flip', reviewer: 'ann' });
    expect(db.scores.get(m.id, id(0))).toMatchObject({ rChosen: 1, rRejected: 0.25, margin: 0.75 });
    expect(db.scores.get(m.id, id(1))).toMatchObject({ rChosen: 2, rRejected: 1 });
    // The exact tallies follow: the flipped pair no longer disagrees with its (new) label.
    expect(disagreeing()).toBe(0);
    new Reviewer(db).undo(entry.id, 'ann');
    expect(db.scores.get(m.id, id(0))).toMatchObject({ rChosen: 0.25, rRejected: 1, margin: -0.75 });
    expect(disagreeing()).toBe(1);
    // A status-only action leaves the scores alone.
    new Reviewer(db).apply({ pairId: id(0), action: 'confirm', reviewer: 'ann' });
    expect(db.scores.get(m.id, id(0))?.margin).toBe(-0.75);
  });

  it('confirm, tie and exclude set the status (and tie), logging each', () => {
    expect(new Reviewer(db).apply({ pairId: id(0), action: 'confirm', reviewer: 'a' }).pair.reviewStatus).toBe('confirmed');
    const tie = new Reviewer(db).apply({ pairId: id(1), action: 'tie', reviewer: 'a' });
    expect(tie.pair).toMatchObject({ tie: true, reviewStatus: 'tie' });
    expect(tie.entry.payload).toEqual({ before: { tie: false, reviewStatus: null }, after: { tie: true, reviewStatus: 'tie' } });
    expect(new Reviewer(db).apply({ pairId: id(3), action: 'exclude', reviewer: 'a' }).pair.reviewStatus).toBe('excluded');
    expect(db.reviewLog.list({ limit: 10 }).map((e) => [e.action, e.pairId])).toEqual([
      ['confirm', id(0)],
      ['tie', id(1)],
      ['exclude', id(3)],
    ]);
    const excluded = db.pairs.page({ reviewStatus: 'excluded' });
    expect(excluded.rows.map((r) => [r.id, r.reviewStatus])).toEqual([[id(3), 'excluded']]);
    expect(excluded.total).toBe(1);
    expect(db.pairs.count({ reviewStatus: 'confirmed', split: 'train' })).toBe(1);
  });

  it('undo of a flip restores the label and appends an entry pointing at the untouched original', () => {
    const original = db.pairs.get(id(0))!;
    const flip = new Reviewer(db).apply({ pairId: id(0), action: 'flip', reviewer: 'ann' });
    const undo = new Reviewer(db).undo(flip.entry.id, 'bob');
    expect(undo.pair).toEqual(original);
    expect(undo.entry).toMatchObject({ action: 'undo', reviewer: 'bob', undoes: flip.entry.id, pairId: id(0) });
    expect(db.reviewLog.list({ pairId: id(0), limit: 10 })).toEqual([flip.entry, undo.entry]);
  });

  it('refuses to undo an undo, an entry undone already, and an entry a later action overrode', () => {
    const flip = new Reviewer(db).apply({ pairId: id(0), action: 'flip', reviewer: 'a' });
    const undo = new Reviewer(db).undo(flip.entry.id, 'a');
    expect(() => new Reviewer(db).undo(undo.entry.id, 'a')).toThrow(/itself the undo of entry/);
    expect(() => new Reviewer(db).undo(flip.entry.id, 'a')).toThrow(new RegExp(`already undone by entry ${undo.entry.id}`));
    const tie = new Reviewer(db).apply({ pairId: id(1), action: 'tie', reviewer: 'a' });
    const exclude = new Reviewer(db).apply({ pairId: id(1), action: 'exclude', reviewer: 'a' });
    expect(() => new Reviewer(db).undo(tie.entry.id, 'a')).toThrow(/changed since entry .*reviewStatus.*undo the later entries first/);
    expect(db.pairs.get(id(1))?.reviewStatus).toBe('excluded');
    new Reviewer(db).undo(exclude.entry.id, 'a');
    expect(new Reviewer(db).undo(tie.entry.id, 'a').pair).toMatchObject({ tie: false, reviewStatus: null });
    expect(() => new Reviewer(db).undo(9999, 'a')).toThrow(/no review log entry 9999/);
    expect(db.reviewLog.list({ limit: 20 })).toHaveLength(6);
  });

  it('edit replaces texts: FTS, lengths and hash follow, and undo brings the old words back', () => {
    const before = db.pairs.get(id(1))!;
    const edit = new Reviewer(db).apply({
      pairId: id(1),
      action: 'edit',
      reviewer: 'a',
      edit: { chosen: 'A thoroughly xylophonic reply' },
    });
    expect(edit.pair).toMatchObject({ chosen: 'A thoroughly xylophonic reply', reviewStatus: 'confirmed' });
    expect(edit.pair.contentHash).toBe(contentHash(before.prompt, 'A thoroughly xylophonic reply', before.rejected));
    const found = db.pairs.page({ search: 'xylophonic' });
    expect(found.rows.map((r) => [r.id, r.chosenLen])).toEqual([[id(1), 'A thoroughly xylophonic reply'.length]]);
    expect(db.pairs.page({ search: `"Helpful answer 2"` }).total).toBe(0);
    new Reviewer(db).undo(edit.entry.id, 'a');
    expect(db.pairs.page({ search: 'xylophonic' }).total).toBe(0);
    expect(db.pairs.page({ search: `"Helpful answer 2"` }).rows.map((r) => [r.id, r.chosenLen])).toEqual([
      [id(1), before.chosen.length],
    ]);
  });

  it('refuses edits that make chosen equal rejected, and approve/discard on pairs not augmented', () => {
    const p = db.pairs.get(id(1))!;
    expect(() => new Reviewer(db).apply({ pairId: id(1), action: 'edit', reviewer: 'a', edit: { chosen: p.rejected } })).toThrow(
      /chosen and rejected identical/,
    );
    expect(() => new Reviewer(db).apply({ pairId: id(1), action: 'approve', reviewer: 'a' })).toThrow(/not augmented/);
    expect(() => new Reviewer(db).apply({ pairId: id(1), action: 'discard', reviewer: 'a' })).toThrow(/not augmented/);
    expect(db.reviewLog.list({ limit: 5 })).toEqual([]);
    expect(new Reviewer(db).apply({ pairId: id(2), action: 'approve', reviewer: 'a' }).pair.reviewStatus).toBe('approved');
    expect(new Reviewer(db).apply({ pairId: id(2), action: 'discard', reviewer: 'a' }).pair.reviewStatus).toBe('discarded');
  });

  it('training data skips excluded, tied, discarded and unapproved augmented pairs', () => {
    const ids0 = (): number[] => {
      const { train, validation } = loadTextPairs(db, {});
      return [...train, ...validation].map((p) => p.id).sort((a, b) => a - b);
    };
    expect(ids0()).toEqual([id(0), id(1), id(3)]);
    new Reviewer(db).apply({ pairId: id(3), action: 'exclude', reviewer: 'a' });
    new Reviewer(db).apply({ pairId: id(0), action: 'tie', reviewer: 'a' });
    new Reviewer(db).apply({ pairId: id(2), action: 'approve', reviewer: 'a' });
    expect(ids0()).toEqual([id(1), id(2)]);
  });
});
