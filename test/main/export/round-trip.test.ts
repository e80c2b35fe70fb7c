// Export in a format's own shape reproduces the imported source rows exactly (values, unknown columns, key order).
import { describe, expect, it } from 'vitest';
import { exportObject, formatExportRow } from '../../../src-main/exporters/format-row';
import { readRecords } from '../../../src-main/importers/read-records';
import type { ColumnMapping, ExportShape, ImportFormat, PkuPreference } from '../../../src-main/shared/dto';
import { HH_SAMPLE, HH_SKIP_NOTE, collect, fixture, hasHhSample } from '../import/helpers';
import { storedPair } from './stored-pair';

async function sourceObjects(path: string): Promise<Map<number, unknown>> {
  const rows = new Map<number, unknown>();
  for await (const record of readRecords(path)) {
    if (record.error === undefined) rows.set(record.line, record.value ?? JSON.parse(record.text));
  }
  return rows;
}

/** Exports every imported pair of a file in `shape` and compares each line with its source row, key order included. */
async function expectRoundTrip(
  path: string,
  format: ImportFormat,
  shape: ExportShape,
  extra: { mapping?: ColumnMapping; pkuPreference?: PkuPreference } = {},
): Promise<number> {
  const sources = await sourceObjects(path);
  const { pairs } = await collect(path, { format, ...extra });
  expect(pairs.length).toBeGreaterThan(0);
  for (const draft of pairs) {
    const line = formatExportRow(shape, storedPair(draft));
    expect(line, `${path}:${draft.line}`).toBe(JSON.stringify(sources.get(draft.line)));
  }
  return pairs.length;
}

describe.skipIf(!hasHhSample)(`HH sample round trip${HH_SKIP_NOTE}`, () => {
  it('re-exports every imported pair byte-for-byte (after JSON normalisation)', async () => {
    expect(await expectRoundTrip(HH_SAMPLE, 'hh', 'hh')).toBe(1196);
  });
});

describe('fixture round trips in each format’s natural shape', () => {
  it.each<
    [string, ImportFormat, ExportShape, { mapping?: ColumnMapping; pkuPreference?: PkuPreference }, number]
  >([
    ['hh-edge.jsonl', 'hh', 'hh', {}, 5],
    ['flat.jsonl', 'flat', 'flat', {}, 3],
    ['flat-aliases.json', 'flat', 'flat', {}, 2],
    ['flat.csv', 'flat', 'flat', {}, 3],
    [
      'flat-mapped.tsv',
      'flat',
      'flat',
      { mapping: { prompt: 'question', chosen: 'answer_good', rejected: 'answer_bad' } },
      2,
    ],
    [
      'flat-nested.jsonl',
      'flat',
      'flat',
      { mapping: { prompt: 'data.q', chosen: 'data.good', rejected: 'data.bad' } },
      2,
    ],
    ['trl-standard.jsonl', 'trl-standard', 'flat', {}, 3],
    ['trl-conversational.jsonl', 'trl-conversational', 'trl-conversational', {}, 4],
    ['ultrafeedback.jsonl', 'ultrafeedback', 'trl-conversational', {}, 3],
    ['pku.jsonl', 'pku', 'flat', { pkuPreference: 'better' }, 2],
    ['pku.jsonl', 'pku', 'flat', { pkuPreference: 'safer' }, 2],
  ])('%s as %s → %s', async (name, format, shape, extra, count) => {
    expect(await expectRoundTrip(fixture(name), format, shape, extra)).toBe(count);
  });
});

describe('edited pairs and other shapes', () => {
  it('writes edited texts and flags into the source layout', async () => {
    const { pairs } = await collect(fixture('flat.csv'), { format: 'flat' });
    const pair = { ...storedPair(pairs[0]!), chosen: 'two', tie: true };
    expect(exportObject('flat', pair)).toEqual({
      prompt: 'What is 1+1?',
      chosen: 'two',
      rejected: '3',
      tie: true,
      margin: '0.5',
      split: 'train',
      source: 'csv',
    });
    const conv = await collect(fixture('trl-conversational.jsonl'), { format: 'trl-conversational' });
    const named = { ...storedPair(conv.pairs[2]!), chosen: 'Hey Bob.' };
    expect(exportObject('trl-conversational', named)).toEqual({
      prompt: [{ role: 'user', content: 'Hi', name: 'bob' }],
      chosen: [{ content: 'Hey Bob.', role: 'assistant' }],
      rejected: [{ role: 'assistant', content: 'Who are you?' }],
    });
  });

  it('renders a proper HH transcript for pairs from non-HH sources', async () => {
    const conv = await collect(fixture('trl-conversational.jsonl'), { format: 'trl-conversational' });
    expect(exportObject('hh', storedPair(conv.pairs[1]!))).toEqual({
      chosen: 'Be brief.\n\nHuman: Capital of Italy?\n\nAssistant: Rome.',
      rejected: 'Be brief.\n\nHuman: Capital of Italy?\n\nAssistant: Milan, probably.',
      id: 'c2',
    });
    const flat = await collect(fixture('flat.jsonl'), { format: 'flat' });
    expect(exportObject('hh', storedPair(flat.pairs[0]!))).toEqual({
      chosen: '\n\nHuman: What is the capital of France?\n\nAssistant: Paris.',
      rejected: '\n\nHuman: What is the capital of France?\n\nAssistant: Lyon.',
    });
  });

  it('exports canonical flat and conversational rows for pairs from other formats', async () => {
    const hh = await collect(fixture('hh-edge.jsonl'), { format: 'hh' });
    const pair = storedPair(hh.pairs[4]!);
    expect(exportObject('flat', pair)).toEqual({
      prompt: '\n\nHuman: Name a color\n\nAssistant:',
      chosen: ' Blue.',
      rejected: ' Loud.',
      split: 'train',
      id: 'hh-7',
      meta: { source: 'fixture', score: 0.5 },
    });
    expect(exportObject('trl-conversational', pair)).toEqual({
      prompt: [{ role: 'user', content: 'Name a color' }],
      chosen: [{ role: 'assistant', content: ' Blue.' }],
      rejected: [{ role: 'assistant', content: ' Loud.' }],
      id: 'hh-7',
      meta: { source: 'fixture', score: 0.5 },
    });
    const uf = await collect(fixture('ultrafeedback.jsonl'), { format: 'ultrafeedback' });
    expect(exportObject('flat', storedPair(uf.pairs[1]!))).toMatchObject({
      prompt: 'Is water wet?',
      tie: true,
      margin: 0,
      prompt_id: 'p2',
    });
  });
});
