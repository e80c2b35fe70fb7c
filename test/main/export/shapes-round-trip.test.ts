// Each ecosystem shape (TRL standard, TRL implicit prompt, UltraFeedback, PKU), gz or not: export → detect → import gives the same pairs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { writeExport } from '../../../src-main/exporters/write-export';
import { detectFileFormat } from '../../../src-main/importers/parse-file';
import type { ExportShape, ImportFormat, Pair } from '../../../src-main/shared/dto';
import { HH_SAMPLE, HH_SKIP_NOTE, collect, fixture, hasHhSample } from '../import/helpers';
import { storedPair } from './stored-pair';

const dir = mkdtempSync(join(tmpdir(), 'ps-shapes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const texts = (p: { prompt: string; chosen: string; rejected: string }) => [p.chosen, p.rejected];

async function roundTrip(pairs: Pair[], shape: ExportShape, expected: ImportFormat, gzip: boolean): Promise<void> {
  const out = join(dir, `${shape}${gzip ? '.jsonl.gz' : '.jsonl'}`);
  const result = await writeExport(pairs, out, shape, undefined, { gzip });
  expect(result.rows).toBe(pairs.length);
  const detected = await detectFileFormat(out);
  expect(detected.format).toBe(expected);
  const back = await collect(out, { format: expected });
  expect(back.issues).toEqual([]);
  expect(back.pairs.map(texts)).toEqual(pairs.map(texts));
  if (shape !== 'trl-implicit' && shape !== 'ultrafeedback') {
    // These shapes carry the prompt as one string, so it comes back verbatim.
    expect(back.pairs.map((p) => p.prompt)).toEqual(pairs.map((p) => p.prompt));
  }
  if (gzip) expect(gunzipSync(readFileSync(out)).toString('utf8').split('\n')).toHaveLength(pairs.length + 1);
}

const cases: [ExportShape, ImportFormat][] = [
  ['trl-standard', 'flat'],
  ['trl-implicit', 'trl-conversational'],
  ['ultrafeedback', 'ultrafeedback'],
  ['pku', 'pku'],
];

describe('ecosystem shapes round-trip through the importers', () => {
  it.each(cases)('flat fixture as %s reads back as %s (plain and gz)', async (shape, format) => {
    const { pairs } = await collect(fixture('flat.jsonl'), { format: 'flat' });
    const stored = pairs.map((d) => storedPair(d));
    await roundTrip(stored, shape, format, false);
    await roundTrip(stored, shape, format, true);
  });

  it('keeps a strength as the UltraFeedback score gap', async () => {
    const { pairs } = await collect(fixture('flat.jsonl'), { format: 'flat' });
    const stored = pairs.map((d) => ({ ...storedPair(d), sourceFormat: null, strength: 2.5 }));
    const out = join(dir, 'strength.jsonl');
    await writeExport(stored, out, 'ultrafeedback');
    const back = await collect(out, { format: 'ultrafeedback' });
    expect(back.pairs.map((p) => p.strength)).toEqual(stored.map(() => 2.5));
  });
});

describe.skipIf(!hasHhSample)(`HH sample in every shape${HH_SKIP_NOTE}`, () => {
  it.each(cases)('HH as %s keeps every pair’s responses', async (shape, format) => {
    const { pairs } = await collect(HH_SAMPLE, { format: 'hh' });
    await roundTrip(pairs.map((d) => storedPair(d)), shape, format, true);
  });
});
