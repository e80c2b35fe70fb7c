// Benchmark: pair-list pages, search and exact totals on a 1,000,000-pair project (npx tsx bench/page-query.ts).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import type { Origin, PageQuery, Split, SortKey } from '../src-main/shared/dto';
import { openProject } from '../src-main/store/project';
import type { NewPair, ProjectDb } from '../src-main/store/types';

const TOTAL = Number(process.env.BENCH_PAIRS ?? 1_000_000);
const BATCH = 10_000;
const REPS = 21;
const SORTS: SortKey[] = ['id', 'createdAt', 'promptLen', 'chosenLen', 'rejectedLen'];
const HH = resolve(import.meta.dirname, '../../shared/data/hh-rlhf/harmless-base-test-sample.jsonl.gz');

interface Seed {
  prompt: string;
  chosen: string;
  rejected: string;
}

/** Real HH-RLHF transcripts split at the last assistant turn; synthetic text only when the sample is absent. */
function loadSeeds(): Seed[] {
  if (!existsSync(HH)) {
    console.warn(`HH sample not found at ${HH}: using synthetic text`);
    return Array.from({ length: 500 }, (_, i) => ({
      prompt: `Human: question number ${i} about topic ${i % 37}?`.repeat(1 + (i % 5)),
      chosen: `A careful helpful answer ${i}. `.repeat(3 + (i % 11)),
      rejected: `A careless answer ${i}. `.repeat(2 + (i % 13)),
    }));
  }
  const marker = '\n\nAssistant:';
  return gunzipSync(readFileSync(HH))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { chosen: string; rejected: string })
    .map(({ chosen, rejected }) => {
      const cut = chosen.lastIndexOf(marker);
      return {
        prompt: chosen.slice(0, cut),
        chosen: chosen.slice(cut + marker.length).trim(),
        rejected: rejected.slice(rejected.lastIndexOf(marker) + marker.length).trim(),
      };
    });
}

/** Small deterministic PRNG so every run builds the same project. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, weighted: [T, number][]): T {
  let r = rand();
  for (const [value, weight] of weighted) {
    r -= weight;
    if (r < 0) return value;
  }
  return (weighted[weighted.length - 1] as [T, number])[0];
}

const ORIGINS: [Origin, number][] = [
  ['original', 0.85],
  ['augmented', 0.1],
  ['discovered', 0.04],
  ['edited', 0.01],
];
const SPLITS: [Split, number][] = [
  ['train', 0.8],
  ['validation', 0.1],
  ['test', 0.1],
];

/** Each pair is a real seed plus a few real words appended, so lengths vary and every pair is distinct. */
function build(project: ProjectDb, seeds: Seed[]): number[] {
  const rand = prng(42);
  const words = seeds.flatMap((s) => s.chosen.split(/\s+/)).filter((w) => w.length > 2);
  const tail = (n: number) =>
    Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(' ');
  const datasets = [
    project.datasets.create({ name: 'hh-large', sourcePath: HH, format: 'hh' }).id,
    project.datasets.create({ name: 'hh-medium', sourcePath: HH, format: 'hh' }).id,
    project.datasets.create({ name: 'hh-small', sourcePath: HH, format: 'hh' }).id,
  ];
  const started = performance.now();
  for (let done = 0; done < TOTAL; done += BATCH) {
    const batch: NewPair[] = [];
    for (let i = done; i < Math.min(TOTAL, done + BATCH); i++) {
      const seed = seeds[i % seeds.length] as Seed;
      const datasetId = (
        i < TOTAL * 0.6 ? datasets[0] : i < TOTAL * 0.9 ? datasets[1] : datasets[2]
      ) as number;
      batch.push({
        datasetId,
        prompt: seed.prompt,
        chosen: `${seed.chosen} ${tail(Math.floor(rand() * 40))} #${i}`,
        rejected: `${seed.rejected} ${tail(Math.floor(rand() * 40))}`,
        split: pick(rand, SPLITS),
        origin: pick(rand, ORIGINS),
        sourceFormat: 'hh',
        sourceLine: (i % seeds.length) + 1,
      });
    }
    project.transaction(() => project.pairs.insertMany(batch));
    if ((done / BATCH) % 10 === 9) {
      const rate = (done + BATCH) / ((performance.now() - started) / 1000);
      process.stdout.write(`  inserted ${done + BATCH} pairs (${Math.round(rate)}/s)\n`);
    }
  }
  return datasets;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] as number;
}

