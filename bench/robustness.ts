// Robustness suite on the demo and the HH sample for the default reward model: trains one model per data set,
// runs every perturbation family through the app's own `robustness` job and prints the table with standard errors.
// Usage: PREFSTUDIO_BACKEND=wasm npx tsx bench/robustness.ts [--data demo|hh|both] [--demo-pairs 1500] [--preset tiny]
//        [--epochs N] [--hh-train 1000] [--hh-validation 200] [--seed 1]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createNodeStudio } from '../src-main/services/node-studio';
import type { MethodInput, MethodName, MethodOutput } from '../src-main/shared/contract';
import { ModelPreset, type Job } from '../src-main/shared/dto';
import type { RobustnessReport } from '../src-main/shared/robustness-dto';
import { formatRobustness } from '../src-main/transports/cli/robustness-commands';
import { writeHHFiles } from './mars/compare-data';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: 'both' },
    'demo-pairs': { type: 'string', default: '1500' },
    preset: { type: 'string', default: 'tiny' },
    epochs: { type: 'string' },
    'hh-train': { type: 'string', default: '1000' },
    'hh-validation': { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
  },
});
const preset = ModelPreset.parse(values.preset);
const seed = Number(values.seed);

const studio = createNodeStudio({ log: () => undefined });
const final = new Set(['done', 'failed', 'cancelled', 'interrupted']);

async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const r = await studio.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as MethodOutput<M>;
}

async function finished(job: Job): Promise<Job> {
  for (;;) {
    const j = await call('jobs.get', { id: job.id });
    if (final.has(j.state)) {
      if (j.state !== 'done') throw new Error(`${j.kind} job ${j.state}: ${j.error?.message ?? ''}`);
      return j;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function measure(label: string, load: () => Promise<void>): Promise<void> {
  const t0 = performance.now();
  await load();
  const train = await finished(
    await call('train.start', { preset, seed, ...(values.epochs ? { epochs: Number(values.epochs) } : {}) }),
  );
  const modelId = Number(train.params['modelId']);
  const t1 = performance.now();
  const job = await finished(await call('robustness.start', { modelIds: [modelId], seed }));
  const t2 = performance.now();
  const report = job.result as RobustnessReport & { heldOut: number };
  process.stdout.write(
    `\n## ${label}: preset ${preset}, seed ${seed}, ${report.heldOut} held-out pairs ` +
      `(load + train ${((t1 - t0) / 1000).toFixed(0)} s, suite ${((t2 - t1) / 1000).toFixed(0)} s)\n\n`,
  );
  process.stdout.write(formatRobustness(report));
}

const dir = mkdtempSync(join(tmpdir(), 'prefstudio-bench-robust-'));
try {
  if (values.data !== 'hh') {
    await call('project.open', { path: join(dir, 'demo.prefstudio'), create: true });
    await measure('demo', async () => {
      await finished(await call('demo.start', { pairs: Number(values['demo-pairs']), seed: 7 }));
    });
  }
  if (values.data !== 'demo') {
    await call('project.open', { path: join(dir, 'hh.prefstudio'), create: true });
    await measure('HH sample', async () => {
      const files = writeHHFiles(dir, Number(values['hh-train']), Number(values['hh-validation']));
      await finished(await call('import.start', { path: files.train, split: 'train' }));
      await finished(await call('import.start', { path: files.validation, split: 'validation' }));
    });
  }
} finally {
  await studio.close();
  rmSync(dir, { recursive: true, force: true });
}
