// Time to train one preset on the HH sample as the train job splits it (1,080 training pairs: the 10% validation
// share held out), through foldMargins (tokeniser, n-gram, out-of-fold offsets, transformer, scoring the held-out
// pairs). Prints wall seconds and the process's CPU seconds: the ML runs single-threaded on wasm, so on a shared
// machine the CPU seconds are what the same run takes on one idle core. Usage: npx tsx bench/reference/train-time.ts combined
import type { TextPair } from '../../src-main/jobs/reward/pairs-data';
import { foldMargins } from '../../src-main/jobs/reward/fold-train';
import type { ModelPreset } from '../../src-main/shared/dto';
import { loadHH, wasmTf } from '../../test/main/engine/train/fixtures';

const preset = (process.argv[2] ?? 'combined') as ModelPreset;
const hh = loadHH();
if (!hh) throw new Error('HH sample not found at ../shared/data/hh-rlhf/');
const pairs: TextPair[] = hh.map((p, i) => ({ ...p, id: i, split: 'train', strength: null }));
const tf = await wasmTf();
const cpu = process.cpuUsage();
const started = performance.now();
const margins = await foldMargins(preset, pairs.slice(0, 1080), pairs.slice(1080), { seed: 1, signal: new AbortController().signal, backend: () => Promise.resolve(tf) });
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({
  preset,
  trainPairs: 1080,
  heldOutAccuracy: +(margins.filter((m) => m > 0).length / margins.length).toFixed(3),
  wallSeconds: +((performance.now() - started) / 1000).toFixed(1),
  cpuSeconds: +((used.user + used.system) / 1e6).toFixed(1),
}));
