// Data sets (names, computed counts), import issues (keyset pages) and the append-only review log.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-main/shared/errors';
import type { NewImportIssue } from '../../../src-main/store/types';
import { pair, tmpProject, type TmpProject } from './fixtures';

let t: TmpProject;
beforeEach(() => {
  t = tmpProject();
});
afterEach(() => t.cleanup());

function issue(datasetId: number | null, line: number, over: Partial<NewImportIssue> = {}): NewImportIssue {
  return {
    jobId: null,
    datasetId,
    file: '/data/in.jsonl',
    line,
    field: 'chosen',
    kind: 'error',
    reason: 'missing-field',
    message: `line ${line}: field "chosen" is missing`,
    excerpt: '{"prompt":"hi"}',
    ...over,
  };
}

describe('datasets repository', () => {
  it('creates, finds and lists data sets with pair and issue counts', () => {
    const p = t.project;
    const a = p.datasets.create({
      name: 'hh',
      sourcePath: '/data/hh.jsonl.gz',
      format: 'hh',
      options: { split: 'train' },
    });
    const b = p.datasets.create({ name: 'flat', sourcePath: null, format: null });
    p.transaction(() => p.pairs.insertMany([pair(a.id, 1), pair(a.id, 2), pair(b.id, 3)]));
    p.issues.insertMany([issue(a.id, 7), issue(a.id, 9, { kind: 'duplicate', reason: 'duplicate' })]);
    expect(a).toMatchObject({
      name: 'hh',
      sourcePath: '/data/hh.jsonl.gz',
      format: 'hh',
      pairCount: 0,
      issueCount: 0,
    });
    expect(p.datasets.list().map((d) => [d.name, d.pairCount, d.issueCount])).toEqual([
      ['hh', 2, 2],
      ['flat', 1, 0],
    ]);
    expect(p.datasets.findByName('flat')?.id).toBe(b.id);
    expect(p.datasets.findByName('nope')).toBeNull();
    expect(p.datasets.get(a.id + 100)).toBeNull();
    expect(() => p.datasets.create({ name: 'hh', sourcePath: null, format: null })).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidRequest, message: expect.stringContaining('"hh"') }),
    );
  });
});

describe('issues repository', () => {
  it('pages issues by id with totals per job or data set, and counts by kind', () => {
    const p = t.project;
    const ds = p.datasets.create({ name: 'd', sourcePath: null, format: null }).id;
    p.jobs.create({ id: 'job-1', kind: 'import', params: {} });
    p.transaction(() =>
      p.issues.insertMany([
        ...Array.from({ length: 25 }, (_, i) => issue(ds, i + 1, { jobId: 'job-1' })),
        ...Array.from({ length: 5 }, (_, i) =>
          issue(null, 100 + i, { kind: 'duplicate', reason: 'duplicate', field: null }),
        ),
      ]),
    );
    const first = p.issues.page({ jobId: 'job-1', limit: 10 });
    expect(first.total).toBe(25);
    expect(first.rows.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(first.rows[0]).toMatchObject({
      jobId: 'job-1',
      datasetId: ds,
      field: 'chosen',
      kind: 'error',
      file: '/data/in.jsonl',
    });
    const lines: number[] = [];
    let after: number | undefined;
    for (;;) {
      const page = p.issues.page({ datasetId: ds, after, limit: 10 });
      lines.push(...page.rows.map((r) => r.line));
      if (page.nextAfter === null) break;
      after = page.nextAfter;
    }
    expect(lines).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(p.issues.page({ limit: 100 }).total).toBe(30);
    expect(p.issues.countByKind()).toEqual({ errors: 25, duplicates: 5 });
  });
});

describe('review log', () => {
  it('appends entries, lists them per pair, and links undo entries', () => {
    const p = t.project;
    const ds = p.datasets.create({ name: 'd', sourcePath: null, format: null }).id;
    const [pairId] = p.pairs.insertMany([pair(ds, 1)]);
    const flip = p.reviewLog.append({
      reviewer: 'ana',
      action: 'flip',
      pairId: pairId ?? null,
      payload: { before: 'chosen' },
      undoes: null,
    });
    p.reviewLog.append({
      reviewer: 'ana',
      action: 'note',
      pairId: null,
      payload: { text: 'batch looks fine' },
      undoes: null,
    });
    const undo = p.reviewLog.append({
      reviewer: 'bo',
      action: 'undo',
      pairId: pairId ?? null,
      payload: {},
      undoes: flip.id,
    });
    expect(flip).toMatchObject({
      reviewer: 'ana',
      action: 'flip',
      pairId,
      payload: { before: 'chosen' },
      undoes: null,
    });
    expect(flip.ts).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(p.reviewLog.list({ pairId, limit: 10 }).map((e) => e.action)).toEqual(['flip', 'undo']);
    expect(p.reviewLog.list({ after: flip.id, limit: 1 }).map((e) => e.action)).toEqual(['note']);
    expect(undo.undoes).toBe(flip.id);
    expect(() =>
      p.reviewLog.append({ reviewer: 'x', action: 'undo', pairId: null, payload: {}, undoes: 9999 }),
    ).toThrow(/FOREIGN KEY/);
  });

  it('refuses UPDATE and DELETE on the log, even through raw SQL', () => {
    const entry = t.project.reviewLog.append({
      reviewer: 'ana',
      action: 'confirm',
      pairId: null,
      payload: {},
      undoes: null,
    });
    const db = new Database(t.file);
    expect(() => db.prepare("UPDATE review_log SET reviewer = 'mallory' WHERE id = ?").run(entry.id)).toThrow(
      /append-only/,
    );
    expect(() => db.prepare('DELETE FROM review_log WHERE id = ?').run(entry.id)).toThrow(/append-only/);
    db.close();
    expect(t.project.reviewLog.list({ limit: 5 })).toEqual([entry]);
  });
});
