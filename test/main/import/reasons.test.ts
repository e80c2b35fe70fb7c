// Every row-issue reason, with file, line and field named; duplicates within an import and against a resumed job's stored hashes.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DuplicateTracker, contentHash } from '../../../src-main/importers/duplicates';
import { parseRecord, parseRow } from '../../../src-main/importers/parse-row';
import type { ParseOptions } from '../../../src-main/importers/types';
import { collect, fixture } from './helpers';

const flat: ParseOptions = { format: 'flat', pkuPreference: 'better' };

describe('row issues', () => {
  it('accounts for every non-blank line of the error fixture with the right reason and field', async () => {
    const { pairs, issues } = await collect(fixture('errors.jsonl'), { format: 'flat' });
    expect(pairs.map((p) => p.line)).toEqual([1, 12]);
    expect(issues.map((i) => [i.line, i.kind, i.reason, i.field])).toEqual([
      [2, 'error', 'malformed-json', null],
      [3, 'error', 'not-an-object', null],
      [5, 'error', 'missing-field', 'chosen'],
      [6, 'error', 'wrong-type', 'chosen'],
      [7, 'error', 'empty-response', 'rejected'],
      [8, 'error', 'identical-responses', null],
      [10, 'duplicate', 'duplicate', null],
      [11, 'error', 'wrong-type', 'tie'],
    ]);
    const byLine = new Map(issues.map((i) => [i.line, i]));
    expect(byLine.get(2)?.message).toMatch(/^errors\.jsonl:2: malformed JSON: .*position/);
    expect(byLine.get(5)?.message).toBe('errors.jsonl:5, field "chosen": missing field "chosen"');
    expect(byLine.get(10)?.message).toBe(
      'errors.jsonl:10: exact duplicate of line 1 (same prompt, chosen and rejected)',
    );
    expect(byLine.get(2)?.excerpt).toBe('{"prompt": "broken", "chosen": "x"');
  });

  it('names a mapping field that the rows lack', () => {
    const row = parseRow({ q: 'x', a: 'y', b: 'z' }, 9, 'data.jsonl', {
      ...flat,
      mapping: { prompt: 'q', chosen: 'good', rejected: 'b' },
    });
    expect(row.ok ? null : row.issue.message).toBe('data.jsonl:9, field "good": missing field "good"');
  });

  it('keeps excerpts short and on one line', () => {
    const row = parseRecord({ line: 4, text: `{"prompt": "${'long\\n'.repeat(200)}"` }, 'big.jsonl', flat);
    expect(row.ok).toBe(false);
    if (!row.ok) {
      expect(row.issue.excerpt.length).toBeLessThanOrEqual(201);
      expect(row.issue.excerpt).not.toMatch(/\n/);
    }
  });
});

describe('DuplicateTracker', () => {
  it('hashes prompt NUL chosen NUL rejected with sha256', () => {
    expect(contentHash('p', 'c', 'r')).toBe(
      createHash('sha256').update('p\u0000c\u0000r', 'utf8').digest('hex'),
    );
    expect(contentHash('p', 'r', 'c')).not.toBe(contentHash('p', 'c', 'r'));
  });

  it('flags rows already stored by a resumed job', async () => {
    const stored = new Set([contentHash('ok row', 'yes', 'no')]);
    const { pairs, issues } = await collect(
      fixture('errors.jsonl'),
      { format: 'flat' },
      { tracker: new DuplicateTracker(stored), afterLine: 0 },
    );
    expect(pairs.map((p) => p.line)).toEqual([12]);
    const dupes = issues.filter((i) => i.reason === 'duplicate');
    expect(dupes.map((i) => [i.line, i.message])).toEqual([
      [1, 'errors.jsonl:1: exact duplicate of a pair already imported into this data set'],
      [10, 'errors.jsonl:10: exact duplicate of a pair already imported into this data set'],
    ]);
  });

  it('skips lines up to the checkpoint when resuming', async () => {
    const { pairs, issues } = await collect(fixture('errors.jsonl'), { format: 'flat' }, { afterLine: 8 });
    expect(pairs.map((p) => p.line)).toEqual([10, 12]);
    expect(issues.map((i) => i.line)).toEqual([11]);
  });
});
