// Streams pairs to a JSONL file (optionally gzip), hashing the bytes as they are written, and returns the manifest's counts.
import { gzipSync } from 'node:zlib';
import type { ExportShape, Pair } from '../shared/dto';
import { AtomicFile } from './atomic-file';
import { formatExportRow } from './format-row';

export interface ExportResult {
  rows: number;
  byOrigin: Record<string, number>;
  bySplit: Record<string, number>;
  /** sha256 hex of the file's bytes. */
  sha256: string;
  bytes: number;
}

export interface WriteExportOptions {
  signal?: AbortSignal;
  /** Writes gzip members of about a mebibyte each: one valid .gz file (RFC 1952 allows members back to back). */
  gzip?: boolean;
}

/** Bytes gathered before one write (and one gzip member): few system calls, bounded memory. */
const CHUNK_BYTES = 1 << 20;

export function countInto(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/**
 * Writes beside the target and renames at the end, after an fsync, so a cancelled or failed export never
 * leaves a truncated file under the real name (and an existing file stays whole until the new one is complete).
 */
export async function writeExport(
  pairs: Iterable<Pair> | AsyncIterable<Pair>,
  outPath: string,
  shape: ExportShape,
  onProgress?: (rows: number) => void,
  options: WriteExportOptions = {},
): Promise<ExportResult> {
  const file = new AtomicFile(outPath);
  const result: ExportResult = { rows: 0, byOrigin: {}, bySplit: {}, sha256: '', bytes: 0 };
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = (): void => {
    if (pendingBytes === 0) return;
    const chunk = Buffer.concat(pending, pendingBytes);
    file.write(options.gzip === true ? gzipSync(chunk) : chunk);
    pending = [];
    pendingBytes = 0;
  };
  try {
    for await (const pair of pairs) {
      options.signal?.throwIfAborted();
      const line = Buffer.from(`${formatExportRow(shape, pair)}\n`, 'utf8');
      pending.push(line);
      pendingBytes += line.length;
      if (pendingBytes >= CHUNK_BYTES) flush();
      result.rows++;
      countInto(result.byOrigin, pair.origin);
      countInto(result.bySplit, pair.split);
      onProgress?.(result.rows);
    }
    flush();
    result.bytes = file.bytes;
    result.sha256 = file.commit();
  } catch (err) {
    file.abort();
    throw err;
  }
  return result;
}
