// Incremental GPT-2 forward over many rows at once: each row continues its own key/value cache by a few tokens.
import type * as TF from '@tensorflow/tfjs';
import type { GPT2Config } from '../model/config';
import type { Tf } from '../model/params';
import { embed, finalNorm, runBlocks, type LayerKV, type Params } from '../model/transformer';

/** One row's cached keys/values: per layer [1, H, length, dh]. `layers` is empty when length is 0. */
export interface RowCache {
  layers: LayerKV[];
  length: number;
}

export const EMPTY_CACHE: RowCache = { layers: [], length: 0 };

/** One row of an extend call: the cache it continues, the new tokens, and the position id of the first of them. */
export interface RowStep {
  past: RowCache;
  ids: readonly number[];
  start: number;
}

/** What an extend call returns; the caller owns (and disposes) both tensors. */
export interface StepResult {
  /** ln_f(hidden) of every new position, [R, S, D] (S = longest row's new tokens; shorter rows are right-padded). */
  normed: TF.Tensor3D;
  /** The new tokens' keys/values per layer, [R, H, S, dh]. */
  kv: LayerKV[];
}

const MASKED = -1e9;

/**
 * Runs every row's new tokens through the model on top of its cache, all rows in one batch. Caches of different
 * lengths are left-padded to the longest (padding masked); new tokens are right-padded (padding is never attended
 * by a real token, since attention is causal). Several rows may share one cache object: k candidates continue
 * the same prefix. A cache-free call (every past EMPTY_CACHE, ids = the whole sequence) is the full recompute.
 */
export function extendRows(tf: Tf, config: GPT2Config, params: Params, rows: readonly RowStep[]): StepResult {
  const r = rows.length;
  const p = Math.max(0, ...rows.map((row) => row.past.length));
  const s = Math.max(1, ...rows.map((row) => row.ids.length));
  const maxPos = config.n_positions - 1;
  const ids = new Int32Array(r * s);
  const pos = new Int32Array(r * s);
  const bias = new Float32Array(r * s * (p + s)).fill(MASKED);
  rows.forEach((row, i) => {
    const pad = p - row.past.length;
    for (let q = 0; q < s; q++) {
      ids[i * s + q] = row.ids[q] ?? 0;
      pos[i * s + q] = Math.min(row.start + q, maxPos);
      const base = (i * s + q) * (p + s);
      for (let j = pad; j < p; j++) bias[base + j] = 0;
      for (let j = 0; j <= q; j++) bias[base + p + j] = 0;
    }
  });
  // tidy keeps only tensors it returns in a flat list: normed, then each layer's k and v.
  const kept = tf.tidy(() => {
    let past: LayerKV[] | null = null;
    if (p > 0) {
      past = [];
      for (let layer = 0; layer < config.n_layer; layer++) {
        const part = (which: 'k' | 'v'): TF.Tensor4D =>
          tf.concat(
            rows.map((row) => {
              const h = config.n_head;
              const dh = config.n_embd / h;
              const pad = p - row.past.length;
              if (row.past.length === 0) return tf.zeros([1, h, p, dh]) as TF.Tensor4D;
              const t = (row.past.layers[layer] as LayerKV)[which];
              return pad > 0 ? tf.pad(t, [[0, 0], [0, 0], [pad, 0], [0, 0]]) : t;
            }),
            0,
          );
        past.push({ k: part('k'), v: part('v') });
      }
    }
    const x = embed(tf, params, tf.tensor2d(ids, [r, s], 'int32'), tf.tensor2d(pos, [r, s], 'int32'));
    const { hidden, kv } = runBlocks(tf, config, params, x, r, s, tf.tensor4d(bias, [r, 1, s, p + s]), past);
    const normed = tf.reshape(finalNorm(tf, config, params, hidden), [r, s, config.n_embd]) as TF.Tensor3D;
    return [normed, ...kv.flatMap(({ k, v }) => [k, v])];
  });
  const kv: LayerKV[] = [];
  for (let i = 1; i < kept.length; i += 2) kv.push({ k: kept[i] as TF.Tensor4D, v: kept[i + 1] as TF.Tensor4D });
  return { normed: kept[0] as TF.Tensor3D, kv };
}

/** A new cache: the first `keep` positions of `past`, then the first `count` new positions of row `row` of `kv`. */
export function appendCache(tf: Tf, past: RowCache, keep: number, kv: readonly LayerKV[], row: number, count: number): RowCache {
  if (keep + count === 0) return EMPTY_CACHE;
  const layers = kv.map((layer, i) =>
    tf.tidy(() => {
      const piece = (t: TF.Tensor4D): TF.Tensor4D => tf.slice(t, [row, 0, 0, 0], [1, -1, count, -1]);
      const old = past.layers[i];
      const head = (t: TF.Tensor4D | undefined): TF.Tensor4D[] => (t && keep > 0 ? [tf.slice(t, [0, 0, 0, 0], [1, -1, keep, -1])] : []);
      return {
        k: tf.concat([...head(old?.k), piece(layer.k)], 2) as TF.Tensor4D,
        v: tf.concat([...head(old?.v), piece(layer.v)], 2) as TF.Tensor4D,
      };
    }),
  );
  return { layers, length: keep + count };
}

/** Frees a cache's tensors (EMPTY_CACHE has none). */
export function disposeCache(cache: RowCache): void {
  for (const { k, v } of cache.layers) {
    k.dispose();
    v.dispose();
  }
}

/** Frees a step's tensors. */
export function disposeStep(step: StepResult): void {
  step.normed.dispose();
  for (const { k, v } of step.kv) {
    k.dispose();
    v.dispose();
  }
}
