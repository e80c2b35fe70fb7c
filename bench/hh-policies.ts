// A project holding the Anthropic HH-RLHF sample (../shared/data/hh-rlhf) and an aligned and a misaligned policy
// trained on its training split by the app's own jobs (import.start, policy.train), for REFORM benches on real data.
// Built once per settings and kept in a cache folder (a marker JSON beside the project says it is complete), like the
// demo policies of bench/reform-compare.ts.
// Usage: PREFSTUDIO_BACKEND=wasm nice -n 10 npx tsx bench/hh-policies.ts --cache /tmp/reform-policies-hh
//          [--steps 300] [--batch-size 8] [--preset tiny] [--seed 1]
// In code: `const path = await hhPolicyProject('/tmp/reform-policies-hh', { steps: 300 })`; then copy the project
// (and its .artifacts folder) before changing it, as reform-compare.ts does with the demo one.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PolicyPreset } from '../src-main/shared/policy-dto';
import { benchStudio } from './studio-calls';

/** The HH sample, beside the repository (the project's data folder convention). */
export const HH_SAMPLE = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/data/hh-rlhf/harmless-base-test-sample.jsonl.gz');

export interface HhPolicyOptions {
  /** Optimiser steps per policy (the app's default: 300). */
  steps?: number;
  /** Examples per step (the app's default: 8). */
  batchSize?: number;
  preset?: PolicyPreset;
  /** Seed of the import's validation split and of both policies. */
  seed?: number;
  /** Progress lines (default: console.log). */
  log?: (line: string) => void;
}

/** What the marker file records: the settings and, per role, the job and the policy's metrics. */
export interface HhPolicyMarker {
  settings: Required<Omit<HhPolicyOptions, 'log'>>;
  pairs: number;
  policies: Record<'aligned' | 'misaligned', { modelId: number; jobId: string; wallSeconds: number; metrics: Record<string, unknown> }>;
}

const keyOf = (s: Required<Omit<HhPolicyOptions, 'log'>>): string => `hh-${s.preset}-steps${s.steps}-b${s.batchSize}-seed${s.seed}`;

/**
 * The path of a project with the HH sample imported (the app's seeded 90/10 train/validation split) and both
 * policies trained on its training split; built on first call, then taken from `cacheDir`.
 */
export async function hhPolicyProject(cacheDir: string, opts: HhPolicyOptions = {}): Promise<string> {
  const settings = { steps: opts.steps ?? 300, batchSize: opts.batchSize ?? 8, preset: opts.preset ?? 'tiny', seed: opts.seed ?? 1 };
  const log = opts.log ?? ((line: string) => console.log(line));
  mkdirSync(cacheDir, { recursive: true });
  const key = keyOf(settings);
  const path = join(cacheDir, `${key}.prefstudio`);
  const marker = join(cacheDir, `${key}.json`);
  if (existsSync(marker)) {
    log(`HH policies from ${path}`);
    return path;
  }
  if (!existsSync(HH_SAMPLE)) throw new Error(`the HH sample is not at ${HH_SAMPLE}`);
  // A half-built project from an interrupted run is rebuilt from scratch: its jobs and models would be ambiguous.
  rmSync(path, { force: true });
  rmSync(path.replace(/\.prefstudio$/, '.artifacts'), { recursive: true, force: true });
  const { call, finished, close } = benchStudio();
  try {
    await call('project.open', { path, create: true });
    await finished(await call('import.start', { path: HH_SAMPLE, format: 'hh', splitSeed: settings.seed, datasetName: 'hh-harmless-sample' }));
    const pairs = (await call('project.stats', {})).pairs;
    log(`HH sample imported: ${pairs} pairs in ${path}`);
    const policies: Partial<HhPolicyMarker['policies']> = {};
    for (const role of ['aligned', 'misaligned'] as const) {
      const t0 = performance.now();
      const job = await finished(
        await call('policy.train', { role, preset: settings.preset, steps: settings.steps, batchSize: settings.batchSize, seed: settings.seed, name: `${role} (HH bench)` }),
      );
      const modelId = Number(job.result?.['modelId']);
      const policy = (await call('policy.list', {})).find((p) => p.id === modelId);
      const { history: _curve, ...metrics } = policy?.metrics ?? { history: [] };
      const wallSeconds = (performance.now() - t0) / 1000;
      policies[role] = { modelId, jobId: job.id, wallSeconds, metrics };
      log(`${role} policy ${modelId}: ${wallSeconds.toFixed(0)} s, ${JSON.stringify(metrics)}`);
    }
    const done: HhPolicyMarker = { settings, pairs, policies: policies as HhPolicyMarker['policies'] };
    writeFileSync(marker, JSON.stringify(done, null, 2));
    return path;
  } finally {
    await close();
  }
}

/** The marker of a filled cache entry (settings, pairs, per-role metrics), or null when it is not built yet. */
export function hhPolicyMarker(projectPath: string): HhPolicyMarker | null {
  const marker = projectPath.replace(/\.prefstudio$/, '.json');
  return existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as HhPolicyMarker) : null;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      cache: { type: 'string' },
      steps: { type: 'string', default: '300' },
      'batch-size': { type: 'string', default: '8' },
      preset: { type: 'string', default: 'tiny' },
      seed: { type: 'string', default: '1' },
    },
  });
  if (!values.cache) throw new Error('usage: npx tsx bench/hh-policies.ts --cache DIR [--steps N] [--batch-size N] [--preset P] [--seed N]');
  process.env['PREFSTUDIO_BACKEND'] ??= 'wasm';
  const path = await hhPolicyProject(values.cache, {
    steps: Number(values.steps),
    batchSize: Number(values['batch-size']),
    preset: PolicyPreset.parse(values.preset),
    seed: Number(values.seed),
  });
  console.log(path);
}
