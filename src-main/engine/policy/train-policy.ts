// Trains a policy LM (GPT-2 body, tied LM head) on prompt → response with the loss on response tokens only, and
// saves it as a GPT2LMHeadModel-compatible Hugging Face folder that the decoder (and transformers) can load.
import type * as TF from '@tensorflow/tfjs';
import type { GPT2Config } from '../model/config';
import type { Tf } from '../model/params';
import { SeededRng } from '../model/rng';
import { embed, lmHead, runBlocks, type Params } from '../model/transformer';
import { hfConfigOf } from '../reward/model-files';
import type { TextTokenizer } from '../tokenizer/types';
import { saveHfFolder } from '../weights/hf-folder';
import type { Tensor } from '../weights/tensor';

/** One training example: the policy learns to continue `prompt` with `response` then end-of-text. */
export interface PolicyExample {
  prompt: string;
  response: string;
}

export interface PolicyTrainOptions {
  tf: Tf;
  config: GPT2Config;
  params: Params;
  tokenizer: TextTokenizer;
  examples: readonly PolicyExample[];
  steps: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  signal?: AbortSignal;
  /** After each step: mean cross-entropy per response token (nats) and its perplexity. */
  onStep?(step: number, loss: number, perplexity: number): void;
}

/** Token ids of an example fitted into the context: the response (plus eos) kept, the prompt cut from the left. */
function encodeExample(tokenizer: TextTokenizer, nPos: number, ex: PolicyExample): { ids: number[]; responseStart: number } {
  const response = [...tokenizer.encode(ex.response), tokenizer.eosId].slice(0, nPos - 1);
  const prompt = Array.from(tokenizer.encode(ex.prompt));
  const room = nPos - response.length;
  const kept = prompt.length === 0 ? [tokenizer.eosId] : prompt.slice(Math.max(0, prompt.length - room));
  return { ids: [...kept, ...response].slice(0, nPos), responseStart: kept.length };
}

/**
 * Mean response-token cross-entropy of a batch. Position t predicts token t+1; only predictions of response tokens
 * (and the closing eos) count. The one-hot product stands in for a gather, whose gradient wasm lacks.
 */
function batchLoss(tf: Tf, config: GPT2Config, params: Params, rows: { ids: number[]; responseStart: number }[]): TF.Scalar {
  const n = rows.length;
  const t = Math.max(...rows.map((r) => r.ids.length)) - 1;
  const input = new Int32Array(n * t);
  const pos = new Int32Array(n * t);
  const target = new Int32Array(n * t);
  const mask = new Float32Array(n * t);
  const bias = new Float32Array(t * t);
  for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) bias[i * t + j] = -1e9;
  rows.forEach((row, r) => {
    for (let q = 0; q < t; q++) {
      input[r * t + q] = row.ids[q] ?? 0;
      pos[r * t + q] = q;
      target[r * t + q] = row.ids[q + 1] ?? 0;
      mask[r * t + q] = q + 1 >= row.responseStart && q + 1 < row.ids.length ? 1 : 0;
    }
  });
  const x = embed(tf, params, tf.tensor2d(input, [n, t], 'int32'), tf.tensor2d(pos, [n, t], 'int32'));
  const causal = tf.tile(tf.tensor4d(bias, [1, 1, t, t]), [n, 1, 1, 1]) as TF.Tensor4D;
  const { hidden } = runBlocks(tf, config, params, x, n, t, causal, null);
  const logp = tf.logSoftmax(tf.reshape(lmHead(tf, config, params, hidden, n, t), [n * t, config.vocab_size]));
  const picked = tf.sum(tf.mul(logp, tf.oneHot(tf.tensor1d(target, 'int32'), config.vocab_size)), 1);
  const m = tf.tensor1d(mask);
  return tf.div(tf.neg(tf.sum(tf.mul(picked, m))), tf.maximum(tf.sum(m), 1)) as TF.Scalar;
}

/** Adam over shuffled mini-batches; returns the last step's loss. */
export async function trainPolicy(o: PolicyTrainOptions): Promise<number> {
  const { tf, config, params } = o;
  const data = o.examples.map((ex) => encodeExample(o.tokenizer, config.n_positions, ex));
  if (data.length === 0) throw new RangeError('no examples to train the policy on');
  const rng = new SeededRng(o.seed);
  const optimizer = tf.train.adam(o.learningRate);
  const vars = [...params.values()];
  let order: number[] = [];
  let loss = NaN;
  try {
    for (let step = 1; step <= o.steps; step++) {
      o.signal?.throwIfAborted();
      if (order.length < o.batchSize) order = [...order, ...rng.shuffle(data.map((_, i) => i))];
      const batch = order.splice(0, o.batchSize).map((i) => data[i] as { ids: number[]; responseStart: number });
      const value = optimizer.minimize(() => batchLoss(tf, config, params, batch), true, vars) as TF.Scalar;
      loss = (await value.data())[0] as number;
      value.dispose();
      o.onStep?.(step, loss, Math.exp(loss));
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    optimizer.dispose();
  }
  return loss;
}

/** Mean response-token cross-entropy over `examples` (no gradients), for held-out perplexity. */
export function policyLoss(tf: Tf, config: GPT2Config, params: Params, tokenizer: TextTokenizer, examples: readonly PolicyExample[]): number {
  const data = examples.map((ex) => encodeExample(tokenizer, config.n_positions, ex));
  return tf.tidy(() => batchLoss(tf, config, params, data).dataSync()[0] as number);
}

/** Writes config.json (architectures GPT2LMHeadModel), model.safetensors and tokenizer.json into `dir`. */
export function savePolicy(dir: string, config: GPT2Config, params: Params, tokenizer: TextTokenizer, preset: string, training: Record<string, unknown>): void {
  const { prefstudio: _rewardOnly, ...hf } = hfConfigOf({ ...config, length_feature: false }, preset, tokenizer.eosId);
  const tensors = new Map<string, Tensor>();
  for (const [name, v] of params) tensors.set(name, { dtype: 'float32', shape: [...v.shape], data: v.dataSync() as Float32Array });
  saveHfFolder(dir, { config: hf, tensors, tokenizerJson: tokenizer.toJSON(), eosId: tokenizer.eosId, padId: tokenizer.padId, training });
}
