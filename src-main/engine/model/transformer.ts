// The GPT-2 forward pass (pre-LN blocks, causal multi-head attention, gelu_new MLP) over a parameter map,
// with optional cached keys/values so a shared prompt is encoded once and attended to by several continuations.
import type * as TF from '@tensorflow/tfjs';
import { fusedGeluNew, fusedLayerNorm } from '../kernels/fused-ops';
import type { GPT2Config } from './config';
import { embeddingLookup } from './embedding';
import { matMulNN } from './matmul';
import { LENGTH_WEIGHT, type Tf } from './params';

export type Params = Map<string, TF.Variable>;

/** Keys and values of one layer, [N, H, T, dh]. */
export interface LayerKV {
  k: TF.Tensor4D;
  v: TF.Tensor4D;
}

function param(params: Params, name: string): TF.Variable {
  const p = params.get(name);
  if (!p) throw new RangeError(`model has no parameter ${name}`);
  return p;
}

function layerNorm(tf: Tf, x: TF.Tensor2D, w: TF.Tensor, b: TF.Tensor, eps: number): TF.Tensor2D {
  const fused = fusedLayerNorm(tf, x, w, b, eps);
  if (fused) return fused;
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), w), b);
}

/** GPT-2's `gelu_new`: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
function geluNew(tf: Tf, x: TF.Tensor): TF.Tensor {
  const fused = fusedGeluNew(tf, x);
  if (fused) return fused;
  // x·x·x rather than tf.pow: Pow is a slow generic kernel on wasm.
  const inner = tf.mul(tf.add(x, tf.mul(tf.mul(tf.mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}

/** Conv1D as in HF GPT-2: weight is [in, out], so y = x·W + b. */
function conv1d(tf: Tf, x: TF.Tensor2D, w: TF.Tensor, b: TF.Tensor): TF.Tensor2D {
  return tf.add(matMulNN(tf, x, w as TF.Tensor2D), b);
}

/** [N·T, D] → [N, H, T, dh]. */
function splitHeads(tf: Tf, x: TF.Tensor2D, n: number, t: number, h: number): TF.Tensor4D {
  const dh = x.shape[1] / h;
  return tf.transpose(tf.reshape(x, [n, t, h, dh]), [0, 2, 1, 3]);
}

/**
 * Token + position embeddings for ids and position ids, both [N, T] int32, → hidden [N·T, D].
 * Both lookups go through the scatter-add embedding so their tables get gradients on wasm.
 */
export function embed(tf: Tf, params: Params, ids: TF.Tensor2D, positions: TF.Tensor2D): TF.Tensor2D {
  const flatIds = tf.reshape(ids, [-1]) as TF.Tensor1D;
  const flatPos = tf.reshape(positions, [-1]) as TF.Tensor1D;
  return tf.add(
    embeddingLookup(tf, param(params, 'wte.weight') as TF.Tensor2D, flatIds),
    embeddingLookup(tf, param(params, 'wpe.weight') as TF.Tensor2D, flatPos),
  );
}

/** One layer's attention: from the c_attn output qkv [N·T, 3D] to the merged heads [N·T, D] that c_proj takes. */
export type Attend = (layer: number, qkv: TF.Tensor2D) => TF.Tensor2D;

/**
 * The blocks over hidden states `x0` [N·T, D] with the attention core left to `attend` (projections, residuals and
 * MLP are the same for every caller); returns the final hidden states before ln_f.
 */
export function blocks(tf: Tf, config: GPT2Config, params: Params, x0: TF.Tensor2D, attend: Attend): TF.Tensor2D {
  const eps = config.layer_norm_epsilon;
  let x = x0;
  for (let i = 0; i < config.n_layer; i++) {
    const p = (name: string): TF.Variable => param(params, `h.${i}.${name}`);
    const a = layerNorm(tf, x, p('ln_1.weight'), p('ln_1.bias'), eps);
    const merged = attend(i, conv1d(tf, a, p('attn.c_attn.weight'), p('attn.c_attn.bias')));
    x = tf.add<TF.Tensor2D>(x, conv1d(tf, merged, p('attn.c_proj.weight'), p('attn.c_proj.bias')));
    const m = layerNorm(tf, x, p('ln_2.weight'), p('ln_2.bias'), eps);
    const f = geluNew(tf, conv1d(tf, m, p('mlp.c_fc.weight'), p('mlp.c_fc.bias')));
    x = tf.add<TF.Tensor2D>(x, conv1d(tf, f as TF.Tensor2D, p('mlp.c_proj.weight'), p('mlp.c_proj.bias')));
  }
  return x;
}

