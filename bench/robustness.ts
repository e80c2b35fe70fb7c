// Robustness suite on the demo and the HH sample for the default reward model: trains one model per data set,
// runs every perturbation family through the app's own `robustness` job and prints the table with standard errors.
// Usage: PREFSTUDIO_BACKEND=wasm npx tsx bench/robustness.ts [--data demo|hh|both] [--demo-pairs 1500] [--preset tiny]
//        [--epochs N] [--hh-train 1000] [--hh-validation 200] [--seed 1]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ModelPreset } from '../src-main/shared/dto';
import type { RobustnessReport } from '../src-main/shared/robustness-dto';
import { formatRobustness } from '../src-main/transports/cli/robustness-commands';
import { writeHHFiles } from './mars/compare-data';
import { benchStudio } from './studio-calls';

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

const { call, finished, close } = benchStudio();

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
  await close();
  rmSync(dir, { recursive: true, force: true });
}
