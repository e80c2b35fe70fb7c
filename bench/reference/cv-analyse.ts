// Reads the held-out margins saved by cv-margins.ts (and ngram-features.ts, tfidf_cv.py --save) and prints, as markdown rows, the 5-fold
// accuracy ± SE of every model built from them — parts alone, sums, seed ensembles, a stacked combination — and the
// paired differences between models on the same pairs (mean of per-pair correctness differences ± its SE).
// Usage: npx tsx bench/reference/cv-analyse.ts [bench/reference/results/hh-cv-margins.json]
import { existsSync, readFileSync } from 'node:fs';
import { loadHH } from '../../test/main/engine/train/fixtures';
import type { SavedPart } from './cv-margins';

const FOLDS = 5;
const file = process.argv[2] ?? 'bench/reference/results/hh-cv-margins.json';
const parts: Record<string, SavedPart> = JSON.parse(readFileSync(file, 'utf8')) as Record<string, SavedPart>;
const sklearnFile = 'bench/reference/results/hh-cv-sklearn.json';
if (existsSync(sklearnFile)) {
  for (const [name, margins] of Object.entries(JSON.parse(readFileSync(sklearnFile, 'utf8')) as Record<string, number[]>)) parts[name] = { margins, seconds: 0 };
}
const featuresFile = 'bench/reference/results/hh-cv-ngram-features.json';
if (existsSync(featuresFile)) Object.assign(parts, JSON.parse(readFileSync(featuresFile, 'utf8')) as Record<string, SavedPart>);
const hh = loadHH();
if (!hh) throw new Error('HH sample not found at ../shared/data/hh-rlhf/');
const n = hh.length;
// "The shorter response wins", as tfidf_cv.py counts it (characters; equal lengths count as wrong).
parts.shorter = { margins: hh.map((p) => (p.chosen.length < p.rejected.length ? 1 : -1)), seconds: 0 };

const has = (...names: string[]): boolean => names.every((k) => parts[k] !== undefined);
const m = (k: string): number[] => parts[k]!.margins;
const sum = (...ms: number[][]): number[] => ms[0]!.map((_, i) => ms.reduce((s, x) => s + x[i]!, 0));
const mean = (...ms: number[][]): number[] => sum(...ms).map((x) => x / ms.length);

/**
 * Stacking: r = a·r1 + b·r2 with (a, b) fitted by Bradley–Terry logistic regression (Newton, no intercept) on the
 * held-out margins of the other four folds, applied to this fold. Those margins came from models that saw this
 * fold's pairs in training, but this fold's labels never enter the fit of (a, b).
 */
function stacked(x1: number[], x2: number[]): number[] {
  const out = new Array<number>(n).fill(0);
  for (let f = 0; f < FOLDS; f++) {
    let a = 1;
    let b = 1;
    for (let it = 0; it < 50; it++) {
      let [ga, gb, haa, hab, hbb] = [1e-4 * a, 1e-4 * b, 1e-4, 0, 1e-4];
      for (let i = 0; i < n; i++) {
        if (i % FOLDS === f) continue;
        const z = a * x1[i]! + b * x2[i]!;
        const s = 1 / (1 + Math.exp(z)); // σ(−z): the gradient weight of −log σ(z)
        ga -= s * x1[i]!;
        gb -= s * x2[i]!;
        const w = s * (1 - s);
        haa += w * x1[i]! * x1[i]!;
        hab += w * x1[i]! * x2[i]!;
        hbb += w * x2[i]! * x2[i]!;
      }
      const det = haa * hbb - hab * hab;
      const da = (hbb * ga - hab * gb) / det;
      const db = (haa * gb - hab * ga) / det;
      a -= da;
      b -= db;
      if (Math.abs(da) + Math.abs(db) < 1e-10) break;
    }
    console.error(`stack fold ${f}: a=${a.toFixed(3)} b=${b.toFixed(3)}`);
    for (let i = f; i < n; i += FOLDS) out[i] = a * x1[i]! + b * x2[i]!;
  }
  return out;
}

const models: Record<string, number[]> = {};
for (const k of Object.keys(parts)) if (!k.startsWith('resid')) models[k] = m(k);
if (has('ngram', 'resid-s1')) models['combined (ngram + resid-s1: joint head, the default)'] = sum(m('ngram'), m('resid-s1'));
if (has('ngram', 'resid-s1', 'resid-s2', 'resid-s3')) models['combined, 3-seed transformer half'] = sum(m('ngram'), mean(m('resid-s1'), m('resid-s2'), m('resid-s3')));
if (has('ngram', 'tiny-s1')) {
  models['ngram + tiny-s1 (unweighted sum, trained apart)'] = sum(m('ngram'), m('tiny-s1'));
  models['stacked (a·ngram + b·tiny-s1, fitted on held-out folds)'] = stacked(m('ngram'), m('tiny-s1'));
}
if (has('tiny-s1', 'tiny-s2', 'tiny-s3')) models['tiny, 3-seed ensemble'] = mean(m('tiny-s1'), m('tiny-s2'), m('tiny-s3'));

const correct = (ms: number[]): number[] => ms.map((x) => (x > 0 ? 1 : 0));
function meanSe(xs: number[]): [number, number] {
  const mu = xs.reduce((s, x) => s + x, 0) / xs.length;
  const v = xs.reduce((s, x) => s + (x - mu) ** 2, 0) / (xs.length - 1);
  return [mu, Math.sqrt(v / xs.length)];
}
const fmt = (x: number): string => x.toFixed(3);
console.log('| model | accuracy ± SE | folds | s (5 folds) |\n| --- | --- | --- | --- |');
for (const [name, ms] of Object.entries(models)) {
  const c = correct(ms);
  const acc = c.reduce((s, x) => s + x, 0) / n;
  const folds = Array.from({ length: FOLDS }, (_, f) => c.filter((_, i) => i % FOLDS === f)).map((fc) => fmt(fc.reduce((s, x) => s + x, 0) / fc.length).slice(1));
  console.log(`| ${name} | ${fmt(acc)} ± ${fmt(Math.sqrt((acc * (1 - acc)) / n))} | ${folds.join(' ')} | ${parts[name]?.seconds || '–'} |`);
}
const find = (prefix: string): string | undefined => Object.keys(models).find((k) => k.startsWith(prefix));
const comparisons: [string, string][] = [
  ['combined (', 'ngram'],
  ['combined (', 'tiny-s1'],
  ['combined (', 'shorter'],
  ['combined (', 'sklearn C=1'],
  ['stacked', 'combined ('],
  ['ngram + tiny-s1', 'combined ('],
  ['combined, 3-seed', 'combined ('],
  ['tiny, 3-seed', 'tiny-s1'],
  ['bow-s1', 'tiny-s1'],
  ['mini-s1', 'tiny-s1'],
  ['ngram', 'shorter'],
  ...Object.keys(models).filter((k) => k.startsWith('ngram:')).map((k): [string, string] => [k, 'ngram']),
];
console.log('\n| A − B | paired difference ± SE |\n| --- | --- |');
for (const [pa, pb] of comparisons) {
  const [a, b] = [find(pa), find(pb)];
  if (!a || !b) continue;
  const [ca, cb] = [correct(models[a]!), correct(models[b]!)];
  const [d, se] = meanSe(ca.map((x, i) => x - cb[i]!));
  console.log(`| ${a} − ${b} | ${d >= 0 ? '+' : ''}${fmt(d)} ± ${fmt(se)} |`);
}
