// writeExport: streams any (async) iterable of pairs to JSONL, hashing while writing, counting by origin, never leaving a partial file.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeExport } from '../../../src-main/exporters/write-export';
import type { Pair } from '../../../src-main/shared/dto';
import { collect, fixture } from '../import/helpers';
import { storedPair } from './stored-pair';

const dir = mkdtempSync(join(tmpdir(), 'ps-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function flatPairs(): Promise<Pair[]> {
  const { pairs } = await collect(fixture('flat.jsonl'), { format: 'flat' });
  return pairs.map((d, i) => storedPair(d, i + 1, i === 0 ? 'augmented' : 'original'));
}

describe('writeExport', () => {
  it('writes one JSON line per pair and returns rows, origins and the sha256 of the bytes written', async () => {
    const pairs = await flatPairs();
    const out = join(dir, 'flat.jsonl');
    const progress: number[] = [];
    const result = await writeExport(pairs, out, 'flat', (rows) => progress.push(rows));
    const bytes = readFileSync(out);
    expect(result).toEqual({
      rows: 3,
      byOrigin: { augmented: 1, original: 2 },
      bySplit: { train: 1, validation: 1, test: 1 },
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
    });
    const normalised = readFileSync(fixture('flat.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => `${JSON.stringify(JSON.parse(line))}\n`)
      .join('');
    expect(bytes.toString('utf8')).toBe(normalised);
    expect(progress).toEqual([1, 2, 3]);
    expect(readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it('takes an async iterable and many rows with backpressure', async () => {
    const [first] = await flatPairs();
    async function* many(): AsyncGenerator<Pair> {
      for (let i = 0; i < 20_000; i++) yield { ...first!, id: i, chosen: `answer ${i} ${'x'.repeat(200)}` };
    }
    const out = join(dir, 'many.jsonl');
    const result = await writeExport(many(), out, 'hh');
    const text = readFileSync(out, 'utf8');
    expect(result.rows).toBe(20_000);
    expect(text.split('\n')).toHaveLength(20_001);
    expect(JSON.parse(text.split('\n')[19_999] ?? '')).toMatchObject({
      chosen: expect.stringContaining('Assistant: answer 19999'),
    });
    expect(result.sha256).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('removes the partial file and keeps no output when cancelled', async () => {
    const pairs = await flatPairs();
    const controller = new AbortController();
    const out = join(dir, 'cancelled.jsonl');
    const run = writeExport(pairs, out, 'flat', (rows) => rows === 2 && controller.abort(), {
      signal: controller.signal,
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('cancelled'))).toEqual([]);
  });
});
