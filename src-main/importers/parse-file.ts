// The whole-file pipeline the import job drives: records → parsed rows → duplicate check, in line order, with byte progress and resume.
import { basename } from 'node:path';
import type { ImportFormat } from '../shared/dto';
import { detectFormat, type Detection } from './detect';
import { DuplicateTracker } from './duplicates';
import { parseRecord } from './parse-row';
import { readRecords } from './read-records';
import type { ParseOptions, ParsedRow, ReadOptions } from './types';

export interface ParseFileOptions extends ReadOptions {
  /** Duplicate tracker to use (seed it with stored hashes when resuming); a fresh one by default. */
  tracker?: DuplicateTracker;
  /** Resume: records starting on or before this line are skipped before they are decoded. */
  afterLine?: number;
}

/** Every non-blank record of the file as a pair or an issue (duplicates included), in line order. */
export async function* parseFile(
  path: string,
  options: ParseOptions,
  opts: ParseFileOptions = {},
): AsyncGenerator<ParsedRow> {
  const file = basename(path);
  const tracker = opts.tracker ?? new DuplicateTracker();
  const afterLine = opts.afterLine ?? 0;
  for await (const record of readRecords(path, opts)) {
    if (record.line <= afterLine) continue;
    const row = parseRecord(record, file, options);
    if (!row.ok) {
      yield row;
      continue;
    }
    const duplicate = tracker.check(row.pair, file);
    yield duplicate === null ? row : { ok: false, issue: duplicate };
  }
}

/** The first rows of a file decoded as JSON (malformed ones skipped), for detection and field listing. */
export async function sampleObjects(path: string, max = 50, opts: ReadOptions = {}): Promise<unknown[]> {
  const objects: unknown[] = [];
  let seen = 0;
  for await (const record of readRecords(path, opts)) {
    if (++seen > max * 4 || objects.length >= max) break;
    if (record.value !== undefined) objects.push(record.value);
    else if (record.error === undefined) {
      try {
        objects.push(JSON.parse(record.text));
      } catch {
        // Detection looks at shape only; malformed lines are reported by the import itself.
      }
    }
  }
  return objects;
}

/** Detection for a file: a user override wins (and is taken as certain), else the sample decides. */
export async function detectFileFormat(
  path: string,
  override?: ImportFormat,
  opts: ReadOptions = {},
): Promise<Detection> {
  const detection = detectFormat(await sampleObjects(path, 50, opts), path);
  return override === undefined ? detection : { format: override, confident: true, fields: detection.fields };
}
