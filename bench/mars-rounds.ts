// MARS at equal budget: no augmentation, uniform, MARS-|Δ| and MARS-signed, each from the same base model per seed,
// on the demo data (whose hidden rule checks that variants kept their labels) and on the HH sample (1,000 / 200).
// Runs the app's own jobs through the contract. Each (data, seed) writes bench/results/mars-<data>-<seed>.json;
// `--report` prints the tables from every file there.
// Usage: npx tsx bench/mars-rounds.ts --data demo|demo-noisy|hh --seeds 1,2,3 [--rounds 2] [--demo-pairs 600]
//        npx tsx bench/mars-rounds.ts --report
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { demoQuality } from '../src-main/demo/generate';
import { createNodeStudio } from '../src-main/services/node-studio';
import type { MethodInput, MethodName, MethodOutput } from '../src-main/shared/contract';
import type { Job } from '../src-main/shared/dto';
import type { Weighting } from '../src-main/shared/mars-dto';
import { openProject } from '../src-main/store/project';
import { summarise, type ArmResult, type SeedResult } from './mars/report';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: 'demo' },
    seeds: { type: 'string', default: '1,2,3' },
    rounds: { type: 'string', default: '2' },
    'demo-pairs': { type: 'string', default: '600' },
    select: { type: 'string', default: '0.1' },
    report: { type: 'boolean', default: false },
  },
});
const RESULTS = join(import.meta.dirname, 'results');
const HH = join(
  import.meta.dirname,
  '..',
  '..',
  'shared',
  'data',
  'hh-rlhf',
  'harmless-base-test-sample.jsonl.gz',
);
const ARMS: Array<{ arm: string; weighting: Weighting; augment: boolean }> = [
  { arm: 'no augmentation', weighting: 'signed', augment: false },
  { arm: 'uniform', weighting: 'uniform', augment: true },
  { arm: 'MARS-|Δ|', weighting: 'abs', augment: true },
  { arm: 'MARS-signed', weighting: 'signed', augment: true },
];

if (values.report) {
  const files = readdirSync(RESULTS).filter((f) => /^mars-.*\.json$/.test(f));
  const all = files.map((f) => JSON.parse(readFileSync(join(RESULTS, f), 'utf8')) as SeedResult);
  process.stdout.write(summarise(all));
  process.exit(0);
}

