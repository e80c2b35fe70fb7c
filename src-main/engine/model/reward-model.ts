// The reward model: GPT-2 parameters plus a scalar head, scoring pairs through one shared prompt pass per pair.
import type * as TF from '@tensorflow/tfjs';
import { validateConfig, type GPT2Config } from './config';
import { lengthFeature, type PairTensors, type TokenIds } from './pair-batch';
import { assignVariables, createVariables, initialWeights, readVariables, type Tf, type WeightMap } from './params';
import { embed, lmHead, pooledFeatures, rewardHead, runBlocks, type LayerKV, type Params } from './transformer';

let instances = 0;

/** A GPT-2-shaped reward model over an already-initialised tf (any backend). Call `dispose()` when done. */
export class RewardModel {
  readonly tf: Tf;
  readonly config: GPT2Config;
  /** Trainable parameters keyed by Hugging Face GPT-2 names (`wte.weight`, `h.0.attn.c_attn.weight`, …, `score.weight`). */
  readonly params: Params;

  private constructor(tf: Tf, config: GPT2Config, weights: WeightMap) {
    validateConfig(config);
    this.tf = tf;
    this.config = { ...config };
    instances += 1;
    this.params = createVariables(tf, weights, `rm${instances}`);
  }

  /** A freshly initialised model; the same seed gives the same weights on every backend. */
  static create(tf: Tf, config: GPT2Config, seed: number): RewardModel {
    return new RewardModel(tf, config, initialWeights(config, seed));
  }

  /** A model holding `weights` (every parameter of `config`, by HF name). */
  static fromWeights(tf: Tf, config: GPT2Config, weights: WeightMap): RewardModel {
    const model = RewardModel.create(tf, config, 0);
    try {
      model.setWeights(weights);
    } catch (err) {
      model.dispose();
      throw err;
    }
    return model;
  }

  getWeights(): Promise<WeightMap> {
    return readVariables(this.params);
  }

  setWeights(weights: WeightMap): void {
    assignVariables(this.tf, this.params, weights);
  }

  /**
   * Rewards [2B] for a pair batch (chosen rows first, then rejected). The prompt rows run once and their keys and
   * values are tiled to both continuations, so gradients from both responses flow into one prompt pass.
   */
  rewardPairs(batch: PairTensors): TF.Tensor1D {
    const { hidden } = this.responseHidden(batch);
    return rewardHead(this.tf, this.config, this.params, hidden, batch.pool, batch.lengths);
  }

  /** Pooled response features [2B, D] (chosen rows first): what the reward head reads, used as an embedding. */
  responseFeatures(batch: PairTensors): TF.Tensor2D {
    const { hidden } = this.responseHidden(batch);
    return pooledFeatures(this.tf, this.config, this.params, hidden, batch.pool);
  }

  private responseHidden(batch: PairTensors): { hidden: TF.Tensor2D } {
    const { tf, config, params } = this;
    const b = batch.pairs;
    let past: LayerKV[] | null = null;
    if (batch.promptIds && batch.promptPos && batch.promptBias) {
      const x = embed(tf, params, batch.promptIds, batch.promptPos);
      const { kv } = runBlocks(tf, config, params, x, b, batch.promptLen, batch.promptBias, null);
      past = kv.map(({ k, v }) => ({ k: tf.concat([k, k], 0), v: tf.concat([v, v], 0) }));
    }
    const x = embed(tf, params, batch.contIds, batch.contPos);
    return runBlocks(tf, config, params, x, 2 * b, batch.responseLen, batch.contBias, past);
  }

  /**
   * The plain path: one unpadded sequence (prompt then response, ≤ n_positions tokens) through the model with no
   * cache; the reward pools the tokens from `responseStart` on. The reference the shared path is tested against.
   */
  rewardSequence(tokens: TokenIds, responseStart: number): number {
    const { tf, config, params } = this;
    const t = tokens.length;
    return tf.tidy(() => {
      const ids = tf.tensor2d(Int32Array.from(tokens), [1, t], 'int32');
      const pos = tf.tensor2d(Int32Array.from({ length: t }, (_, i) => i), [1, t], 'int32');
      const { hidden } = runBlocks(tf, config, params, embed(tf, params, ids, pos), 1, t, causalBias(tf, t), null);
      const pool = new Float32Array(t);
      const len = t - responseStart;
      if (config.pooling === 'last') pool[t - 1] = 1;
      else for (let i = responseStart; i < t; i++) pool[i] = 1 / len;
      const lengths = tf.tensor1d([lengthFeature(len)]);
      return rewardHead(tf, config, params, hidden, tf.tensor2d(pool, [1, t]), lengths).dataSync()[0] as number;
    });
  }

  /** Language-model logits [N, T, V] for ids [N, T] (positions 0..T-1, causal): the policy head. */
  lmLogits(ids: TF.Tensor2D): TF.Tensor3D {
    const { tf, config, params } = this;
    const [n, t] = ids.shape;
    return tf.tidy(() => {
      const pos = tf.tile(tf.range(0, t, 1, 'int32').reshape([1, t]), [n, 1]) as TF.Tensor2D;
      const bias = tf.tile(causalBias(tf, t), [n, 1, 1, 1]) as TF.Tensor4D;
      const { hidden } = runBlocks(tf, config, params, embed(tf, params, ids, pos), n, t, bias, null);
      return lmHead(tf, config, params, hidden, n, t);
    });
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
  }
}

/** [1, 1, T, T]: 0 on and below the diagonal, -1e9 above. */
function causalBias(tf: Tf, t: number): TF.Tensor4D {
  const data = new Float32Array(t * t);
  for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) data[i * t + j] = -1e9;
  return tf.tensor4d(data, [1, 1, t, t]);
}
