// MARS evidence at equal budget: no augmentation, uniform, MARS-|Δ| and MARS-signed, each run from the same base
// model per seed on its own copy of the project, on the demo data (whose hidden rule also checks that variants kept
// their labels) and on the HH sample (first 1,000 lines train, last 200 validation). Drives the app's own jobs
// through the contract; writes bench/results/mars-compare.json and bench/README-mars.md.
// Usage: PREFSTUDIO_BACKEND=wasm npx tsx bench/mars-compare.ts [--data demo|hh|both] [--seeds 1,2,3] [--rounds 2]
//          [--demo-pairs 800] [--preset tiny] [--quick] [--keep] [--workdir DIR]
//        --workdir keeps the projects in DIR and resumes there: loaded data, trained base models and finished arms
//        are reused (their seconds are then unknown, null), an arm cut short is redone from a fresh copy.
//        npx tsx bench/mars-compare.ts --report   (rebuilds the README from the JSON)
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ModelPreset, type RewardMetrics } from '../src-main/shared/dto';
import type { MarsOptions, MarsRound } from '../src-main/shared/mars-dto';
import { demoLabelCheck, sourceSpread, writeHHFiles } from './mars/compare-data';
import {
  ARM_NAMES,
  dataSection,
  verdict,
  type ArmRun,
  type DataResult,
  type RoundNumbers,
} from './mars/compare-report';
import { benchStudio } from './studio-calls';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: 'both' },
    seeds: { type: 'string', default: '1,2,3' },
    rounds: { type: 'string', default: '2' },
    'demo-pairs': { type: 'string', default: '800' },
    preset: { type: 'string', default: 'tiny' },
    quick: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    workdir: { type: 'string' },
    report: { type: 'boolean', default: false },
  },
});

/** The demo generator's seed is fixed: seeds vary the models and the augmentation, never the data. */
const DEMO_SEED = 7;
const SELECT_SHARE = 0.1;
/** The app's default budget, made explicit so every augmenting arm spends the same. */
const BUDGET_PER_SELECTED = 5;
const quick = values.quick === true;
const RESULTS_DIR = join(import.meta.dirname, 'results');
const RESULTS = quick ? join(tmpdir(), 'mars-compare-quick.json') : join(RESULTS_DIR, 'mars-compare.json');
const README = join(import.meta.dirname, 'README-mars.md');
const seeds = quick ? [1] : String(values.seeds).split(',').map(Number);
const rounds = quick ? 1 : Number(values.rounds);
const preset = ModelPreset.parse(values.preset);
const demoPairs = quick ? 200 : Number(values['demo-pairs']);
const hhSizes = quick ? { train: 150, validation: 50 } : { train: 1000, validation: 200 };
const datasets = values.data === 'both' ? ['demo', 'hh'] : [String(values.data)];

interface ResultsFile {
  command: Record<string, string>;
  results: Record<string, DataResult>;
}

function loadResults(): ResultsFile {
  if (!existsSync(RESULTS)) return { command: {}, results: {} };
  return JSON.parse(readFileSync(RESULTS, 'utf8')) as ResultsFile;
}

/** Hand-written reading of the numbers below this line in the README survives regeneration. */
const NOTES_MARK = '<!-- notes below are hand-written and kept when the tables are regenerated -->';

function keptNotes(): string[] {
  if (!existsSync(README)) return [NOTES_MARK];
  const text = readFileSync(README, 'utf8');
  const at = text.indexOf(NOTES_MARK);
  return [at < 0 ? NOTES_MARK : text.slice(at).trimEnd()];
}

function readme(file: ResultsFile): string {
  const sections = Object.values(file.results).map(dataSection);
  const commands = Object.entries(file.command).map(([data, cmd]) => `- ${data}: \`${cmd}\``);
  return [
    '# MARS at equal budget: does margin-aware augmentation beat uniform?',
    '',
    'Written by `bench/mars-compare.ts` from `bench/results/mars-compare.json`. Per seed one base model (preset',
    'below, trained by `train.start` with that seed) is copied into four projects, one per arm, and `mars.start` runs',
    'there with `baseModelId` = that model, the same seed, the same select share and the same explicit budget per',
    'round (`budget: 0` for the no-augmentation arm, which retrains on the originals only for the same rounds), the',
    'default offline operators and `approve: "auto"`. Round 0 is the base model; rounds 1.. are the retrained',
    'models, scored on the held-out originals. Numbers are mean ± std over seeds. "crossed" counts originals whose',
    "margin changed sign against the round's source model (to correct / to wrong).",
    '',
    'Commands:',
    '',
    ...commands,
    '',
    ...sections.flatMap((s) => [s, '']),
    ...keptNotes(),
    '',
  ].join('\n');
}

/**
 * Seeds run by separate processes (or a rerun of some seeds) land in one result: an earlier result with the same
 * setup keeps its other seeds; one with a different setup is replaced.
 */
