// Import throughput: the HH sample repeated to ~200k pairs (gzip and plain JSONL). Measures the parse pipeline
// alone, then the real import job (worker thread, SQLite batches, FTS, indexes) into a fresh project; prints
// pairs/s and peak RSS of the process.
// Run: npx tsx bench/import-throughput.ts [--pairs 200000]
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createGunzip, createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { parseFile } from '../src-main/importers/parse-file';
import { createNodeStudio } from '../src-main/services/node-studio';
import type { Job } from '../src-main/shared/dto';
import type { ParsedRow } from '../src-main/importers/types';

/** Where parsed rows go; the store-backed job plugs its SQLite writer in here. */
export interface ImportSink {
  /** Receives rows in import order, `BATCH` at a time (the job's transaction size). */
  write(batch: ParsedRow[]): void | Promise<void>;
}

export const BATCH = 1000;

export interface BenchResult {
  file: string;
  bytes: number;
  pairs: number;
  issues: number;
  seconds: number;
  pairsPerSecond: number;
  peakRssMiB: number;
  baseRssMiB: number;
}

const SAMPLE = fileURLToPath(
  new URL('../../shared/data/hh-rlhf/harmless-base-test-sample.jsonl.gz', import.meta.url),
);

async function sampleLines(): Promise<{ chosen: string; rejected: string }[]> {
  const rows: { chosen: string; rejected: string }[] = [];
  const input = createReadStream(SAMPLE).pipe(createGunzip());
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim() !== '') rows.push(JSON.parse(line) as { chosen: string; rejected: string });
  }
  return rows;
}

/** Writes `pairs` rows: copy k prefixes both transcripts with "Copy k." so no row duplicates another. */
export async function writeCorpus(path: string, pairs: number, gzip: boolean): Promise<void> {
  const rows = await sampleLines();
  const file = createWriteStream(path);
  const zip = gzip ? createGzip({ level: 6 }) : null;
  if (zip !== null) zip.pipe(file);
  const out: Writable = zip ?? file;
  for (let i = 0; i < pairs; i++) {
    const row = rows[i % rows.length];
    if (row === undefined) break;
    const copy = `Copy ${Math.floor(i / rows.length)}.`;
    const line = `${JSON.stringify({ chosen: copy + row.chosen, rejected: copy + row.rejected })}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(file, 'close');
}

/** Parses one file through parseFile (decode, validate, dedupe) into the sink; RSS sampled throughout. */
export async function runBench(path: string, sink: ImportSink): Promise<BenchResult> {
  global.gc?.();
  const baseRss = process.memoryUsage().rss;
  let peakRss = baseRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const started = process.hrtime.bigint();
  let pairs = 0;
  let issues = 0;
  let batch: ParsedRow[] = [];
  for await (const row of parseFile(path, { format: 'hh', pkuPreference: 'better' })) {
    if (row.ok) pairs++;
    else issues++;
    batch.push(row);
    if (batch.length === BATCH) {
      await sink.write(batch);
      batch = [];
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
  }
  if (batch.length > 0) await sink.write(batch);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  const mib = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;
  return {
    file: path,
    bytes: statSync(path).size,
    pairs,
    issues,
    seconds: Math.round(seconds * 100) / 100,
    pairsPerSecond: Math.round(pairs / seconds),
    peakRssMiB: mib(peakRss),
    baseRssMiB: mib(baseRss),
  };
}

/** The whole import as users run it: `import.start` on a new project, until the job reports done. */
async function runJobBench(path: string, project: string): Promise<{ pairs: number; seconds: number; pairsPerSecond: number; peakRssMiB: number }> {
  const studio = createNodeStudio({ log: () => undefined });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  try {
    const opened = await studio.dispatch('project.open', { path: project, create: true });
    if (!opened.ok) throw new Error(opened.error.message);
    const started = process.hrtime.bigint();
    const done = new Promise<Job>((resolve) =>
      studio.onEvent((e) => e.type === 'job' && ['done', 'failed'].includes(e.job.state) && resolve(e.job)),
    );
    const r = await studio.dispatch('import.start', { path });
    if (!r.ok) throw new Error(r.error.message);
    const job = await done;
    if (job.state !== 'done') throw new Error(`import ${job.state}: ${job.error?.message}`);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const pairs = Number(job.result?.pairs);
    return { pairs, seconds: Math.round(seconds * 100) / 100, pairsPerSecond: Math.round(pairs / seconds), peakRssMiB: Math.round(peakRss / 2 ** 20) };
  } finally {
    clearInterval(sampler);
    await studio.close();
  }
}

/** Counts rows and drops them: measures the parse pipeline alone. */
export const discardSink: ImportSink = { write: () => undefined };

async function main(): Promise<void> {
  const arg = process.argv.indexOf('--pairs');
  const pairs = arg > 0 ? Number(process.argv[arg + 1]) : 200_000;
  const dir = mkdtempSync(join(tmpdir(), 'ps-bench-import-'));
  try {
    for (const gzip of [true, false]) {
      const path = join(dir, gzip ? 'hh-repeated.jsonl.gz' : 'hh-repeated.jsonl');
      await writeCorpus(path, pairs, gzip);
      const result = await runBench(path, discardSink);
      console.log(
        `${gzip ? 'gzip ' : 'plain'}  ${(result.bytes / 2 ** 20).toFixed(1)} MiB on disk  ${result.pairs} pairs + ${result.issues} issues  ` +
          `${result.seconds} s  ${result.pairsPerSecond} pairs/s  peak RSS ${result.peakRssMiB} MiB (start ${result.baseRssMiB} MiB)`,
      );
      const job = await runJobBench(path, join(dir, gzip ? 'gz.prefstudio' : 'plain.prefstudio'));
      console.log(
        `${gzip ? 'gzip ' : 'plain'}  import job into SQLite: ${job.pairs} pairs  ${job.seconds} s  ${job.pairsPerSecond} pairs/s  peak RSS ${job.peakRssMiB} MiB`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
