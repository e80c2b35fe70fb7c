// 5-fold CV on the whole HH sample (fold = line index mod 5), saving every pair's held-out margin per model part, so
// that variants can be compared pair by pair on the same folds and combined afterwards (ensembles, stacking) by
// bench/reference/cv-analyse.ts. Parts: `ngram` (default config), `<preset>-s<seed>` (a transformer preset trained
// alone), `resid-s<seed>` (the tiny transformer on the n-gram model's out-of-fold residual: the combined preset's
// transformer half). Already saved parts are skipped, so an interrupted sweep resumes.
// Usage: nice -n 10 npx tsx bench/reference/cv-margins.ts ngram,resid-s1,tiny-s1 [bench/reference/results/hh-cv-margins.json]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DEFAULT_NGRAM_CONFIG } from '../../src-main/engine/ngram/model';
import { trainNgram } from '../../src-main/engine/ngram/train';
import { ngramOutOfFoldMargins, residualPairs } from '../../src-main/jobs/reward/combined';
import { transformerMargins, type FoldOptions } from '../../src-main/jobs/reward/fold-train';
import type { TextPair } from '../../src-main/jobs/reward/pairs-data';
import type { PresetName } from '../../src-main/engine/model/config';
import { loadHH, wasmTf } from '../../test/main/engine/train/fixtures';

export const FOLDS = 5;

/** One part's held-out margin for every pair (index = line of the sample) and its wall time over all folds. */
export interface SavedPart {
  margins: number[];
  seconds: number;
}

const hh = loadHH();
if (!hh) throw new Error('HH sample not found at ../shared/data/hh-rlhf/');
const pairs: TextPair[] = hh.map((p, i) => ({ ...p, id: i, split: 'train', strength: null }));
const [list = 'ngram', file = 'bench/reference/results/hh-cv-margins.json'] = process.argv.slice(2);
const saved: Record<string, SavedPart> = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, SavedPart>) : {};
const tf = await wasmTf();

async function foldPart(part: string, train: TextPair[], test: TextPair[], o: FoldOptions): Promise<number[]> {
  if (part === 'ngram') {
    const { model } = trainNgram(train, DEFAULT_NGRAM_CONFIG);
    return test.map((p) => model.scorePair(p.chosen, p.rejected).margin);
  }
  const [, name, seed] = /^(.+)-s(\d+)$/.exec(part) ?? [];
  if (!name || !seed) throw new Error(`unknown part ${part}`);
  const opts = { ...o, seed: Number(seed) };
  if (name === 'resid') return transformerMargins('tiny', residualPairs(train, ngramOutOfFoldMargins(train), false), test, true, opts);
  return transformerMargins(name as PresetName, train, test, false, opts);
}

for (const part of list.split(',')) {
  if (saved[part]) {
    console.log(`${part}: already saved`);
    continue;
  }
  const started = performance.now();
  const margins = new Array<number>(pairs.length).fill(0);
  for (let f = 0; f < FOLDS; f++) {
    const train = pairs.filter((_, i) => i % FOLDS !== f);
    const testIdx = pairs.map((_, i) => i).filter((i) => i % FOLDS === f);
    const m = await foldPart(part, train, testIdx.map((i) => pairs[i]!), { seed: 1, signal: new AbortController().signal, backend: () => Promise.resolve(tf) });
    testIdx.forEach((i, k) => (margins[i] = m[k]!));
    console.log(`${part} fold ${f}: ${(m.filter((x) => x > 0).length / m.length).toFixed(3)} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  saved[part] = { margins: margins.map((x) => +x.toFixed(6)), seconds: +((performance.now() - started) / 1000).toFixed(1) };
  writeFileSync(file, JSON.stringify(saved));
}