function merged(earlier: DataResult | undefined, result: DataResult): DataResult {
  const same = (a: DataResult, b: DataResult) =>
    JSON.stringify([a.setup, a.budget, a.rounds, a.preset, a.selectShare]) ===
    JSON.stringify([b.setup, b.budget, b.rounds, b.preset, b.selectShare]);
  if (earlier === undefined || !same(earlier, result)) return result;
  const mine = new Set(result.seeds);
  const others = (seed: number) => !mine.has(seed);
  return {
    ...result,
    seeds: [...earlier.seeds.filter(others), ...result.seeds].sort((a, b) => a - b),
    base: [...earlier.base.filter((b) => others(b.seed)), ...result.base],
    arms: [...earlier.arms.filter((a) => others(a.seed)), ...result.arms],
  };
}

function save(result: DataResult, command: string): void {
  const file = loadResults();
  file.results[result.data] = merged(file.results[result.data], result);
  file.command[result.data] = command;
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(RESULTS, JSON.stringify(file, null, 2) + '\n');
  if (!quick) writeFileSync(README, readme(file));
}

if (values.report) {
  const file = loadResults();
  writeFileSync(README, readme(file));
  for (const r of Object.values(file.results)) console.log(`\n${dataSection(r)}`);
  process.exit(0);
}

process.env['PREFSTUDIO_BACKEND'] ??= 'wasm';
const { call, finished, close } = benchStudio();

function numbers(round: number, m: RewardMetrics | null | undefined): RoundNumbers {
  return {
    round,
    selected: 0,
    spent: 0,
    accuracy: m?.accuracy ?? null,
    loss: m?.meanLoss ?? null,
    snr: m?.marginSnr ?? null,
    toCorrect: null,
    toWrong: null,
  };
}

/** Copies a closed project and its artifacts folder (the studio must have another project open: WAL). */
function copyProject(from: string, to: string): void {
  cpSync(from, to);
  const artifacts = from.replace(/\.prefstudio$/, '.artifacts');
  if (existsSync(artifacts))
    cpSync(artifacts, to.replace(/\.prefstudio$/, '.artifacts'), { recursive: true });
}

/** Fills the data project unless an earlier run did; returns what was asked for and what the importer kept. */
async function loadData(data: string, dir: string): Promise<Record<string, number | string>> {
  const loaded = (await call('project.stats', {})).pairs > 0;
  if (data === 'demo') {
    if (!loaded) await finished(await call('demo.start', { pairs: demoPairs, seed: DEMO_SEED }));
    return { demoPairs, demoSeed: DEMO_SEED };
  }
  const files = writeHHFiles(dir, hhSizes.train, hhSizes.validation);
  if (!loaded) {
    for (const split of ['train', 'validation'] as const) {
      await finished(
        await call('import.start', { path: files[split], format: 'hh', split, datasetName: `hh-${split}` }),
      );
    }
  }
  const setup: Record<string, number | string> = {
    trainLines: files.trainLines,
    validationLines: files.validationLines,
  };
  // The import jobs' own counts, read back from the project (the same whether this run or an earlier one imported).
  for (const job of await call('jobs.list', { limit: 50 })) {
    const split = job.kind === 'import' ? String(job.params['split']) : '';
    if (split !== 'train' && split !== 'validation') continue;
    setup[`${split}Rejected`] = Number(job.result?.['errors'] ?? 0);
    setup[`${split}Duplicates`] = Number(job.result?.['duplicates'] ?? 0);
  }
  return setup;
}

/** A base model an earlier run on this workdir trained, if any. */
async function earlierBase(path: string, seed: number): Promise<number | null> {
  if (!existsSync(path)) return null;
  await call('project.open', { path, create: false });
  const model = (await call('models.list', {})).find(
    (m) => m.name === `base seed ${seed}` && m.status === 'ready',
  );
  return model?.id ?? null;
}

/** The ledger of a run an earlier run on this workdir finished, if any. */
async function earlierArm(path: string): Promise<MarsRound[] | null> {
  if (!existsSync(path)) return null;
  await call('project.open', { path, create: false });
  const run = (await call('mars.runs', {})).find((r) => r.status === 'done');
  return run === undefined ? null : call('mars.rounds', { runId: run.id });
}

/** Removes a project and everything SQLite and the app keep beside it. */
function removeProject(path: string): void {
  for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
  rmSync(path.replace(/\.prefstudio$/, '.artifacts'), { recursive: true, force: true });
}

/** One arm from a fresh copy of the base project (or the ledger an earlier run on the workdir finished). */
async function runArm(
  arm: (typeof ARM_NAMES)[number],
  seed: number,
  paths: { base: string; arm: string; scratch: string },
  options: MarsOptions,
): Promise<ArmRun> {
  let ledger = await earlierArm(paths.arm);
  let seconds: number | null = null;
  if (ledger === null) {
    await call('project.open', { path: paths.scratch, create: false });
    removeProject(paths.arm);
    copyProject(paths.base, paths.arm);
    await call('project.open', { path: paths.arm, create: false });
    const t0 = performance.now();
    const job = await finished(await call('mars.start', options));
    seconds = (performance.now() - t0) / 1000;
    ledger = await call('mars.rounds', { runId: Number(job.result?.['runId']) });
  }
  await call('project.open', { path: paths.scratch, create: false });
  const operators: Record<string, number> = {};
  for (const r of ledger) {
    for (const [op, n] of Object.entries(r.operatorBudget)) operators[op] = (operators[op] ?? 0) + n;
  }
  return {
    arm,
    seed,
    seconds,
    operators,
    rounds: ledger.map((r) => ({
      ...numbers(r.round, r.validation),
      selected: r.selected,
      spent: r.spent,
      toCorrect: r.crossed?.toCorrect ?? null,
      toWrong: r.crossed?.toWrong ?? null,
    })),
  };
}

