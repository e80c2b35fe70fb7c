// A model's key/value caches over the rows of one decoding batch, behind one interface with two implementations:
// per-row cache tensors padded and concatenated at every step (tensor-caches.ts: any backend, and the old path), and
// one preallocated buffer per layer that the cached-attention kernel reads (stored-caches.ts: wasm with our kernels).
import type { GPT2Config } from '../model/config';
import type { Tf } from '../model/params';
import type { Params } from '../model/transformer';
import { cachedAttentionAvailable } from '../kernels/wasm-cached-attention';
import { StoredCaches } from './stored-caches';
import { TensorCaches } from './tensor-caches';

/** One row of an extend call. */
export interface CacheStep {
  /** The row whose cache this step continues, or null for none (a full pass over `ids`). */
  row: number | null;
  /** How many of that cache's first positions it continues (at most the cache's length; 0 when row is null). */
  keep: number;
  /** The new tokens. */
  ids: readonly number[];
  /** The position id of ids[0]. */
  start: number;
}

/** ln_f(hidden) of the new positions of an extend call. */
export interface StepOutput {
  /** Step `row`'s vector at its new position q (q < its ids' length), [D]: a copy. */
  vector(row: number, q: number): Float32Array;
}

export interface RowCaches {
  /** Runs every step's new tokens through the model on top of its cache, all in one batch; keeps their keys/values. */
  extend(steps: readonly CacheStep[]): StepOutput;
  /**
   * Cache `row` becomes its own first `keep` positions, then the first `count` new positions of row `from` of the
   * last extend call (from −1 with count 0: just cut to `keep`).
   */
  commit(row: number, keep: number, from: number, count: number): void;
  /** Frees what the caches hold. */
  dispose(): void;
}

/** Caches for `rows` rows: the stored kind where the cached-attention kernel is registered, tensors elsewhere. */
export function openRowCaches(tf: Tf, config: GPT2Config, params: Params, rows: number): RowCaches {
  return cachedAttentionAvailable(tf) ? new StoredCaches(tf, config, params, rows) : new TensorCaches(tf, config, params, rows);
}
