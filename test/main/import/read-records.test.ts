// readRecords: line splitting (CRLF, BOM, no final newline), gzip by extension and by magic bytes, JSON arrays, CSV, progress, errors.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readRecords, sourceKind } from '../../../src-main/importers/read-records';
import type { ReadOptions, SourceRecord } from '../../../src-main/importers/types';
import { StudioError } from '../../../src-main/shared/errors';
import { fixture } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'ps-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function all(path: string, options?: ReadOptions): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const record of readRecords(path, options)) out.push(record);
  return out;
}

describe('readRecords — JSON lines', () => {
  it('strips a BOM and CRLF, skips blank lines, keeps a last line without newline, numbers lines from 1', async () => {
    const records = await all(fixture('errors.jsonl'));
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5, 6, 7, 8, 10, 11, 12]);
    expect(records[0]?.text.startsWith('{"prompt"')).toBe(true);
    expect(records.every((r) => !r.text.endsWith('\r'))).toBe(true);
    expect(JSON.parse(records[9]?.text ?? '')).toEqual({
      prompt: 'second ok',
      chosen: 'yes',
      rejected: 'no',
    });
  });

  it('reads gzip by extension and by magic bytes alike, reporting compressed bytes up to the file size', async () => {
    const text = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(i % 97) })).join(
      '\n',
    );
    const gz = gzipSync(text);
    const byName = file('lines.jsonl.gz', gz);
    const byMagic = file('lines-no-ext.jsonl', gz);
    const progress: [number, number][] = [];
    const named = await all(byName, { onBytes: (read, total) => progress.push([read, total]) });
    const magic = await all(byMagic);
    expect(named).toHaveLength(3000);
    expect(magic).toEqual(named);
    expect(JSON.parse(named[2999]?.text ?? '')).toMatchObject({ i: 2999 });
    expect(progress.at(-1)).toEqual([gz.length, gz.length]);
    expect(progress.every(([read], i) => i === 0 || read > (progress[i - 1]?.[0] ?? 0))).toBe(true);
  });

  it('keeps multi-byte characters split across chunk boundaries intact', async () => {
    const line = JSON.stringify({ text: 'é漢🙂'.repeat(40_000) });
    const records = await all(file('wide.jsonl', `${line}\n${line}`));
    expect(records.map((r) => r.text)).toEqual([line, line]);
  });

  it('names a missing file with FILE_NOT_FOUND and a corrupt gzip with a clear error', async () => {
    await expect(all(join(dir, 'nope.jsonl'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    const lines = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ i, v: (i * 7919) % 104729 }));
    const gz = gzipSync(lines.join('\n'));
    const truncated = gz.subarray(0, gz.length >> 1);
    const err = await all(file('cut.jsonl.gz', truncated)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StudioError);
    expect((err as StudioError).message).toMatch(/cut\.jsonl\.gz: corrupt gzip data/);
  });

  it('stops when the signal aborts', async () => {
    const path = file('many.jsonl', '{"a":1}\n'.repeat(200_000));
    const controller = new AbortController();
    let seen = 0;
    const run = async (): Promise<void> => {
      for await (const _record of readRecords(path, { signal: controller.signal })) {
        if (++seen === 10) controller.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toBeLessThan(200_000);
  });
});

describe('readRecords — JSON array files', () => {
  it('streams elements of a pretty-printed array with their starting lines', async () => {
    const records = await all(fixture('flat-aliases.json'));
    expect(records.map((r) => r.line)).toEqual([2, 8]);
    expect(records.map((r) => JSON.parse(r.text) as unknown)).toEqual(
      JSON.parse(readFileSync(fixture('flat-aliases.json'), 'utf8')),
    );
  });

  it('matches JSON.parse on a large array whose strings hold brackets, quotes and escapes across chunks', async () => {
    const values: unknown[] = Array.from({ length: 4000 }, (_, i) => ({
      i,
      text: `a "quote" ] } [ { \\ back\nslash ${'z'.repeat(i % 50)}`,
      nested: [{ deep: [i, null, true] }],
    }));
    values.push('a bare string', 12.5, null, [1, 2]);
    const path = file('big.json', JSON.stringify(values, null, 1));
    const records = await all(path);
    expect(records.map((r) => JSON.parse(r.text) as unknown)).toEqual(values);
    expect(records[0]?.line).toBe(2);
  });

  it('reports an unfinished element and trailing text as records instead of dropping them', async () => {
    const records = await all(file('cut.json', '[{"a":1},\n{"b":\n'));
    expect(records.map((r) => [r.line, r.text])).toEqual([
      [1, '{"a":1}'],
      [2, '{"b":\n'],
    ]);
    const trailing = await all(file('trail.json', '[{"a":1}]\n\ngarbage'));
    expect(trailing.map((r) => [r.line, r.text])).toEqual([
      [1, '{"a":1}'],
      [3, 'garbage'],
    ]);
  });

  it('reads a .json file that is really JSON lines line by line', async () => {
    const records = await all(file('lines.json', '{"a":1}\n{"a":2}\n'));
    expect(records.map((r) => r.line)).toEqual([1, 2]);
  });
});

describe('readRecords — CSV and TSV', () => {
  it('decodes quoted multi-line fields and reports each record’s first line (CRLF, BOM, blank line)', async () => {
    const records = await all(fixture('flat.csv'));
    expect(records.map((r) => r.line)).toEqual([2, 3, 7]);
    expect(records[1]?.value).toMatchObject({
      prompt: 'Write a haiku',
      chosen: 'Old pond,\r\nfrog jumps in,\r\nsplash',
    });
    expect(records[2]?.value).toMatchObject({ prompt: 'Say "hi"', chosen: '"hi"' });
  });

  it('turns a broken record into a record carrying the parser error', async () => {
    const records = await all(fixture('flat-mapped.tsv'));
    expect(records.map((r) => [r.line, r.error !== undefined])).toEqual([
      [2, false],
      [3, false],
      [4, true],
    ]);
    expect(records[2]?.error).toMatch(/Quote Not Closed/);
  });

  it('picks the kind from the name, looking through .gz', () => {
    expect(['a.csv.gz', 'b.TSV', 'c.json', 'd.jsonl.gz', 'e.txt'].map(sourceKind)).toEqual([
      'csv',
      'tsv',
      'json',
      'jsonl',
      'jsonl',
    ]);
  });
});