function time(fn: () => unknown): { p50: number; p95: number } {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 0.5), p95: percentile(samples, 0.95) };
}

/** The cursor after `pages` pages of a query, to time a deep page. */
function cursorAfter(project: ProjectDb, q: PageQuery, pages: number): string | undefined {
  let after: string | undefined;
  for (let i = 0; i < pages; i++) {
    const page = project.pairs.page({ ...q, after });
    if (page.nextCursor === null) break;
    after = page.nextCursor;
  }
  return after;
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'prefstudio-bench-'));
  const file = join(dir, 'bench.prefstudio');
  const results: { case: string; p50: number; p95: number; rows: number }[] = [];
  try {
    const seeds = loadSeeds();
    const project = openProject(file, { create: true });
    console.log(`Building ${TOTAL} pairs from ${seeds.length} seeds in ${file}`);
    const t0 = performance.now();
    const datasets = build(project, seeds);
    const buildSeconds = (performance.now() - t0) / 1000;
    console.log(`Built in ${buildSeconds.toFixed(1)} s`);

    const filters: [string, Partial<PageQuery>][] = [
      ['all', {}],
      ['dataset=hh-small', { datasetId: datasets[2] as number }],
      ['origin=discovered', { origin: 'discovered' }],
      ['split=validation', { split: 'validation' }],
    ];
    const record = (name: string, fn: () => { rows: unknown[] } | number) => {
      let rows = 0;
      const t = time(() => {
        const r = fn();
        rows = typeof r === 'number' ? r : r.rows.length;
      });
      results.push({ case: name, ...t, rows });
    };
    for (const [label, filter] of filters) {
      for (const sort of SORTS) {
        for (const dir of ['asc', 'desc'] as const) {
          const q: PageQuery = { ...filter, sort, dir, limit: 50 };
          record(`first ${label} ${sort} ${dir}`, () => project.pairs.page(q));
          const after = cursorAfter(project, q, 10);
          record(`deep(11) ${label} ${sort} ${dir}`, () => project.pairs.page({ ...q, after }));
        }
      }
      record(`total ${label}`, () => project.pairs.count(filter));
    }
    for (const search of ['recipe', 'steal', 'people', 'neighbor dog', '"make a bomb"']) {
      const q: PageQuery = { search, limit: 50 };
      record(`search "${search}" first id asc`, () => project.pairs.page(q));
      const after = cursorAfter(project, q, 10);
      record(`search "${search}" deep(11) id asc`, () => project.pairs.page({ ...q, after }));
      record(`search "${search}" promptLen desc`, () =>
        project.pairs.page({ ...q, sort: 'promptLen', dir: 'desc' }),
      );
      record(`search "${search}" total`, () => project.pairs.count({ search }));
    }
    project.close();

    // Reference: what the total would cost without the trigger-kept tallies (count over the narrowest index).
    const raw = new Database(file, { readonly: true });
    record(
      'reference: SELECT count(*) FROM pairs',
      () => raw.prepare('SELECT count(*) FROM pairs').pluck().get() as number,
    );
    record(
      'reference: count(*) WHERE split=?',
      () => raw.prepare('SELECT count(*) FROM pairs WHERE split = ?').pluck().get('validation') as number,
    );
    raw.close();

    console.log(
      `\n${'case'.padEnd(48)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'rows'.padStart(8)}`,
    );
    for (const r of results) {
      console.log(
        `${r.case.padEnd(48)} ${r.p50.toFixed(3).padStart(8)} ${r.p95.toFixed(3).padStart(8)} ${String(r.rows).padStart(8)}`,
      );
    }
    const round = (n: number) => Math.round(n * 1000) / 1000;
    console.log(
      JSON.stringify({
        bench: 'page-query',
        pairs: TOTAL,
        buildSeconds: round(buildSeconds),
        results: results.map((r) => ({ ...r, p50: round(r.p50), p95: round(r.p95) })),
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
