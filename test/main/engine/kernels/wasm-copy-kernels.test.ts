// The row-copy GatherV2 and SplitV kernels on wasm: bit-identical to tfjs's own, the same bounds error, and
// tfjs's kernels back after uninstall.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { installCopyKernels, uninstallCopyKernels } from '../../../../src-main/engine/kernels/wasm-copy-kernels';
import { wasmTf } from '../train/fixtures';

let tf: typeof TF;
beforeAll(async () => {
  tf = await wasmTf();
});
afterEach(() => installCopyKernels(tf));

/** fn's outputs as plain arrays, on tfjs's kernels and on ours. */
function bothPaths(fn: () => TF.Tensor[]): { old: number[][]; fast: number[][] } {
  const run = () => tf.tidy(() => fn().map((t) => ({ shape: t.shape, values: Array.from(t.dataSync()) })))
    .map((r) => [...r.shape, NaN, ...r.values]);
  uninstallCopyKernels(tf);
  const old = run();
  installCopyKernels(tf);
  return { old, fast: run() };
}

describe('row-copy GatherV2 on wasm', () => {
  it('gathers rows exactly as tfjs does: float table, repeated ids, rank-2 ids, int32 table', () => {
    const { old, fast } = bothPaths(() => {
      const table = tf.randomNormal([50, 7], 0, 1, 'float32', 3);
      const ints = tf.range(0, 60, 1, 'int32').reshape([20, 3]);
      return [
        tf.gather(table, tf.tensor1d([4, 0, 49, 4, 17], 'int32')),
        tf.gather(table, tf.tensor2d([[1, 2], [2, 1], [49, 0]], [3, 2], 'int32')),
        tf.gather(ints, tf.tensor1d([19, 3, 3], 'int32')),
        tf.gather(table, tf.tensor1d([1, 2], 'int32'), 1), // axis 1: falls back to tfjs's kernel
      ];
    });
    expect(fast).toEqual(old);
    expect(fast[0]!.some((v) => Math.abs(v) > 0.5)).toBe(true);
  });

  it('rejects an id outside the table', () => {
    const table = tf.ones([5, 2]);
    const ids = tf.tensor1d([1, 5], 'int32');
    expect(() => tf.gather(table, ids)).toThrow(/not in \[0, 4\]/);
    tf.dispose([table, ids]);
  });
});

describe('block-copy SplitV on wasm', () => {
  it('splits exactly as tfjs does along the last, a middle and the first axis, equal and unequal parts', () => {
    const { old, fast } = bothPaths(() => {
      const x = tf.randomNormal([6, 5, 12], 0, 1, 'float32', 4);
      return [
        ...tf.split(x, 3, 2),
        ...tf.split(x, [1, 3, 1], 1),
        ...tf.split(x, [4, 2], 0),
        ...tf.split(tf.reshape(x, [30, 12]), 3, 1),
        ...tf.split(tf.range(0, 24, 1, 'int32').reshape([4, 6]), [2, 4], 1),
      ];
    });
    expect(fast).toHaveLength(13);
    expect(fast).toEqual(old);
  });
});
