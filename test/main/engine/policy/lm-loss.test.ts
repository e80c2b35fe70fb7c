// The block-wise LM-head loss gives the plain composition's value and gradients (several blocks, masked rows), and a
// full wasm heap is a clear error rather than a corrupted module.
import { describe, expect, it, beforeAll } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { lmLossSum, lmLossSumWithGrad, BLOCK_ELEMENTS } from '../../../../src-main/engine/policy/lm-loss';
import { SeededRng } from '../../../../src-main/engine/model/rng';
import { wasmTf } from '../train/fixtures';

let tf: typeof TF;
beforeAll(async () => {
  tf = await wasmTf();
});

/** Rows, width and vocabulary with more scored rows than one block holds, so several blocks run. */
const V = 4096;
const D = 16;
const R = Math.floor(BLOCK_ELEMENTS / V) * 2 + 300;

function problem(): { h: TF.Tensor2D; w: TF.Tensor2D; target: Int32Array; mask: Float32Array } {
  const rng = new SeededRng(3);
  const h = tf.tensor2d(Float32Array.from({ length: R * D }, () => rng.next() * 2 - 1), [R, D]);
  const w = tf.tensor2d(Float32Array.from({ length: V * D }, () => rng.next() - 0.5), [V, D]);
  const target = Int32Array.from({ length: R }, () => Math.floor(rng.next() * V));
  // About a third of the rows are not scored (prompt tokens, padding).
  const mask = Float32Array.from({ length: R }, () => (rng.next() < 0.35 ? 0 : 1));
  return { h, w, target, mask };
}

/** The reference: log-softmax of every logit times a one-hot of the targets, masked, with tfjs's autodiff. */
function plain(h: TF.Tensor2D, w: TF.Tensor2D, target: Int32Array, mask: Float32Array): TF.Scalar {
  const logp = tf.logSoftmax(tf.matMul(h, tf.transpose(w)));
  const picked = tf.sum(tf.mul(logp, tf.cast(tf.oneHot(tf.tensor1d(target, 'int32'), V), 'float32')), 1);
  return tf.neg(tf.sum(tf.mul(picked, tf.tensor1d(mask)))) as TF.Scalar;
}

const maxAbsDiff = (a: TF.Tensor, b: TF.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);
const maxAbs = (a: TF.Tensor): number => tf.tidy(() => tf.max(tf.abs(a)).dataSync()[0] as number);

describe('block-wise LM-head loss', () => {
  it('matches logSoftmax · one-hot in value and in both gradients, over several blocks', () => {
    expect(R).toBeGreaterThan(2 * Math.floor(BLOCK_ELEMENTS / V));
    const { h, w, target, mask } = problem();
    const refGrads = tf.grads((a: TF.Tensor, b: TF.Tensor) => plain(a as TF.Tensor2D, b as TF.Tensor2D, target, mask))([h, w]);
    const refValue = plain(h, w, target, mask).dataSync()[0] as number;
    const ours = tf.grads((a: TF.Tensor, b: TF.Tensor) => lmLossSumWithGrad(tf, a as TF.Tensor2D, b as TF.Tensor2D, { target, mask }))([h, w]);
    const value = lmLossSumWithGrad(tf, h, w, { target, mask }).dataSync()[0] as number;
    const evalOnly = lmLossSum(tf, h, w, { target, mask }).dataSync()[0] as number;

    expect(Math.abs(value - refValue) / refValue).toBeLessThan(1e-5);
    expect(Math.abs(evalOnly - refValue) / refValue).toBeLessThan(1e-5);
    expect(maxAbsDiff(ours[0]!, refGrads[0]!)).toBeLessThan(1e-4 * maxAbs(refGrads[0]!));
    expect(maxAbsDiff(ours[1]!, refGrads[1]!)).toBeLessThan(1e-4 * maxAbs(refGrads[1]!));
    // Unscored rows get no gradient.
    const unscored = mask.findIndex((m) => m === 0);
    expect(maxAbs(tf.slice(ours[0]!, [unscored, 0], [1, D]))).toBe(0);
  });

  it('scores nothing and passes zero gradients when no row is scored', () => {
    const h = tf.ones([4, D]) as TF.Tensor2D;
    const w = tf.ones([V, D]) as TF.Tensor2D;
    const targets = { target: new Int32Array(4), mask: new Float32Array(4) };
    const [dh, dw] = tf.grads((a: TF.Tensor, b: TF.Tensor) => lmLossSumWithGrad(tf, a as TF.Tensor2D, b as TF.Tensor2D, targets))([h, w]);
    expect(lmLossSum(tf, h, w, targets).dataSync()[0]).toBe(0);
    expect(maxAbs(dh!)).toBe(0);
    expect(maxAbs(dw!)).toBe(0);
  });
});

describe('wasm heap guard', () => {
  it('refuses a tensor the 4 GiB heap cannot hold with an error naming the limit, and the backend still works', () => {
    // Tile allocates its output in the module (Fill would build a JavaScript array first). 4,294,900,000 bytes reach
    // malloc whole and cannot fit beside the module's static data; 2³² bytes would reach it truncated to 0.
    expect(() => tf.tile(tf.ones([1]), [1_073_725_000])).toThrow(/4 GiB heap/);
    expect(() => tf.tile(tf.ones([1]), [2 ** 30])).toThrow(/4 GiB heap/);
    expect(tf.sum(tf.ones([1000])).dataSync()[0]).toBe(1000);
  });
});
