// Bradley–Terry training of the n-gram reward model: IDF from the training responses, then L-BFGS on the convex loss.
import { bucketOf, fitIdf, ngramsAt, tfidfVector, words, type SparseVector } from './features';
import { lbfgs } from './lbfgs';
import { NgramModel, type NamedWeight, type NgramConfig, type TopFeatures } from './model';

export interface NgramPair {
  chosen: string;
  rejected: string;
  /** Required margin m in −log σ(r_c − r_r − m) (used when `useMargins`). */
  margin?: number;
}

export interface NgramTrainOptions {
  useMargins?: boolean;
  maxIterations?: number;
  /** Warm start (weights then the length weight), e.g. from a checkpoint. */
  init?: Float64Array;
  /** After each iteration; returning false stops (cancel). */
  onIteration?: (iteration: number, loss: number, params: Float64Array) => boolean | void;
  /** Features listed on each side of "what this model rewards". */
  topK?: number;
}

export interface NgramTrainResult {
  model: NgramModel;
  iterations: number;
  loss: number;
  converged: boolean;
  stopped: boolean;
}

/** φ(chosen) − φ(rejected), merged by bucket. */
function difference(a: SparseVector, b: SparseVector): SparseVector {
  const map = new Map<number, number>();
  for (let i = 0; i < a.index.length; i++) map.set(a.index[i]!, a.value[i]!);
  for (let i = 0; i < b.index.length; i++) map.set(b.index[i]!, (map.get(b.index[i]!) ?? 0) - b.value[i]!);
  const keys = [...map.keys()];
  return { index: Uint32Array.from(keys), value: Float64Array.from(keys, (k) => map.get(k)!) };
}

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

export function trainNgram(pairs: readonly NgramPair[], config: NgramConfig, options: NgramTrainOptions = {}): NgramTrainResult {
  if (pairs.length === 0) throw new RangeError('no training pairs');
  const size = 1 << config.hashBits;
  const idf = fitIdf(
    pairs.flatMap((p) => [p.chosen, p.rejected]),
    config,
    config.minDf,
  );
  // Only buckets with an IDF can carry weight: optimising over those alone (tens of thousands, not 2^18) is what
  // makes each L-BFGS step cheap. `slot` maps a bucket to its place in the compact parameter vector.
  const active = [...idf.keys()].filter((b) => idf[b]! > 0);
  const slot = new Int32Array(size).fill(-1);
  active.forEach((b, i) => (slot[b] = i));
  const dim = active.length;
  const diffs = pairs.map((p) => {
    const d = difference(tfidfVector(p.chosen, config, idf), tfidfVector(p.rejected, config, idf));
    return { index: Uint32Array.from(d.index, (b) => slot[b]!), value: d.value };
  });
  const lengthDiffs = pairs.map((p) => (config.lengthFeature ? Math.log1p(words(p.chosen).length) - Math.log1p(words(p.rejected).length) : 0));
  const offsets = pairs.map((p) => (options.useMargins ? (p.margin ?? 0) : 0));
  const n = pairs.length;
  // scikit-learn's C·Σ loss + ½||w||² over both orders of each pair, divided by 2·n·C: mean loss + ||w||²/(4·n·C).
  const lambda = 1 / (2 * n * config.c);
  const objective = (x: Float64Array, grad: Float64Array): number => {
    let loss = 0;
    for (let i = 0; i < x.length; i++) {
      grad[i] = lambda * x[i]!;
      loss += 0.5 * lambda * x[i]! * x[i]!;
    }
    for (let p = 0; p < n; p++) {
      const d = diffs[p]!;
      let m = x[dim]! * lengthDiffs[p]! - offsets[p]!;
      for (let k = 0; k < d.index.length; k++) m += x[d.index[k]!]! * d.value[k]!;
      loss += softplus(-m) / n;
      const coef = -sigmoid(-m) / n;
      for (let k = 0; k < d.index.length; k++) grad[d.index[k]!]! += coef * d.value[k]!;
      grad[dim]! += coef * lengthDiffs[p]!;
    }
    return loss;
  };
  const x0 = new Float64Array(dim + 1);
  if (options.init && options.init.length === size + 1) {
    active.forEach((b, i) => (x0[i] = options.init![b]!));
    x0[dim] = options.init[size]!;
  }
  /** Compact parameters → every bucket then the length weight (the layout of checkpoints and `init`). */
  const expand = (x: Float64Array): Float64Array => {
    const full = new Float64Array(size + 1);
    active.forEach((b, i) => (full[b] = x[i]!));
    full[size] = x[dim]!;
    return full;
  };
  const result = lbfgs(objective, x0, {
    maxIterations: options.maxIterations ?? 300,
    gradientTolerance: 1e-5 * lambda,
    memory: 10,
    ...(options.onIteration ? { onIteration: (it: number, loss: number, x: Float64Array) => options.onIteration!(it, loss, expand(x)) } : {}),
  });
  const full = expand(result.x);
  const weights = Float32Array.from(full.subarray(0, size));
  const top = topFeatures(pairs, config, weights, idf, options.topK ?? 30);
  return {
    model: new NgramModel(config, idf, weights, full[size]!, top),
    iterations: result.iterations,
    loss: result.loss,
    converged: result.converged,
    stopped: result.stopped,
  };
}

/**
 * Names the strongest buckets by the n-grams of the training responses that fall in them (most frequent first; a
 * hash collision shows as "a | b"), so the weights can be read.
 */
function topFeatures(pairs: readonly NgramPair[], config: NgramConfig, weights: Float32Array, idf: Float32Array, k: number): TopFeatures {
  const ranked = [...weights.keys()].filter((b) => idf[b]! > 0 && weights[b] !== 0).sort((a, b) => weights[b]! - weights[a]!);
  const wanted = new Set([...ranked.slice(0, k), ...ranked.slice(-k)]);
  const names = new Map<number, Map<string, number>>();
  for (const p of pairs) {
    for (const text of [p.chosen, p.rejected]) {
      let previous: string | null = null;
      for (const w of words(text)) {
        for (const g of ngramsAt(previous, w, config)) {
          const b = bucketOf(g, config.hashBits);
          if (!wanted.has(b)) continue;
          const seen = names.get(b) ?? new Map<string, number>();
          seen.set(g, (seen.get(g) ?? 0) + 1);
          names.set(b, seen);
        }
        previous = w;
      }
    }
  }
  const named = (b: number): NamedWeight => ({
    ngram: [...(names.get(b) ?? new Map<string, number>()).entries()]
      .sort((a, c) => c[1] - a[1] || a[0].localeCompare(c[0]))
      .slice(0, 3)
      .map((e) => e[0])
      .join(' | '),
    weight: weights[b]!,
  });
  return {
    positive: ranked.slice(0, k).filter((b) => weights[b]! > 0).map(named),
    negative: ranked.slice(-k).reverse().filter((b) => weights[b]! < 0).map(named),
  };
}
