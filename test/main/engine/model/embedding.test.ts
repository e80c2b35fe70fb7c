// The scatter-add embedding gradient on wasm matches the cpu backend's gather gradient (which uses UnsortedSegmentSum).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { embeddingLookup } from '../../../../src-main/engine/model/embedding';
import { presetConfig } from '../../../../src-main/engine/model/config';
import { RewardModel } from '../../../../src-main/engine/model/reward-model';
import { buildPairTensors } from '../../../../src-main/engine/model/pair-batch';
import { wasmTf } from '../train/fixtures';

let tf: typeof TF;
beforeAll(async () => {
  tf = await wasmTf();
});
afterAll(async () => {
  await tf.setBackend('wasm');
});

const table = Float32Array.from({ length: 7 * 3 }, (_, i) => Math.sin(i));
const ids = [3, 1, 3, 6, 0, 3];
const upstream = Float32Array.from({ length: ids.length * 3 }, (_, i) => Math.cos(i * 0.7));

function gradWith(lookup: 'scatter' | 'gather'): Float32Array {
  return tf.tidy(() => {
    const w = tf.tensor2d(table, [7, 3]);
    const i = tf.tensor1d(ids, 'int32');
    const up = tf.tensor2d(upstream, [ids.length, 3]);
    const f = (t: TF.Tensor) => tf.sum(tf.mul(lookup === 'scatter' ? embeddingLookup(tf, t as TF.Tensor2D, i) : tf.gather(t, i), up));
    return tf.grad(f)(w).dataSync() as Float32Array;
  });
}

describe('embeddingLookup', () => {
  it('has the wasm kernel gap it works around', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(() => gradWith('gather')).toThrow(/UnsortedSegmentSum/);
  });

  it('gives on wasm the table gradient cpu gives for tf.gather, duplicates summed', async () => {
    const onWasm = gradWith('scatter');
    await tf.setBackend('cpu');
    const onCpu = gradWith('gather');
    await tf.setBackend('wasm');
    expect(Array.from(onWasm)).toEqual(Array.from(onCpu).map((x) => expect.closeTo(x, 6)));
    // Row 3 appears three times: its gradient is the sum of three upstream rows, not one.
    expect(onWasm[9]).toBeCloseTo((upstream[0] as number) + (upstream[6] as number) + (upstream[15] as number), 6);
    expect(onWasm[2 * 3]).toBe(0);
  });

  it('makes whole-model gradients of wte and wpe on wasm match cpu', async () => {
    const config = presetConfig('tiny', 40, { n_embd: 16, n_head: 2, n_positions: 32 });
    const pairs = [
      { prompt: [1, 2, 3], chosen: [4, 5], rejected: [6, 7, 8] },
      { prompt: [9], chosen: [10, 11, 12], rejected: [3] },
    ];
    const gradsOn = async (backend: string): Promise<Float32Array[]> => {
      await tf.setBackend(backend);
      const model = RewardModel.create(tf, config, 7);
      const batch = buildPairTensors(tf, config, pairs, 4, 3);
      const grads = tf.tidy(() => {
        const vars = [model.params.get('wte.weight'), model.params.get('wpe.weight')] as TF.Variable[];
        const { grads: g } = tf.variableGrads(() => tf.sum(model.rewardPairs(batch)) as TF.Scalar, vars);
        return vars.map((v) => g[v.name]?.dataSync() as Float32Array);
      });
      model.dispose();
      return grads;
    };
    const onCpuScatter = await gradsOn('cpu');
    const onWasm = await gradsOn('wasm');
    for (let k = 0; k < 2; k++) {
      const a = onWasm[k] as Float32Array;
      const b = onCpuScatter[k] as Float32Array;
      expect(a.length).toBe(b.length);
      expect(Math.max(...a.map((x, i) => Math.abs(x - (b[i] as number))))).toBeLessThan(1e-5);
      expect(Math.max(...a.map(Math.abs))).toBeGreaterThan(0);
    }
  });
});