/**
 * Runs every block over hidden states `x` [N·T, D] of N rows of T tokens. `bias` [N, 1, T, Tpast+T] is added to
 * the attention scores (0 = may attend, -1e9 = masked): it carries causality and padding. `past` holds one
 * LayerKV per layer, [N, H, Tpast, dh], prepended to this pass's own keys/values. Returns the final hidden states
 * (before ln_f) and this pass's own keys/values, which a later pass may take as its `past`.
 */
export function runBlocks(
  tf: Tf,
  config: GPT2Config,
  params: Params,
  x0: TF.Tensor2D,
  n: number,
  t: number,
  bias: TF.Tensor4D,
  past: LayerKV[] | null,
): { hidden: TF.Tensor2D; kv: LayerKV[] } {
  const { n_embd: d, n_head: h } = config;
  const dh = d / h;
  const scale = 1 / Math.sqrt(dh);
  const kv: LayerKV[] = [];
  const hidden = blocks(tf, config, params, x0, (i, qkv) => {
    const [q2, k2, v2] = tf.split(qkv, 3, 1) as [TF.Tensor2D, TF.Tensor2D, TF.Tensor2D];
    // Scaling q (N·T·D values) is cheaper than scaling the scores (N·H·T·Tk).
    const q = splitHeads(tf, tf.mul(q2, scale) as TF.Tensor2D, n, t, h);
    const k = splitHeads(tf, k2, n, t, h);
    const v = splitHeads(tf, v2, n, t, h);
    kv.push({ k, v });
    const prior = past?.[i];
    const keys = prior ? tf.concat([prior.k, k], 2) : k;
    const values = prior ? tf.concat([prior.v, v], 2) : v;
    const tk = keys.shape[2];
    const scores = tf.add(
      tf.reshape(tf.matMul(tf.reshape(q, [n * h, t, dh]), tf.reshape(keys, [n * h, tk, dh]), false, true), [n, h, t, tk]),
      bias,
    );
    const weights = tf.reshape(tf.softmax(scores), [n * h, t, tk]);
    const ctx = tf.reshape(tf.matMul(weights, tf.reshape(values, [n * h, tk, dh])), [n, h, t, dh]);
    return tf.reshape(tf.transpose(ctx, [0, 2, 1, 3]), [n * t, d]) as TF.Tensor2D;
  });
  return { hidden, kv };
}

/** Final LayerNorm over hidden [N·T, D]. */
export function finalNorm(tf: Tf, config: GPT2Config, params: Params, hidden: TF.Tensor2D): TF.Tensor2D {
  return layerNorm(tf, hidden, param(params, 'ln_f.weight'), param(params, 'ln_f.bias'), config.layer_norm_epsilon);
}

/** The response representation the reward head reads: ln_f(hidden) pooled over each row's response tokens [N, D]. */
export function pooledFeatures(tf: Tf, config: GPT2Config, params: Params, hidden: TF.Tensor2D, pool: TF.Tensor2D): TF.Tensor2D {
  const [n, t] = pool.shape;
  const normed = tf.reshape(finalNorm(tf, config, params, hidden), [n, t, config.n_embd]);
  return tf.sum(tf.mul(normed, tf.expandDims(pool, 2)), 1) as TF.Tensor2D;
}

/**
 * Reward per row: `pool` [N, T] weights the ln_f'd hidden states of each row (one-hot at the last real token, or
 * 1/len over the response) — a weighted sum instead of a gather keeps the backward pass free of UnsortedSegmentSum.
 * With `config.length_feature`, `lengths` [N] (ln(1 + response tokens)) times `score.length_weight` is added.
 */
export function rewardHead(
  tf: Tf,
  config: GPT2Config,
  params: Params,
  hidden: TF.Tensor2D,
  pool: TF.Tensor2D,
  lengths: TF.Tensor1D,
): TF.Tensor1D {
  const pooled = pooledFeatures(tf, config, params, hidden, pool);
  const n = pool.shape[0];
  const reward = tf.reshape(matMulNN(tf, pooled, tf.transpose(param(params, 'score.weight')) as TF.Tensor2D), [n]) as TF.Tensor1D;
  return config.length_feature ? tf.add(reward, tf.mul(lengths, param(params, LENGTH_WEIGHT))) : reward;
}

/** Language-model logits [N, T, V] = ln_f(hidden) · wteᵀ (tied embeddings, as GPT-2). */
export function lmHead(tf: Tf, config: GPT2Config, params: Params, hidden: TF.Tensor2D, n: number, t: number): TF.Tensor3D {
  const normed = finalNorm(tf, config, params, hidden);
  const logits = matMulNN(tf, normed, tf.transpose(param(params, 'wte.weight')) as TF.Tensor2D);
  return tf.reshape(logits, [n, t, config.vocab_size]);
}
