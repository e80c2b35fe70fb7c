// The reward model on tfjs-backend-webgpu (Dawn on SwiftShader's Vulkan driver, a CPU emulation) against wasm:
// forward pass and gradients, training losses, padding invariance, no tensor leaks, and the probe's adapter rules.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { chooseBackend } from '../../../../src-main/engine/backend';
import { presetConfig } from '../../../../src-main/engine/model/config';
import { buildPairTensors, disposePairTensors, type TokPair } from '../../../../src-main/engine/model/pair-batch';
import { RewardModel } from '../../../../src-main/engine/model/reward-model';
import { SeededRng } from '../../../../src-main/engine/model/rng';
import { scorePairs } from '../../../../src-main/engine/train/score';
import { trainRewardModel } from '../../../../src-main/engine/train/trainer';
import { wasmTf } from '../train/fixtures';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const LOADERS = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1', '/usr/lib64/libvulkan.so.1'];
const skipReason = !LOADERS.some((p) => existsSync(p))
  ? 'the Vulkan loader is missing (apt-get install libvulkan1)'
  : !existsSync(ICD) ? `SwiftShader's Vulkan driver is missing (${ICD}, from Debian's chromium package)` : null;

const V = 40;
const config = presetConfig('tiny', V, { n_embd: 32, n_head: 4, n_layer: 2, n_positions: 64 });

function randomPairs(seed: number, count: number): TokPair[] {
  const rng = new SeededRng(seed);
  const ids = (n: number) => Array.from({ length: n }, () => 1 + Math.floor(rng.next() * (V - 1)));
  return Array.from({ length: count }, () => ({
    prompt: ids(2 + Math.floor(rng.next() * 12)), chosen: ids(1 + Math.floor(rng.next() * 9)), rejected: ids(1 + Math.floor(rng.next() * 9)),
  }));
}

function maxAbsDiff(a: readonly number[], b: readonly number[]): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, x, i) => Math.max(m, Math.abs(x - (b[i] ?? Number.NaN))), 0);
}

let tf: typeof TF;

/** Rewards and every parameter's gradient of sum(rewards) for one batch, as plain arrays; asserts no leak. */
async function rewardsAndGrads(model: RewardModel, pairs: TokPair[]): Promise<number[][]> {
  const before = tf.memory().numTensors;
  const batch = buildPairTensors(tf, config, pairs, 13, 9);
  const vars = [...model.params.values()];
  const tensors = tf.tidy(() => {
    const { grads } = tf.variableGrads(() => tf.sum(model.rewardPairs(batch)) as TF.Scalar, vars);
    return [model.rewardPairs(batch), ...vars.map((v) => grads[v.name] as TF.Tensor)];
  });
  // data(), not dataSync(): webgpu reads buffers back asynchronously only.
  const out = (await Promise.all(tensors.map((t) => t.data()))).map((d) => Array.from(d));
  tf.dispose(tensors);
  disposePairTensors(batch);
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

// SwiftShader compiles every shader on the CPU: on a loaded machine one test can take minutes.
const SLOW = 240_000;

describe.skipIf(skipReason !== null)(`webgpu backend on SwiftShader${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  beforeAll(async () => {
    // Dawn reads these when it creates its Vulkan instance; SwiftShader wants a writable runtime folder.
    process.env.VK_ICD_FILENAMES = ICD;
    process.env.XDG_RUNTIME_DIR ??= mkdtempSync(join(tmpdir(), 'xdg-'));
    tf = await wasmTf();
    // Registers the webgpu backend next to wasm; each test then picks one with tf.setBackend.
    await chooseBackend('webgpu');
    await tf.setBackend('wasm');
  }, SLOW);

  it('is not the default on a CPU adapter, and names the adapter when PREFSTUDIO_BACKEND=webgpu forces it', async () => {
    const auto = await chooseBackend();
    expect(auto.report.name).not.toBe('webgpu');
    const why = auto.report.rejected.find((r) => r.name === 'webgpu');
    expect(why?.reason).toMatch(/only a CPU adapter was found, google swiftshader/);
    const forced = await chooseBackend('webgpu');
    expect(forced.tf).toBe(tf);
    expect(forced.report.name).toBe('webgpu');
    expect(forced.report.detail).toMatch(/^WebGPU on google swiftshader \(SwiftShader/);
    expect(forced.tf.getBackend()).toBe('webgpu');
  }, SLOW);

  it('gives the forward pass and gradients of wasm within 1e-5 of each tensor\'s scale, leaking no tensors', async () => {
    const pairs = randomPairs(2, 4);
    await tf.setBackend('wasm');
    const wasmModel = RewardModel.create(tf, config, 5);
    const onWasm = await rewardsAndGrads(wasmModel, pairs);
    wasmModel.dispose();
    await tf.setBackend('webgpu');
    const gpuModel = RewardModel.create(tf, config, 5);
    const onGpu = await rewardsAndGrads(gpuModel, pairs);
    gpuModel.dispose();
    const [rWasm, rGpu] = [onWasm[0] ?? [], onGpu[0] ?? []];
    expect(new Set(rWasm.map((r) => r.toFixed(4))).size).toBeGreaterThan(4);
    // Float32 sums in another order: compare each tensor relative to its largest entry (gradients reach ~10).
    let worst = 0;
    onWasm.forEach((g, i) => {
      const scale = Math.max(1, ...g.map(Math.abs));
      worst = Math.max(worst, maxAbsDiff(onGpu[i] ?? [], g) / scale);
    });
    expect(worst).toBeLessThan(1e-5);
    expect(maxAbsDiff(rGpu, rWasm)).toBeLessThan(1e-4);
  }, SLOW);

  it('trains two steps to the same losses as wasm', async () => {
    const train = randomPairs(3, 8);
    const hyper = { epochs: 1, batchSize: 4, learningRate: 3e-3, bucketBoundaries: [16, 32], maxLength: 32 };
    const run = async (backend: string): Promise<number[]> => {
      await tf.setBackend(backend);
      const model = RewardModel.create(tf, config, 7);
      const before = tf.memory().numTensors;
      const result = await trainRewardModel({ model, train, seed: 1, hyper });
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
      return result.losses;
    };
    const wasmLosses = await run('wasm');
    const gpuLosses = await run('webgpu');
    expect(wasmLosses.length).toBe(2);
    expect(maxAbsDiff(gpuLosses, wasmLosses)).toBeLessThan(1e-3);
  }, SLOW);

  it('scores a pair the same alone and padded in a batch', async () => {
    await tf.setBackend('webgpu');
    const model = RewardModel.create(tf, config, 9);
    const pairs = randomPairs(4, 5);
    const together = await scorePairs({ model, pairs, bucketBoundaries: [32] });
    const alone = await scorePairs({ model, pairs: [pairs[3] as TokPair], bucketBoundaries: [1, 2, 4, 8, 16, 32] });
    expect(alone[0]?.chosen).toBeCloseTo(together[3]?.chosen ?? Number.NaN, 4);
    expect(alone[0]?.rejected).toBeCloseTo(together[3]?.rejected ?? Number.NaN, 4);
    model.dispose();
  }, SLOW);
});
