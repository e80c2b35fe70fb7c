// Writes a Hugging Face data-set folder: data/<split>-00000-of-00001.parquet per split, streamed; the card and manifest come after.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Pair } from '../shared/dto';
import { syncFolder } from './atomic-file';
import { rowValues, type RowContext } from './parquet-columns';
import { ParquetStream } from './parquet-stream';
import { countInto } from './write-export';

export interface FolderFile {
  file: string;
  sha256: string;
  bytes: number;
  rows: number | null;
}

export interface FolderResult {
  rows: number;
  byOrigin: Record<string, number>;
  bySplit: Record<string, number>;
  byReview: Record<string, number>;
  byOperator: Record<string, number>;
  byRole: Record<string, number>;
  files: FolderFile[];
  /** Split → relative path of its Parquet file. */
  splitFiles: Record<string, string>;
}

export function splitFileName(split: string): string {
  return `data/${split}-00000-of-00001.parquet`;
}

/** A folder built beside the target: `finish` moves it into place (replacing an old one only then), `abort` removes it. */
export class StagedFolder {
  readonly staging: string;

  constructor(readonly path: string) {
    this.staging = `${path}.partial-${process.pid}`;
    rmSync(this.staging, { recursive: true, force: true });
    mkdirSync(join(this.staging, 'data'), { recursive: true });
  }

  finish(): void {
    syncFolder(join(this.staging, 'data'));
    syncFolder(this.staging);
    const old = `${this.path}.old-${process.pid}`;
    const replacing = existsSync(this.path);
    if (replacing) renameSync(this.path, old);
    renameSync(this.staging, this.path);
    if (replacing) rmSync(old, { recursive: true, force: true });
    syncFolder(dirname(this.path));
  }

  abort(): void {
    rmSync(this.staging, { recursive: true, force: true });
  }
}

/** Streams pairs into one Parquet file per split inside `folder.staging`. */
export async function writeSplitParquet(
  pairs: Iterable<Pair> | AsyncIterable<Pair>,
  folder: StagedFolder,
  rowCtx: RowContext,
  createdBy: string,
  signal?: AbortSignal,
): Promise<FolderResult> {
  const streams = new Map<string, ParquetStream>();
  const result: FolderResult = { rows: 0, byOrigin: {}, bySplit: {}, byReview: {}, byOperator: {}, byRole: {}, files: [], splitFiles: {} };
  try {
    for await (const pair of pairs) {
      signal?.throwIfAborted();
      let stream = streams.get(pair.split);
      if (stream === undefined) {
        stream = new ParquetStream(join(folder.staging, splitFileName(pair.split)), createdBy);
        streams.set(pair.split, stream);
      }
      stream.add(rowValues(pair, rowCtx));
      result.rows++;
      countInto(result.byOrigin, pair.origin);
      countInto(result.bySplit, pair.split);
      countInto(result.byReview, pair.reviewStatus ?? 'not reviewed');
      const operator = pair.provenance?.operator;
      if (pair.origin === 'augmented' && typeof operator === 'string') countInto(result.byOperator, operator);
      const role = pair.provenance?.role;
      if (pair.origin === 'discovered' && typeof role === 'string') countInto(result.byRole, role);
    }
    // Splits in their usual order, so the card lists train first.
    for (const split of ['train', 'validation', 'test']) {
      const stream = streams.get(split);
      if (stream === undefined) continue;
      const { sha256, bytes } = stream.commit();
      streams.delete(split);
      result.splitFiles[split] = splitFileName(split);
      result.files.push({ file: splitFileName(split), sha256, bytes, rows: stream.rows });
    }
  } catch (err) {
    for (const stream of streams.values()) stream.abort();
    throw err;
  }
  return result;
}
