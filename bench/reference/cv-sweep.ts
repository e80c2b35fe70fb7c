// 5-fold cross-validation on the whole HH sample (fold = line index mod 5, the folds tfidf_cv.py uses): presets as
// the cv job trains them, or n-gram variants. Prints one JSON line per preset/variant: accuracy ± SE, folds, seconds.
// Usage: npx tsx bench/reference/cv-sweep.ts presets ngram,tiny,combined
//        npx tsx bench/reference/cv-sweep.ts ngram '[{},{"c":1},{"lengthFeature":false}]'
import { DEFAULT_NGRAM_CONFIG, type NgramConfig } from '../../src-main/engine/ngram/model';
import { trainNgram } from '../../src-main/engine/ngram/train';
import { foldMargins } from '../../src-main/jobs/reward/fold-train';
import type { TextPair } from '../../src-main/jobs/reward/pairs-data';
import type { ModelPreset } from '../../src-main/shared/dto';
import { loadHH, wasmTf } from '../../test/main/engine/train/fixtures';

const FOLDS = 5;
const hh = loadHH();
if (!hh) throw new Error('HH sample not found at ../shared/data/hh-rlhf/');
const pairs: TextPair[] = hh.map((p, i) => ({ ...p, id: i, split: 'train', strength: null }));

function report(name: string, margins: number[][], seconds: number): void {
  const perFold = margins.map((m) => m.filter((x) => x > 0).length / m.length);
  const n = margins.flat().length;
  const accuracy = margins.flat().filter((x) => x > 0).length / n;
  const se = Math.sqrt((accuracy * (1 - accuracy)) / n);
  console.log(JSON.stringify({ name, accuracy: +accuracy.toFixed(4), se: +se.toFixed(4), folds: perFold.map((a) => +a.toFixed(3)), seconds: +seconds.toFixed(1) }));
}

const split = (f: number): [TextPair[], TextPair[]] => [pairs.filter((_, i) => i % FOLDS !== f), pairs.filter((_, i) => i % FOLDS === f)];
const [mode = 'presets', arg = 'ngram'] = process.argv.slice(2);
if (mode === 'presets') {
  const tf = await wasmTf();
  for (const preset of arg.split(',') as ModelPreset[]) {
    const started = performance.now();
    const margins: number[][] = [];
    for (let f = 0; f < FOLDS; f++) {
      const [train, test] = split(f);
      margins.push(await foldMargins(preset, train, test, { seed: 1, signal: new AbortController().signal, backend: () => Promise.resolve(tf) }));
    }
    report(preset, margins, (performance.now() - started) / 1000);
  }
} else {
  for (const variant of JSON.parse(arg) as Partial<NgramConfig>[]) {
    const started = performance.now();
    const margins: number[][] = [];
    for (let f = 0; f < FOLDS; f++) {
      const [train, test] = split(f);
      const { model } = trainNgram(train, { ...DEFAULT_NGRAM_CONFIG, ...variant });
      margins.push(test.map((p) => model.scorePair(p.chosen, p.rejected).margin));
    }
    report(`ngram ${JSON.stringify(variant)}`, margins, (performance.now() - started) / 1000);
  }
}
