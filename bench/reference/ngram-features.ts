// 5-fold CV (fold = line index mod 5) of n-gram feature sets the app's model does not have: character n-grams and
// prompt × response word pairs, each an extra L2-normalised TF-IDF block beside the word uni+bigrams (as a
// scikit-learn FeatureUnion would stack them), trained with the app's Bradley–Terry objective, L2 and L-BFGS. The
// `words` variant is the app's model rebuilt here: it must match `ngram` pair for pair, which checks the rebuild.
// Saves held-out margins as `ngram:<variant>` for cv-analyse.ts. Usage: nice -n 10 npx tsx bench/reference/ngram-features.ts
import { writeFileSync } from 'node:fs';
import { bucketOf, countBuckets, tfOf, words } from '../../src-main/engine/ngram/features';
import { lbfgs } from '../../src-main/engine/ngram/lbfgs';
import { DEFAULT_NGRAM_CONFIG } from '../../src-main/engine/ngram/model';
import { loadHH, type TextPair } from '../../test/main/engine/train/fixtures';

const FOLDS = 5;
const BITS = DEFAULT_NGRAM_CONFIG.hashBits;
const { minDf, c } = DEFAULT_NGRAM_CONFIG;

/** One block of features: counts by bucket of a response (given its prompt). */
type Block = (response: string, prompt: string) => Map<number, number>;

const wordBlock: Block = (response) => countBuckets(response, DEFAULT_NGRAM_CONFIG);

/** scikit-learn's char_wb: character n-grams (lo..hi) inside each word padded with a space on both sides. */
const charBlock = (lo: number, hi: number): Block => (response) => {
  const counts = new Map<number, number>();
  for (const w of words(response)) {
    const padded = ` ${w} `;
    for (let n = lo; n <= hi; n++) {
      for (let i = 0; i + n <= padded.length; i++) {
        const b = bucketOf(`#${padded.slice(i, i + n)}`, BITS);
        counts.set(b, (counts.get(b) ?? 0) + 1);
      }
    }
  }
  return counts;
};

/** Words of the last human turn × words of the response (distinct pairs): what to say depends on what was asked. */
const crossBlock: Block = (response, prompt) => {
  const turn = prompt.slice(prompt.lastIndexOf('Human:') + 'Human:'.length);
  const asked = [...new Set(words(turn))];
  const counts = new Map<number, number>();
  for (const r of new Set(words(response))) {
    for (const p of asked) {
      const b = bucketOf(`${p}|${r}`, BITS);
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
  }
  return counts;
};

const VARIANTS: Record<string, { blocks: Block[]; length: boolean }> = {
  words: { blocks: [wordBlock], length: true },
  nolen: { blocks: [wordBlock], length: false },
  char35: { blocks: [wordBlock, charBlock(3, 5)], length: true },
  char25only: { blocks: [charBlock(2, 5)], length: true },
  cross: { blocks: [wordBlock, crossBlock], length: true },
  'char35+cross': { blocks: [wordBlock, charBlock(3, 5), crossBlock], length: true },
};

/** Sparse TF-IDF vector over all blocks (block k's buckets offset by k·2^BITS), each block L2-normalised. */
function vectorize(blocks: Block[], idf: Map<number, number>[], response: string, prompt: string): Map<number, number> {
  const out = new Map<number, number>();
  blocks.forEach((block, k) => {
    const entries: [number, number][] = [];
    let sq = 0;
    for (const [b, n] of block(response, prompt)) {
      const x = tfOf(n) * (idf[k]!.get(b) ?? 0);
      if (x === 0) continue;
      entries.push([k * 2 ** BITS + b, x]);
      sq += x * x;
    }
    for (const [i, x] of entries) out.set(i, x / Math.sqrt(sq));
  });
  return out;
}

function foldMargins(variant: { blocks: Block[]; length: boolean }, train: TextPair[], test: TextPair[]): number[] {
  const idf = variant.blocks.map((block) => {
    const df = new Map<number, number>();
    for (const p of train) for (const r of [p.chosen, p.rejected]) for (const b of block(r, p.prompt).keys()) df.set(b, (df.get(b) ?? 0) + 1);
    const docs = train.length * 2;
    return new Map([...df].filter(([, d]) => d >= minDf).map(([b, d]) => [b, Math.log((1 + docs) / (1 + d)) + 1]));
  });
  const slot = new Map<number, number>();
  const diff = (p: TextPair): { index: number[]; value: number[]; len: number } => {
    const d = vectorize(variant.blocks, idf, p.chosen, p.prompt);
    for (const [i, x] of vectorize(variant.blocks, idf, p.rejected, p.prompt)) d.set(i, (d.get(i) ?? 0) - x);
    const len = variant.length ? Math.log1p(words(p.chosen).length) - Math.log1p(words(p.rejected).length) : 0;
    return { index: [...d.keys()], value: [...d.values()], len };
  };
  const diffs = train.map(diff);
  for (const d of diffs) for (const i of d.index) if (!slot.has(i)) slot.set(i, slot.size);
  const dim = slot.size;
  const compact = diffs.map((d) => ({ index: d.index.map((i) => slot.get(i)!), value: d.value, len: d.len }));
  const n = train.length;
  const lambda = 1 / (2 * n * c);
  const result = lbfgs((x, grad) => {
    let loss = 0;
    for (let i = 0; i < x.length; i++) {
      grad[i] = lambda * x[i]!;
      loss += 0.5 * lambda * x[i]! * x[i]!;
    }
    for (const d of compact) {
      let m = x[dim]! * d.len;
      for (let k = 0; k < d.index.length; k++) m += x[d.index[k]!]! * d.value[k]!;
      loss += (m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m))) / n;
      const coef = -1 / (1 + Math.exp(m)) / n;
      for (let k = 0; k < d.index.length; k++) grad[d.index[k]!]! += coef * d.value[k]!;
      grad[dim]! += coef * d.len;
    }
    return loss;
  }, new Float64Array(dim + 1), { maxIterations: 300, gradientTolerance: 1e-5 * lambda, memory: 10 });
  return test.map((p) => {
    const d = diff(p);
    let m = result.x[dim]! * d.len;
    d.index.forEach((i, k) => (m += (slot.has(i) ? result.x[slot.get(i)!]! : 0) * d.value[k]!));
    return m;
  });
}

const hh = loadHH();
if (!hh) throw new Error('HH sample not found at ../shared/data/hh-rlhf/');
const saved: Record<string, { margins: number[]; seconds: number }> = {};
for (const [name, variant] of Object.entries(VARIANTS)) {
  const started = performance.now();
  const margins = new Array<number>(hh.length).fill(0);
  for (let f = 0; f < FOLDS; f++) {
    const idx = hh.map((_, i) => i).filter((i) => i % FOLDS === f);
    const m = foldMargins(variant, hh.filter((_, i) => i % FOLDS !== f), idx.map((i) => hh[i]!));
    idx.forEach((i, k) => (margins[i] = m[k]!));
  }
  const seconds = (performance.now() - started) / 1000;
  saved[`ngram:${name}`] = { margins: margins.map((x) => +x.toFixed(6)), seconds: +seconds.toFixed(1) };
  console.log(`${name}: ${(margins.filter((x) => x > 0).length / margins.length).toFixed(4)} (${seconds.toFixed(0)} s)`);
  writeFileSync('bench/reference/results/hh-cv-ngram-features.json', JSON.stringify(saved));
}
