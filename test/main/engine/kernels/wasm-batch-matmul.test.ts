// The SIMD batch-matmul kernel on wasm: same products and reward-model gradients as tfjs's own kernel, no leaks,
// installed by the backend probe, and the committed .wasm rebuilt byte for byte from its C source.
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { presetConfig } from '../../../../src-main/engine/model/config';
import { buildPairTensors, disposePairTensors, type TokPair } from '../../../../src-main/engine/model/pair-batch';
import { RewardModel } from '../../../../src-main/engine/model/reward-model';
import { SeededRng } from '../../../../src-main/engine/model/rng';
import {
  fastBatchMatMulInstalled, installFastBatchMatMul, uninstallFastBatchMatMul,
} from '../../../../src-main/engine/kernels/wasm-batch-matmul';
import { wasmTf } from '../train/fixtures';

let tf: typeof TF;
beforeAll(async () => {
  tf = await wasmTf();
});
afterEach(() => installFastBatchMatMul(tf));

/** Runs fn once on tfjs's own BatchMatMul and once on ours; returns both results as plain arrays. */
function bothPaths<T>(fn: () => T): { old: T; fast: T } {
  uninstallFastBatchMatMul(tf);
  const old = fn();
  installFastBatchMatMul(tf);
  return { old, fast: fn() };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return max;
}

describe('SIMD BatchMatMul on wasm', () => {
  const cases: [string, number[], number[], boolean, boolean][] = [
    ['attention scores q·kᵀ', [6, 13, 8], [6, 21, 8], false, true],
    ['attention context p·v', [6, 13, 21], [6, 21, 8], false, false],
    ['gradient aᵀ·dy', [6, 21, 13], [6, 21, 8], true, false],
    ['both transposed', [6, 8, 13], [6, 21, 8], true, true],
    ['b broadcast over the batch', [5, 3, 7], [1, 7, 9], false, false],
    ['rank 4 against rank 2', [2, 3, 5, 7], [7, 9], false, false],
    ['2-D transposed (was the scalar loop)', [5, 7], [9, 7], false, true],
    ['decoding step (one query row)', [4, 1, 16], [4, 33, 16], false, true],
  ];
  for (const [what, sa, sb, ta, tb] of cases) {
    it(`equals tfjs's kernel: ${what}`, () => {
      const a = tf.randomNormal(sa, 0, 1, 'float32', 11);
      const b = tf.randomNormal(sb, 0, 1, 'float32', 12);
      const { old, fast } = bothPaths(() => {
        const out = tf.matMul(a, b, ta, tb);
        const result = { shape: out.shape, values: Array.from(out.dataSync()) };
        out.dispose();
        return result;
      });
      expect(fast.shape).toEqual(old.shape);
      expect(maxAbsDiff(fast.values, old.values)).toBeLessThan(1e-5);
      // A kernel that wrote nothing would fail here too: the product of random inputs is not all zeros.
      expect(fast.values.some((v) => Math.abs(v) > 0.5)).toBe(true);
      tf.dispose([a, b]);
    });
  }

  it('gives the reward model the same gradients as tfjs\'s kernel within 1e-5, and leaks no tensors', () => {
    const V = 60;
    const config = presetConfig('tiny', V, { n_embd: 32, n_head: 4, n_layer: 2, n_positions: 64 });
    const model = RewardModel.create(tf, config, 3);
    const rng = new SeededRng(9);
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
    const { old, fast } = bothPaths(gradients);
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

  it('is installed by the backend probe on wasm, and PREFSTUDIO_WASM_KERNELS=tfjs keeps the old kernel', async () => {
    const { chooseBackend } = await import('../../../../src-main/engine/backend');
    uninstallFastBatchMatMul(tf);
    const chosen = await chooseBackend('wasm');
    expect(chosen.report.name).toBe('wasm');
    expect(chosen.report.detail).toContain('SIMD batch-matmul kernel');
    expect(fastBatchMatMulInstalled()).toBe(true);
    uninstallFastBatchMatMul(tf);
    process.env.PREFSTUDIO_WASM_KERNELS = 'tfjs';
    try {
      const plain = await chooseBackend('wasm');
      expect(plain.report.detail).toContain('tfjs kernels only');
      expect(fastBatchMatMulInstalled()).toBe(false);
    } finally {
      delete process.env.PREFSTUDIO_WASM_KERNELS;
    }
  });
});

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const clang = spawnSync('clang', ['--version'], { encoding: 'utf8' });
const clangVersion = clang.status === 0 ? /clang version ([\d.]+)/.exec(clang.stdout)?.[1] : undefined;

describe('committed kernel modules (batch-matmul.wasm, fused-ops.wasm)', () => {
  // Byte-for-byte equality holds for the compiler that built it (Debian clang 14.0.6); others emit other bytes.
  it.skipIf(clangVersion !== '14.0.6')(`are what scripts/build-wasm-kernels.sh builds from their C source (needs clang 14.0.6 + lld; found ${clangVersion ?? 'no clang'})`, () => {
    const out = execFileSync(join(root, 'scripts/build-wasm-kernels.sh'), ['--check'], { encoding: 'utf8' });
    expect(out).toContain('committed binaries match their source');
  });
});
