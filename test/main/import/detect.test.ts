// Format detection from sample rows and file names, and the import preview built on it.
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src-main/importers/detect';
import { detectFileFormat } from '../../../src-main/importers/parse-file';
import { previewFile } from '../../../src-main/importers/preview';
import { HH_SAMPLE, HH_SKIP_NOTE, fixture, hasHhSample } from './helpers';

describe('detectFormat', () => {
  it.each([
    ['flat.jsonl', 'flat', true],
    ['flat.csv', 'flat', true],
    ['flat-aliases.json', 'flat', true],
    ['trl-conversational.jsonl', 'trl-conversational', true],
    ['ultrafeedback.jsonl', 'ultrafeedback', true],
    ['pku.jsonl', 'pku', true],
    // One row has no turn markers, so the HH vote is not unanimous.
    ['hh-edge.jsonl', 'hh', false],
    // Unrecognised columns: flat, and the UI must ask for a mapping.
    ['flat-nested.jsonl', 'flat', false],
  ])('%s → %s (confident: %s)', async (name, format, confident) => {
    const detection = await detectFileFormat(fixture(name));
    expect([detection.format, detection.confident]).toEqual([format, confident]);
  });

  it('tells trl-standard implicit rows from HH transcripts', () => {
    expect(detectFormat([{ chosen: 'The sky is blue', rejected: 'The sky is red' }], 'x.jsonl').format).toBe(
      'trl-standard',
    );
    expect(
      detectFormat(
        [{ chosen: '\n\nHuman: a\n\nAssistant: b', rejected: '\n\nHuman: a\n\nAssistant: c' }],
        'x.jsonl',
      ).format,
    ).toBe('hh');
  });

  it('falls back on the file name, unsure, when no row can be classified', () => {
    expect(detectFormat([{ foo: 1 }], '/data/ultrafeedback_binarized.jsonl')).toEqual({
      format: 'ultrafeedback',
      confident: false,
      fields: ['foo'],
    });
    expect(detectFormat([], 'rows.jsonl')).toEqual({ format: 'flat', confident: false, fields: [] });
  });

  it('lists fields in first-seen order and lets a user override win', async () => {
    const detection = await detectFileFormat(fixture('flat.jsonl'), 'trl-standard');
    expect(detection.format).toBe('trl-standard');
    expect(detection.fields).toEqual([
      'prompt',
      'chosen',
      'rejected',
      'id',
      'tie',
      'margin',
      'split',
      'annotator',
      'notes',
    ]);
  });
});

describe('previewFile', () => {
  it.skipIf(!hasHhSample)(`previews the HH sample without writing anything${HH_SKIP_NOTE}`, async () => {
    const preview = await previewFile(HH_SAMPLE, {}, 5);
    expect(preview).toMatchObject({
      format: 'hh',
      detected: true,
      fields: ['chosen', 'rejected'],
      issues: [],
      linesRead: 5,
    });
    expect(preview.sample.map((s) => s.line)).toEqual([1, 2, 3, 4, 5]);
    expect(preview.sample[0]?.prompt.startsWith('\n\nHuman: what are some pranks with a pen')).toBe(true);
  });

  it('reports issues alongside valid rows and honours a user format and mapping', async () => {
    const errors = await previewFile(fixture('errors.jsonl'), { format: 'flat' }, 20);
    expect(errors.detected).toBe(false);
    expect(errors.sample.map((s) => s.line)).toEqual([1, 12]);
    expect(errors.issues).toHaveLength(8);
    expect(errors.linesRead).toBe(12);
    const mapped = await previewFile(fixture('flat-nested.jsonl'), {
      format: 'flat',
      mapping: { prompt: 'data.q', chosen: 'data.good', rejected: 'data.bad' },
    });
    expect(mapped.sample.map((s) => s.chosen)).toEqual(['Jupiter', '2']);
    expect(mapped.fields).toEqual(['id', 'data', 'tags']);
  });
});
