// Held-out accuracy of presets on the built-in demo data (1,500 pairs, seed 1, its own validation split), trained as
// the cv job trains them; prints one JSON line per preset. Usage: npx tsx bench/reference/demo-presets.ts ngram,combined
import { generateDemoPairs } from '../../src-main/demo/generate';
import { foldMargins } from '../../src-main/jobs/reward/fold-train';
import type { TextPair } from '../../src-main/jobs/reward/pairs-data';
import type { ModelPreset } from '../../src-main/shared/dto';
import { wasmTf } from '../../test/main/engine/train/fixtures';

const demo: TextPair[] = generateDemoPairs({ pairs: 1500, seed: 1 }).map((p, i) => ({ ...p, id: i, strength: null }));
const train = demo.filter((p) => p.split === 'train');
const held = demo.filter((p) => p.split === 'validation');
const tf = await wasmTf();
for (const preset of (process.argv[2] ?? 'ngram,combined').split(',') as ModelPreset[]) {
  const started = performance.now();
  const margins = await foldMargins(preset, train, held, { seed: 1, signal: new AbortController().signal, backend: () => Promise.resolve(tf) });
  const accuracy = margins.filter((m) => m > 0).length / margins.length;
  const se = Math.sqrt((accuracy * (1 - accuracy)) / margins.length);
  console.log(JSON.stringify({ preset, heldOut: held.length, accuracy: +accuracy.toFixed(4), se: +se.toFixed(4), seconds: +((performance.now() - started) / 1000).toFixed(1) }));
}
