// Streams pairs to a JSONL file with backpressure, hashing the bytes as they are written, and returns the manifest's counts.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { ExportShape, Pair } from '../shared/dto';
import { formatExportRow } from './format-row';

export interface ExportResult {
  rows: number;
  byOrigin: Record<string, number>;
  /** sha256 hex of the file's bytes. */
  sha256: string;
  bytes: number;
}

export interface WriteExportOptions {
  signal?: AbortSignal;
}

/**
 * Writes to `<outPath>.partial` and renames at the end, so a cancelled or failed export never
 * leaves a truncated file under the real name.
 */
export async function writeExport(
  pairs: Iterable<Pair> | AsyncIterable<Pair>,
  outPath: string,
  shape: ExportShape,
  onProgress?: (rows: number) => void,
  options: WriteExportOptions = {},
): Promise<ExportResult> {
  const partial = `${outPath}.partial`;
  const out = createWriteStream(partial);
  const failed = once(out, 'error').then(([err]) => Promise.reject(err as Error));
  failed.catch(() => undefined);
  const hash = createHash('sha256');
  const result: ExportResult = { rows: 0, byOrigin: {}, sha256: '', bytes: 0 };
  try {
    for await (const pair of pairs) {
      options.signal?.throwIfAborted();
      const line = Buffer.from(`${formatExportRow(shape, pair)}\n`, 'utf8');
      hash.update(line);
      result.bytes += line.length;
      result.rows++;
      result.byOrigin[pair.origin] = (result.byOrigin[pair.origin] ?? 0) + 1;
      if (!out.write(line)) await Promise.race([once(out, 'drain'), failed]);
      onProgress?.(result.rows);
    }
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
    await rename(partial, outPath);
  } catch (err) {
    out.destroy();
    await rm(partial, { force: true });
    throw err;
  }
  result.sha256 = hash.digest('hex');
  return result;
}
