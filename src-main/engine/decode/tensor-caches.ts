// Row caches as per-row key/value tensors (kv-rows.ts): padded and concatenated into a batch at every step, sliced
// and concatenated again to grow. Works on every backend; on wasm it is the old path the benches compare against.
import type { GPT2Config } from '../model/config';
import type { Tf } from '../model/params';
import type { Params } from '../model/transformer';
import { appendCache, disposeCache, disposeStep, EMPTY_CACHE, extendRows, type RowCache, type RowStep, type StepResult } from './kv-rows';
import type { CacheStep, RowCaches, StepOutput } from './row-caches';

export class TensorCaches implements RowCaches {
  private readonly caches: RowCache[];
  private step: StepResult | null = null;

  constructor(
    private readonly tf: Tf,
    private readonly config: GPT2Config,
    private readonly params: Params,
    rows: number,
  ) {
    this.caches = Array.from({ length: rows }, () => EMPTY_CACHE);
  }

  private cache(row: number): RowCache {
    const cache = this.caches[row];
    if (!cache) throw new RangeError(`no cache row ${row}`);
    return cache;
  }

  extend(steps: readonly CacheStep[]): StepOutput {
    // A step continuing a shorter prefix than its row's cache (re-tokenisation changed the last tokens) gets a cut copy.
    const slices: RowCache[] = [];
    const rowSteps = steps.map((step): RowStep => {
      if (step.row === null) return { past: EMPTY_CACHE, ids: step.ids, start: step.start };
      const cache = this.cache(step.row);
      if (step.keep === cache.length) return { past: cache, ids: step.ids, start: step.start };
      const slice = appendCache(this.tf, EMPTY_CACHE, 0, cache.layers, 0, step.keep);
      slices.push(slice);
      return { past: slice, ids: step.ids, start: step.start };
    });
    let result: StepResult;
    try {
      result = extendRows(this.tf, this.config, this.params, rowSteps);
    } finally {
      slices.forEach(disposeCache);
    }
    this.dropStep();
    this.step = result;
    const [, s, d] = result.normed.shape;
    const normed = result.normed.dataSync() as Float32Array;
    return { vector: (row, q) => normed.slice((row * s + q) * d, (row * s + q + 1) * d) };
  }

  commit(row: number, keep: number, from: number, count: number): void {
    const cache = this.cache(row);
    const next =
      from >= 0 && this.step
        ? appendCache(this.tf, cache, keep, this.step.kv, from, count)
        : appendCache(this.tf, EMPTY_CACHE, 0, cache.layers, 0, keep);
    disposeCache(cache);
    this.caches[row] = next;
  }

  private dropStep(): void {
    if (this.step) disposeStep(this.step);
    this.step = null;
  }

  dispose(): void {
    this.dropStep();
    this.caches.forEach(disposeCache);
    this.caches.fill(EMPTY_CACHE);
  }
}
