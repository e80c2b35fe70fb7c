// Parquet export throughput and memory: streams N generated pairs (default 1M) through the exporter's ParquetStream; prints rows/s and peak RSS.
// Usage: npx tsx bench/export-parquet.ts [rows]   (RSS is sampled every row group; constant memory shows as a flat peak across sizes)
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rowValues, type RowContext } from '../src-main/exporters/parquet-columns';
import { ParquetStream, ROW_GROUP } from '../src-main/exporters/parquet-stream';
import type { Pair } from '../src-main/shared/dto';

const rows = Number(process.argv[2] ?? 1_000_000);
const words = ['the', 'model', 'prefers', 'a', 'careful', 'answer', 'that', 'cites', 'its', 'sources', 'and', 'not', 'guess'];

function text(seed: number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(words[(seed * 31 + i * 7) % words.length] ?? '');
  return `${out.join(' ')} #${seed}`;
}

/** Pairs of HH-like size (~60-word responses), generated on the fly so the source costs no memory. */
function* pairs(): Generator<Pair> {
  for (let i = 1; i <= rows; i++) {
    yield {
      id: i, datasetId: 1, prompt: `\n\nHuman: ${text(i, 20)}\n\nAssistant:`, chosen: ` ${text(i + 1, 60)}`, rejected: ` ${text(i + 2, 55)}`,
      promptMessages: null, tie: false, strength: null, split: i % 10 === 0 ? 'validation' : 'train', origin: i % 20 === 0 ? 'augmented' : 'original',
      parentId: i % 20 === 0 ? i - 1 : null, round: i % 20 === 0 ? 1 : null, modelId: null,
      provenance: i % 20 === 0 ? { operator: 'synonym' } : null, sourceFormat: 'hh', sourceLine: i, extra: null,
      contentHash: i.toString(16).padStart(64, '0'), createdAt: '2026-01-01T00:00:00.000Z', reviewStatus: null,
    };
  }
}

const ctx: RowContext = { datasetName: () => 'bench', sourceFile: () => 'bench.jsonl', margin: () => null };
const dir = mkdtempSync(join(tmpdir(), 'ps-bench-parquet-'));
const out = join(dir, 'bench.parquet');
const rssAt = (): number => process.memoryUsage().rss / 2 ** 20;
const baseRss = rssAt();
let peak = baseRss;
const rssAtRows: string[] = [];
const t0 = performance.now();
const stream = new ParquetStream(out, 'bench');
let n = 0;
for (const pair of pairs()) {
  stream.add(rowValues(pair, ctx));
  if (++n % ROW_GROUP === 0) peak = Math.max(peak, rssAt());
  if (n % (rows / 4) === 0) rssAtRows.push(`${n.toLocaleString('en')}: ${rssAt().toFixed(0)} MiB`);
}
stream.commit();
const seconds = (performance.now() - t0) / 1000;
const size = statSync(out).size / 2 ** 20;
console.log(`parquet export: ${rows.toLocaleString('en')} pairs in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds).toLocaleString('en')} rows/s; file ${size.toFixed(0)} MiB`);
console.log(`RSS: start ${baseRss.toFixed(0)} MiB, peak ${peak.toFixed(0)} MiB (sampled every ${ROW_GROUP.toLocaleString('en')} rows); by quarter: ${rssAtRows.join(', ')}`);
rmSync(dir, { recursive: true, force: true });
