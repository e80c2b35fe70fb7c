// Trains a policy LM (GPT-2 body, tied LM head) on prompt → response with the loss on response tokens only, with
// checkpoints and resume, and saves it as a GPT2LMHeadModel-compatible Hugging Face folder the decoder can load.
import type * as TF from '@tensorflow/tfjs';
import type { GPT2Config } from '../model/config';
import { assignVariables, readVariables, type Tf } from '../model/params';
import { SeededRng } from '../model/rng';
import { embed, finalNorm, runBlocks, type Params } from '../model/transformer';
import { hfConfigOf } from '../reward/model-files';
import { AdamW } from '../train/adamw';
import type { TrainCheckpoint } from '../train/types';
import type { TextTokenizer } from '../tokenizer/types';
import { saveHfFolder } from '../weights/hf-folder';
import { lmLossSum, lmLossSumWithGrad } from './lm-loss';
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
  /** After each step: mean cross-entropy per response token (nats), its perplexity, and the step's tokens/s. */
  onStep?(p: PolicyStep): void;
  /** Continue a run from its checkpoint (weights, optimiser moments and the step reached). */
  resumeFrom?: TrainCheckpoint;
  /** Checkpoint every N steps (and at a cancel); 0 or absent: never. */
  checkpointEvery?: number;
  onCheckpoint?(cp: TrainCheckpoint): void | Promise<void>;
}

export interface PolicyStep {
  step: number;
  loss: number;
  perplexity: number;
  tokensPerSecond: number;
}

export interface PolicyTrainOutcome {
  /** Loss of the last step taken (NaN when none was). */
  loss: number;
  /** Steps completed, counting those before a resume. */
  steps: number;
  cancelled: boolean;
}

interface Encoded {
  ids: number[];
  responseStart: number;
}

/** Token ids of an example fitted into the context: the response (plus eos) kept, the prompt cut from the left. */
function encodeExample(tokenizer: TextTokenizer, nPos: number, ex: PolicyExample): Encoded {
  const response = [...tokenizer.encode(ex.response), tokenizer.eosId].slice(0, nPos - 1);
  const prompt = Array.from(tokenizer.encode(ex.prompt));
  const room = nPos - response.length;
  const kept = prompt.length === 0 ? [tokenizer.eosId] : prompt.slice(Math.max(0, prompt.length - room));
  return { ids: [...kept, ...response].slice(0, nPos), responseStart: kept.length };
}

/**
 * Summed response-token cross-entropy of a batch and how many tokens it covers. Position t predicts token t+1; only
 * predictions of response tokens (and the closing eos) count. The LM head runs block by block over those rows alone
 * (lm-loss.ts), with its gradient when `grads` is set, so memory does not grow with batch × context × vocabulary.
 */
function batchLossParts(tf: Tf, config: GPT2Config, params: Params, rows: readonly Encoded[], grads: boolean): { sum: TF.Scalar; count: number } {
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
  const normed = finalNorm(tf, config, params, hidden);
  const wte = params.get('wte.weight');
  if (!wte) throw new RangeError('the policy has no wte.weight (its tied LM head)');
  const sum = (grads ? lmLossSumWithGrad : lmLossSum)(tf, normed, wte as TF.Tensor2D, { target, mask });
  return { sum, count: mask.reduce((a, b) => a + b, 0) };
}

/** Mean response-token cross-entropy of a batch, differentiable. */
function batchLoss(tf: Tf, config: GPT2Config, params: Params, rows: readonly Encoded[]): TF.Scalar {
  const { sum, count } = batchLossParts(tf, config, params, rows, true);
  return tf.div(sum, Math.max(count, 1)) as TF.Scalar;
}

/**
 * The batch plan of the whole run: shuffled passes over the data, cut into batches. Rebuilt from the seed alone,
 * so a resumed run takes exactly the batches the interrupted one would have taken next.
 */
function batchPlan(examples: number, batchSize: number, seed: number): () => number[] {
  const rng = new SeededRng(seed);
  let order: number[] = [];
  return () => {
    if (order.length < batchSize) order = [...order, ...rng.shuffle(Array.from({ length: examples }, (_, i) => i))];
    return order.splice(0, batchSize);
  };
}

