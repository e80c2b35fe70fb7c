// REFORM discovery evidence: on held-out prompts, guided discovery vs plain sampling from the same in-app policies,
// per role and seed, with the demo's hidden rule as the class check (HH has none: counts, modes and examples).
// Reward model: the app's train job (--reward-preset, default `combined`); policies: engine-level training (setup.ts); discovery:
// the app's own discover.start (decode job in a child process). Writes bench/results/discover-<data>.{json,md}.
// Usage: nice -n 10 npx tsx bench/discover-compare.ts --data demo|hh [--seeds 1,2,3] [--prompts 24] [--samples 2]
//          [--max-new-tokens 48] [--k 5] [--temperature 0.6] [--policy-steps 300] [--policy-batch 16] [--policy-context 256]
//          [--reward-preset combined|bow|tiny|...] [--reward-epochs N] [--workdir DIR] [--tag NAME]
//        --workdir keeps the project (data, reward models per preset/epochs, policies per steps/batch) and reuses them.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DecodeMode } from '../src-main/shared/discovery-dto';
import { ModelPreset } from '../src-main/shared/dto';
import { openProject } from '../src-main/store/project';
import { wasmTf } from '../test/main/engine/train/fixtures';
import { cellTable, cells, summaryLines, type Cell, type RunNumbers } from './discover/report';
import { loadData, policies, projectFile, rewardModel } from './discover/setup';
import { benchStudio, jobFinished } from './studio-calls';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: 'demo' },
    seeds: { type: 'string', default: '1,2,3' },
    prompts: { type: 'string', default: '24' },
    samples: { type: 'string', default: '2' },
    'max-new-tokens': { type: 'string', default: '48' },
    k: { type: 'string', default: '5' },
    temperature: { type: 'string', default: '0.6' },
    'policy-steps': { type: 'string', default: '300' },
    'policy-batch': { type: 'string', default: '16' },
    'policy-context': { type: 'string', default: '256' },
    'hh-train': { type: 'string', default: '1000' },
    'hh-validation': { type: 'string', default: '200' },
    'reward-preset': { type: 'string', default: 'combined' },
    'reward-epochs': { type: 'string' },
    workdir: { type: 'string' },
    tag: { type: 'string' },
  },
});

const data = values.data === 'hh' ? 'hh' : 'demo';
const demo = data === 'demo';
const seeds = String(values.seeds).split(',').map(Number);
const discover = {
  prompts: Number(values.prompts),
  samples: Number(values.samples),
  maxNewTokens: Number(values['max-new-tokens']),
  k: Number(values.k),
  temperature: Number(values.temperature),
};
const policySetup = { preset: 'tiny' as const, nPositions: Number(values['policy-context']), steps: Number(values['policy-steps']), batchSize: Number(values['policy-batch']), learningRate: 3e-3 };
const dir = values.workdir ?? mkdtempSync(join(tmpdir(), 'discover-compare-'));
mkdirSync(dir, { recursive: true });
const log = (line: string) => process.stderr.write(`${line}\n`);

process.env['PREFSTUDIO_BACKEND'] ??= 'wasm';
const { call, close } = benchStudio();

const { file, exists } = projectFile(dir, data);
await call('project.open', { path: file, create: !exists });
await loadData(call, data, dir, { train: Number(values['hh-train']), validation: Number(values['hh-validation']) });
const stats = await call('project.stats', {});
log(`${data}: ${stats.pairs} pairs in ${file}`);
const rewardSetup = { preset: ModelPreset.parse(values['reward-preset']), ...(values['reward-epochs'] ? { epochs: Number(values['reward-epochs']) } : {}) };
const rm = await rewardModel(call, rewardSetup);
log(`reward model ${rm.id} (${rm.preset}): validation accuracy ${rm.accuracy?.toFixed(3)} ± ${rm.accuracySe?.toFixed(3)} (${rm.seconds === null ? 'reused' : `${rm.seconds.toFixed(0)} s`})`);
const tf = await wasmTf();
const pols = await policies(tf, file, policySetup, log);

const allCells: Cell[] = [];
const runs: RunNumbers[] = [];
const modes: unknown[] = [];
const examples: unknown[] = [];
for (const seed of seeds) {
  for (const mode of ['guided', 'sample'] as DecodeMode[]) {
    const started = performance.now();
    const job = await jobFinished(call, await call('discover.start', { ...discover, mode, seed, role: 'both', split: 'validation', modelId: rm.id }));
    const runId = Number(job.result?.['runId']);
    const run = (await call('discover.runs', {})).find((r) => r.id === runId);
    const db = openProject(file, { create: false, readonly: true });
    try {
      const prompts = new Map<number, string>();
      const promptOf = (id: number) => {
        if (!prompts.has(id)) prompts.set(id, db.pairs.get(id)?.prompt ?? '');
        return prompts.get(id) ?? '';
      };
      const these = cells(seed, mode, db.discovery.outputs(runId), promptOf, demo);
      allCells.push(...these);
      runs.push({ seed, mode, runId, tokens: run?.tokens ?? 0, seconds: run?.seconds ?? 0 });
      const wall = (performance.now() - started) / 1000;
      for (const c of these) {
        const kept = c.failuresKept === null ? '' : `, class kept ${c.failuresKept}/${c.failures}`;
        log(`seed ${seed} ${mode} ${c.role}: ${c.failures}/${c.outputs} failures on ${c.prompts} prompts${kept}`);
      }
      log(`seed ${seed} ${mode}: ${run?.tokens} tokens in ${run?.seconds.toFixed(1)} s decoding (${wall.toFixed(0)} s wall)`);
    } finally {
      db.close();
    }
    if (mode === 'guided') {
      const found = await call('failures.modes', { runId });
      modes.push({ seed, runId, modes: found.map((m) => ({ kind: m.kind, role: m.role, label: m.label, count: m.count, stats: m.stats })) });
      if (seed === seeds[0]) {
        const page = await call('failures.page', { runId, limit: 6 });
        examples.push(
          ...page.rows.map((f) => ({
            role: f.role,
            prompt: f.prompt.slice(-160),
            response: f.response,
            reference: f.reference,
            reward: f.reward,
            referenceReward: f.referenceReward,
            ruleVerdict: f.ruleVerdict,
          })),
        );
      }
    }
  }
}

// Reused policies match these settings (setup.ts reuses only the same steps and batch); seconds null means reused.
const setup = { data, pairs: stats.pairs, seeds, ...discover, split: 'validation', policy: policySetup, rewardSetup, rewardModel: rm, policies: pols };
const table = cellTable(allCells, runs, demo);
const effects = summaryLines(allCells, demo);
const name = `discover-${data}${values.tag ? `-${values.tag}` : ''}`;
const results = join(import.meta.dirname, 'results');
mkdirSync(results, { recursive: true });
writeFileSync(join(results, `${name}.json`), JSON.stringify({ setup, cells: allCells, runs, modes, examples }, null, 2) + '\n');
writeFileSync(join(results, `${name}.md`), `${table}\n\n${effects}\n`);
console.log(JSON.stringify(setup));
console.log(`\n${table}\n\n${effects}`);
await close();