process.env['PREFSTUDIO_BACKEND'] ??= 'wasm';
const studio = createNodeStudio({ log: () => undefined });
async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const r = await studio.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as MethodOutput<M>;
}
async function finished(job: Job): Promise<Job> {
  for (;;) {
    const now = await call('jobs.get', { id: job.id });
    if (['done', 'failed', 'cancelled', 'interrupted'].includes(now.state)) {
      if (now.state !== 'done') throw new Error(`${now.kind} job ${now.state}: ${now.error?.message ?? ''}`);
      return now;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** HH lines 1–1000 train, 1001–1200 validation, as two temporary files (the sample is never copied elsewhere). */
function hhFiles(dir: string): { train: string; validation: string } {
  const lines = gunzipSync(readFileSync(HH))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const train = join(dir, 'hh-train.jsonl');
  const validation = join(dir, 'hh-validation.jsonl');
  writeFileSync(train, lines.slice(0, 1000).join('\n') + '\n');
  writeFileSync(validation, lines.slice(1000, 1200).join('\n') + '\n');
  return { train, validation };
}

async function loadData(data: string, seed: number, dir: string): Promise<void> {
  if (data === 'hh') {
    const files = hhFiles(dir);
    await finished(
      await call('import.start', {
        path: files.train,
        format: 'hh',
        split: 'train',
        datasetName: 'hh-train',
      }),
    );
    await finished(
      await call('import.start', {
        path: files.validation,
        format: 'hh',
        split: 'validation',
        datasetName: 'hh-val',
      }),
    );
  } else {
    const labelNoise = data === 'demo-noisy' ? 0.05 : 0;
    await finished(
      await call('demo.start', { pairs: Number(values['demo-pairs']), seed: 100 + seed, labelNoise }),
    );
  }
}

/** Share of augmented pairs whose hidden-rule preference matches their source pair's, per operator (demo only). */
function labelCheck(path: string): Record<string, { kept: number; total: number }> {
  const db = openProject(path, { create: false, readonly: true });
  const prefers = (p: { prompt: string; chosen: string; rejected: string }) =>
    Math.sign(demoQuality(p.prompt, p.chosen) - demoQuality(p.prompt, p.rejected));
  const out: Record<string, { kept: number; total: number }> = {};
  const add = (key: string, kept: boolean) => {
    const e = (out[key] ??= { kept: 0, total: 0 });
    e.total++;
    if (kept) e.kept++;
  };
  try {
    for (const p of db.pairs.iterate({ origin: 'augmented' })) {
      const source = db.pairs.get(p.parentId as number);
      if (source === null) continue;
      const kept = prefers(p) === prefers(source);
      add('all', kept);
      for (const op of (p.provenance?.['operators'] as string[] | undefined) ?? []) add(op, kept);
    }
    for (const p of db.pairs.iterate({ origin: 'original' }))
      add('originals (rule agrees with label)', prefers(p) > 0);
  } finally {
    db.close();
  }
  return out;
}

async function runSeed(data: string, seed: number): Promise<SeedResult> {
  const dir = mkdtempSync(join(tmpdir(), `mars-bench-${data}-${seed}-`));
  const base = join(dir, 'base.prefstudio');
  await call('project.open', { path: base, create: true });
  await loadData(data, seed, dir);
  const started = Date.now();
  const trained = await finished(await call('train.start', { preset: 'tiny', seed }));
  const baseModelId = Number(trained.result?.['modelId']);
  const baseModel = await call('models.get', { id: baseModelId });
  const trainPairs = (await call('project.stats', {})).bySplit['train'] ?? 0;
  const selectShare = Number(values.select);
  const budget = 5 * Math.ceil(selectShare * trainPairs);
  const result: SeedResult = {
    data,
    seed,
    trainPairs,
    validationPairs: baseModel.metrics?.validation?.pairs ?? 0,
    budget,
    baseSeconds: (Date.now() - started) / 1000,
    base: {
      accuracy: baseModel.metrics?.validation?.accuracy ?? null,
      loss: baseModel.metrics?.validation?.meanLoss ?? null,
      snr: baseModel.metrics?.validation?.marginSnr ?? null,
    },
    arms: [],
  };
  // The arms must not see each other's variants: each gets its own copy of the project with the base model.
  await call('project.open', { path: join(dir, 'scratch.prefstudio'), create: true });
  for (const arm of ARMS) {
    const path = join(dir, `${arm.weighting}-${arm.augment}.prefstudio`);
    cpSync(base, path);
    cpSync(join(dir, 'base.artifacts'), join(dir, `${arm.weighting}-${arm.augment}.artifacts`), {
      recursive: true,
    });
    await call('project.open', { path, create: false });
    const t0 = Date.now();
    const job = await finished(
      await call('mars.start', {
        rounds: Number(values.rounds),
        budget: arm.augment ? budget : 0,
        selectShare,
        weighting: arm.weighting,
        baseModelId,
        seed,
        name: arm.arm,
      }),
    );
    const rounds = await call('mars.rounds', { runId: Number(job.result?.['runId']) });
    await call('project.open', { path: join(dir, 'scratch.prefstudio'), create: false });
    const armResult: ArmResult = {
      arm: arm.arm,
      seconds: (Date.now() - t0) / 1000,
      rounds: rounds.map((r) => ({
        round: r.round,
        spent: r.spent,
        accuracy: r.validation?.accuracy ?? null,
        loss: r.validation?.meanLoss ?? null,
        snr: r.validation?.marginSnr ?? null,
        toCorrect: r.crossed?.toCorrect ?? 0,
        toWrong: r.crossed?.toWrong ?? 0,
        operators: r.operatorBudget,
      })),
      ...(data.startsWith('demo') ? { labels: labelCheck(path) } : {}),
    };
    result.arms.push(armResult);
    process.stderr.write(
      `${data} seed ${seed} ${arm.arm}: ${armResult.rounds.map((r) => r.accuracy?.toFixed(3)).join(' → ')} (${armResult.seconds.toFixed(0)} s)\n`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
  return result;
}

mkdirSync(RESULTS, { recursive: true });
for (const seed of String(values.seeds).split(',').map(Number)) {
  const result = await runSeed(String(values.data), seed);
  writeFileSync(join(RESULTS, `mars-${result.data}-${seed}.json`), JSON.stringify(result, null, 2) + '\n');
}
await studio.close();