/**
 * AdamW (no weight decay, gradients clipped to norm 1) over shuffled mini-batches at a constant learning rate.
 * Stops after the step in progress when `signal` aborts; checkpoints every `checkpointEvery` steps and at a cancel.
 */
export async function trainPolicy(o: PolicyTrainOptions): Promise<PolicyTrainOutcome> {
  const { tf, config, params } = o;
  const data = o.examples.map((ex) => encodeExample(o.tokenizer, config.n_positions, ex));
  if (data.length === 0) throw new RangeError('no examples to train the policy on');
  const names = [...params.keys()];
  const vars = names.map((n) => params.get(n) as TF.Variable);
  const optimizer = new AdamW(tf, params, { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
  const next = batchPlan(data.length, o.batchSize, o.seed);
  let step = 0;
  if (o.resumeFrom) {
    assignVariables(tf, params, o.resumeFrom.weights);
    optimizer.setState(o.resumeFrom.optimizer);
    for (; step < o.resumeFrom.step; step++) next();
  }
  // The reward trainer's checkpoint format; a policy run needs only the step, as its batch plan replays from the seed.
  const checkpoint = async (): Promise<void> => {
    if (!o.onCheckpoint) return;
    const weights = await readVariables(params);
    await o.onCheckpoint({ step, epoch: 0, batchInEpoch: step, epochRngState: 0, seed: o.seed, weights, optimizer: await optimizer.getState() });
  };
  let loss = NaN;
  try {
    while (step < o.steps) {
      if (o.signal?.aborted) {
        await checkpoint();
        return { loss, steps: step, cancelled: true };
      }
      const batch = next().map((i) => data[i] as Encoded);
      const tokens = batch.reduce((sum, row) => sum + row.ids.length, 0);
      const started = performance.now();
      const value = tf.tidy(() => {
        const { value: v, grads } = tf.variableGrads(() => batchLoss(tf, config, params, batch), vars);
        optimizer.apply(new Map(names.map((n, i) => [n, grads[(vars[i] as TF.Variable).name] as TF.Tensor])), o.learningRate, 1);
        return v;
      });
      loss = (await value.data())[0] as number;
      value.dispose();
      step += 1;
      o.onStep?.({ step, loss, perplexity: Math.exp(loss), tokensPerSecond: (tokens * 1000) / Math.max(performance.now() - started, 1e-3) });
      if (o.checkpointEvery && step % o.checkpointEvery === 0 && step < o.steps) await checkpoint();
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    optimizer.dispose();
  }
  return { loss, steps: step, cancelled: false };
}

/** Mean response-token cross-entropy over `examples` (no gradients), in batches, for perplexity before and after. */
export function policyLoss(tf: Tf, config: GPT2Config, params: Params, tokenizer: TextTokenizer, examples: readonly PolicyExample[], batchSize = 8): number {
  const data = examples.map((ex) => encodeExample(tokenizer, config.n_positions, ex));
  let sum = 0;
  let count = 0;
  for (let i = 0; i < data.length; i += batchSize) {
    const [s, c] = tf.tidy(() => {
      const parts = batchLossParts(tf, config, params, data.slice(i, i + batchSize), false);
      return [parts.sum.dataSync()[0] as number, parts.count];
    });
    sum += s;
    count += c;
  }
  return sum / Math.max(count, 1);
}

/** Writes config.json (architectures GPT2LMHeadModel), model.safetensors and tokenizer.json into `dir`. */
export function savePolicy(dir: string, config: GPT2Config, params: Params, tokenizer: TextTokenizer, preset: string, training: Record<string, unknown>): void {
  const { prefstudio: _rewardOnly, ...hf } = hfConfigOf({ ...config, length_feature: false }, preset, tokenizer.eosId);
  const tensors = new Map<string, Tensor>();
  for (const [name, v] of params) tensors.set(name, { dtype: 'float32', shape: [...v.shape], data: v.dataSync() as Float32Array });
  saveHfFolder(dir, { config: hf, tensors, tokenizerJson: tokenizer.toJSON(), eosId: tokenizer.eosId, padId: tokenizer.padId, training });
}
