// The fused gelu_new and LayerNorm kernels on wasm: same values and gradients as the composed tf ops (the old path)
// within 1e-5, on the ops alone and through the whole reward model, with no leaked tensors; installed by the probe.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { presetConfig } from '../../../../src-main/engine/model/config';
import { buildPairTensors, disposePairTensors, type TokPair } from '../../../../src-main/engine/model/pair-batch';
import { RewardModel } from '../../../../src-main/engine/model/reward-model';
import { SeededRng } from '../../../../src-main/engine/model/rng';
import { fusedGeluNew, fusedLayerNorm } from '../../../../src-main/engine/kernels/fused-ops';
import { fusedOpsInstalled, installFusedOps, uninstallFusedOps } from '../../../../src-main/engine/kernels/wasm-fused-ops';
import { installFastKernels, uninstallFastKernels } from '../../../../src-main/engine/kernels/wasm-kernels';
import { wasmTf } from '../train/fixtures';

let tf: typeof TF;
beforeAll(async () => {
  tf = await wasmTf();
});
afterEach(() => installFastKernels(tf));

function present<T>(x: T | null): T {
  if (x === null) throw new Error('the fused kernel is not installed');
  return x;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return max;
}

// The composed definitions the model used before (and still uses off wasm), written out independently here.
const geluComposed = (x: TF.Tensor): TF.Tensor =>
  tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(tf.mul(tf.add(x, tf.mul(tf.mul(tf.mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI))), 1));
const layerNormComposed = (x: TF.Tensor, w: TF.Tensor, b: TF.Tensor, eps: number): TF.Tensor => {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), w), b);
};

/** Value and gradients (w.r.t. every input) of sum(f(inputs) · weights), as plain arrays. */
function valueAndGrads(f: (...xs: TF.Tensor[]) => TF.Tensor, inputs: TF.Tensor[], weights: TF.Tensor): number[][] {
  return tf.tidy(() => {
    const out = f(...inputs);
    const grads = tf.grads((...xs: TF.Tensor[]) => tf.sum(tf.mul(f(...xs), weights)))(inputs);
    return [out, ...grads].map((t) => Array.from(t.dataSync()));
  });
}

describe('fused gelu_new on wasm', () => {
  it('equals the composed ops and their gradient within 1e-5, tails and saturation included', () => {
    // 1003 values: not a multiple of 4, so the SIMD tail runs; scale 4 plus ±30 reaches tanh's saturation.
    const x = tf.concat([tf.mul(tf.randomNormal([1001], 0, 1, 'float32', 5), 4), tf.tensor1d([30, -30])]);
    const w = tf.randomNormal([1003], 0, 1, 'float32', 6);
    const fusedFn = (t: TF.Tensor) => present(fusedGeluNew(tf, t));
    const fast = valueAndGrads(fusedFn, [x], w);
    const old = valueAndGrads(geluComposed, [x], w);
    for (let i = 0; i < old.length; i++) expect(maxAbsDiff(fast[i]!, old[i]!)).toBeLessThan(1e-5);
    expect(fast[0]![1001]).toBeCloseTo(30, 5);
    expect(fast[0]![1002]).toBeCloseTo(0, 5);
    tf.dispose([x, w]);
  });

  it('is absent after uninstall, so the model composes it from tf ops again', () => {
    uninstallFusedOps(tf);
    expect(fusedOpsInstalled(tf)).toBe(false);
    const x = tf.ones([4]);
    expect(fusedGeluNew(tf, x)).toBeNull();
    installFusedOps(tf);
    const y = fusedGeluNew(tf, x);
    expect(y).not.toBeNull();
    tf.dispose([x, y as TF.Tensor]);
  });
});

describe('fused LayerNorm on wasm', () => {
  for (const [rows, d] of [[37, 64], [5, 13]] as const) {
    it(`equals the composed ops and their gradients (x, gain, bias) within 1e-5: [${rows}, ${d}]`, () => {
      const x = tf.add(tf.mul(tf.randomNormal([rows, d], 0, 1, 'float32', 7), 3), 1.5);
      const g = tf.add(tf.randomNormal([d], 0, 0.3, 'float32', 8), 1);
      const b = tf.randomNormal([d], 0, 0.3, 'float32', 9);
      const w = tf.randomNormal([rows, d], 0, 1, 'float32', 10);
      const fusedFn = (xx: TF.Tensor, gg: TF.Tensor, bb: TF.Tensor) => present(fusedLayerNorm(tf, xx as TF.Tensor2D, gg, bb, 1e-5));
      const fast = valueAndGrads(fusedFn, [x, g, b], w);
      const old = valueAndGrads((xx, gg, bb) => layerNormComposed(xx!, gg!, bb!, 1e-5), [x, g, b], w);
      expect(fast).toHaveLength(4);
      for (let i = 0; i < old.length; i++) expect(maxAbsDiff(fast[i]!, old[i]!)).toBeLessThan(1e-5);
      // The gain's gradient is a sum over all rows: far from zero, so agreement is not agreement on nothing.
      expect(Math.max(...fast[2]!.map(Math.abs))).toBeGreaterThan(1);
      tf.dispose([x, g, b, w]);
    });
  }
});

describe('all our wasm kernels through the reward model', () => {
  it('give the same loss gradients as tfjs\'s kernels within 1e-5 and leak no tensors', () => {
    const V = 60;
    const config = presetConfig('tiny', V, { n_embd: 32, n_head: 4, n_layer: 2, n_positions: 64 });
    const model = RewardModel.create(tf, config, 3);
    const rng = new SeededRng(4);
    const ids = (n: number) => Array.from({ length: n }, () => 1 + Math.floor(rng.next() * (V - 1)));
    const pairs: TokPair[] = Array.from({ length: 6 }, () => ({
      prompt: ids(3 + Math.floor(rng.next() * 20)), chosen: ids(2 + Math.floor(rng.next() * 15)), rejected: ids(2 + Math.floor(rng.next() * 15)),
    }));
    const batch = buildPairTensors(tf, config, pairs, 23, 17);
    const vars = [...model.params.values()];
    const gradients = () => {
      const before = tf.memory().numTensors;
      const flat = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.sum(model.rewardPairs(batch)) as TF.Scalar, vars);
        return [value, ...vars.map((v) => grads[v.name] as TF.Tensor)].map((t) => Array.from(t.dataSync()));
      });
      expect(tf.memory().numTensors).toBe(before);
      return flat;
    };
    uninstallFastKernels(tf);
    const old = gradients();
    installFastKernels(tf);
    const fast = gradients();
    let worst = 0;
    let largest = 0;
    old.forEach((g, i) => {
      worst = Math.max(worst, maxAbsDiff(fast[i] ?? [], g));
      largest = Math.max(largest, ...g.map(Math.abs));
    });
    expect(worst).toBeLessThan(1e-5);
    expect(largest).toBeGreaterThan(1e-2);
    disposePairTensors(batch);
    model.dispose();
  });
});