async function runData(data: string): Promise<DataResult> {
  const dir = values.workdir ?? mkdtempSync(join(tmpdir(), `mars-compare-${data}-`));
  mkdirSync(dir, { recursive: true });
  const scratch = join(dir, 'scratch.prefstudio');
  const dataProject = join(dir, 'data.prefstudio');
  await call('project.open', { path: dataProject, create: true });
  const setup = await loadData(data, dir);
  const stats = await call('project.stats', {});
  const trainPairs = stats.bySplit['train'] ?? 0;
  setup['trainPairs'] = trainPairs;
  setup['validationPairs'] = stats.bySplit['validation'] ?? 0;
  await call('project.open', { path: scratch, create: true });
  const selected = Math.ceil(SELECT_SHARE * trainPairs);
  const result: DataResult = {
    // Demo results are kept per pair count: how hard the demo is depends on it.
    data: data === 'demo' ? `demo-${demoPairs}` : data,
    setup,
    budget: BUDGET_PER_SELECTED * selected,
    selectShare: SELECT_SHARE,
    rounds,
    preset,
    seeds: [],
    base: [],
    arms: [],
    finishedAt: '',
  };
  const command =
    `PREFSTUDIO_BACKEND=wasm npx tsx bench/mars-compare.ts ${process.argv.slice(2).join(' ')}`.trim();
  process.stderr.write(`${data}: ${JSON.stringify(setup)}; budget ${result.budget} per round\n`);
  const secondsText = (s: number | null) => (s === null ? 'earlier run' : `${s.toFixed(0)} s`);
  for (const seed of seeds) {
    const base = join(dir, `seed${seed}-base.prefstudio`);
    let baseModelId = await earlierBase(base, seed);
    let baseSeconds: number | null = null;
    if (baseModelId === null) {
      await call('project.open', { path: scratch, create: false });
      removeProject(base);
      copyProject(dataProject, base);
      await call('project.open', { path: base, create: false });
      const t0 = performance.now();
      const trained = await finished(await call('train.start', { preset, seed, name: `base seed ${seed}` }));
      baseModelId = Number(trained.result?.['modelId']);
      baseSeconds = (performance.now() - t0) / 1000;
    }
    const model = await call('models.get', { id: baseModelId });
    result.seeds.push(seed);
    result.base.push({ ...numbers(0, model.metrics?.validation), seed, seconds: baseSeconds });
    process.stderr.write(
      `${data} seed ${seed} base: accuracy ${model.metrics?.validation?.accuracy.toFixed(3)} (${secondsText(baseSeconds)})\n`,
    );
    await call('project.open', { path: scratch, create: false });
    for (const arm of ARM_NAMES) {
      const path = join(dir, `seed${seed}-${ARM_NAMES.indexOf(arm)}.prefstudio`);
      const run = await runArm(
        arm,
        seed,
        { base, arm: path, scratch },
        {
          name: arm,
          rounds,
          budget: arm === 'no augmentation' ? 0 : result.budget,
          selectShare: SELECT_SHARE,
          weighting: arm === 'uniform' ? 'uniform' : arm === 'MARS-|Δ|' ? 'abs' : 'signed',
          approve: 'auto',
          seed,
          baseModelId,
          preset,
        },
      );
      if (data === 'demo') run.labels = demoLabelCheck(path);
      run.sources = sourceSpread(path);
      result.arms.push(run);
      process.stderr.write(
        `${data} seed ${seed} ${arm}: accuracy ${run.rounds.map((r) => r.accuracy?.toFixed(3)).join(' → ')}, spent ${run.rounds.map((r) => r.spent).join('+')} (${secondsText(run.seconds)})\n`,
      );
      if (!values.keep) rmSync(path.replace(/\.prefstudio$/, '.artifacts'), { recursive: true, force: true });
      result.finishedAt = new Date().toISOString();
      // Saved after every arm: a run cut short still leaves what it finished (the table counts runs per row).
      save(result, command);
    }
  }
  if (!values.keep && values.workdir === undefined) rmSync(dir, { recursive: true, force: true });
  return result;
}

const t0 = performance.now();
const done: DataResult[] = [];
for (const data of datasets) done.push(await runData(data));
await close();
for (const r of done) console.log(`\n${dataSection(r)}`);
console.log('\nVerdict:');
for (const r of done) console.log(`- ${verdict(r)}`);
console.log(`\nTotal ${((performance.now() - t0) / 60_000).toFixed(1)} min; results in ${RESULTS}`);
