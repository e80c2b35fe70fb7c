// Benchmark: pair-list pages, search, margin sorts and exact totals on 1,000,000 pairs and scores (npx tsx bench/page-query.ts).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import type { Origin, PageQuery, Split, SortKey } from '../src-main/shared/dto';
import { openProject } from '../src-main/store/project';
import type { NewPair, ProjectDb, ScoreInput } from '../src-main/store/types';

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

/**
 * One reward model's scores for every pair: margins spread around +0.8 (about 30% below zero, as a model that
 * ranks 70% of pairs right), rounded to 1/1000 so many pairs tie on each margin.
 */
function scoreAll(project: ProjectDb): number {
  const rand = prng(7);
  const model = project.models.create({ name: 'bench-rm', kind: 'reward' }).id;
  const started = performance.now();
  let batch: ScoreInput[] = [];
  let done = 0;
  for (const { id } of project.pairs.iterate({}, 5000)) {
    const noise = (rand() + rand() + rand() - 1.5) * 3;
    batch.push({ pairId: id, rChosen: Math.round((0.8 + noise) * 1000) / 1000, rRejected: 0 });
    if (batch.length === BATCH) {
      const rows = batch;
      project.transaction(() => project.scores.upsertMany(model, rows));
      done += rows.length;
      batch = [];
      if ((done / BATCH) % 10 === 0) {
        process.stdout.write(
          `  scored ${done} pairs (${Math.round(done / ((performance.now() - started) / 1000))}/s)\n`,
        );
      }
    }
  }
  const rest = batch;
  project.transaction(() => project.scores.upsertMany(model, rest));
  return model;
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
    const t1 = performance.now();
    const modelId = scoreAll(project);
    const scoreSeconds = (performance.now() - t1) / 1000;
    console.log(`Scored in ${scoreSeconds.toFixed(1)} s`);

    const filters: [string, Partial<PageQuery>][] = [
      ['all', {}],
      ['dataset=hh-small', { datasetId: datasets[2] as number }],
      ['origin=discovered', { origin: 'discovered' }],
      ['split=validation', { split: 'validation' }],
      ['dataset=hh-small+origin=discovered', { datasetId: datasets[2] as number, origin: 'discovered' }],
      ['dataset=hh-large+split=test', { datasetId: datasets[0] as number, split: 'test' }],
      ['origin=edited+split=test', { origin: 'edited', split: 'test' }],
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
    const marginFilters: [string, Partial<PageQuery>][] = [
      ['scored', { modelId }],
      ['|m| in [0.5,1]', { modelId, absMarginMin: 0.5, absMarginMax: 1 }],
      ['|m| >= 3', { modelId, absMarginMin: 3 }],
      ['disagree', { modelId, disagree: true }],
    ];
    for (const [label, base] of marginFilters) {
      for (const scope of [{}, { datasetId: datasets[2] as number }]) {
        const where = 'datasetId' in scope ? `${label} dataset=hh-small` : label;
        const filter = { ...base, ...scope };
        for (const [sort, dir] of [
          ['margin', 'asc'],
          ['margin', 'desc'],
          ['absMargin', 'asc'],
          ['id', 'asc'],
        ] as const) {
          const q: PageQuery = { ...filter, sort, dir, limit: 50 };
          record(`first ${where} ${sort} ${dir}`, () => project.pairs.page(q));
          const after = cursorAfter(project, q, 10);
          record(`deep(11) ${where} ${sort} ${dir}`, () => project.pairs.page({ ...q, after }));
          record(`deep(11) ${where} ${sort} ${dir} withTotal=false`, () =>
            project.pairs.page({ ...q, after, withTotal: false }),
          );
        }
        record(`total ${where}`, () => project.pairs.count(filter));
      }
    }
    record('margin page + search "steal"', () =>
      project.pairs.page({ modelId, search: 'steal', sort: 'margin', limit: 50 }),
    );
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
      `\n${'case'.padEnd(56)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'rows'.padStart(8)}`,
    );
    for (const r of results) {
      console.log(
        `${r.case.padEnd(56)} ${r.p50.toFixed(3).padStart(8)} ${r.p95.toFixed(3).padStart(8)} ${String(r.rows).padStart(8)}`,
      );
    }
    const round = (n: number) => Math.round(n * 1000) / 1000;
    console.log(
      JSON.stringify({
        bench: 'page-query',
        pairs: TOTAL,
        buildSeconds: round(buildSeconds),
        scoreSeconds: round(scoreSeconds),
        results: results.map((r) => ({ ...r, p50: round(r.p50), p95: round(r.p95) })),
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
