// Lays a batch of (prompt, chosen, rejected) token ids out for shared-prompt encoding: the prompt rows once,
// left-padded so every prompt ends where its responses begin, and both responses as continuation rows.
import type * as TF from '@tensorflow/tfjs';
import type { GPT2Config } from './config';
import type { Tf } from './params';

export type TokenIds = Int32Array | readonly number[];

/** One preference pair as token ids (the tokenizer lives elsewhere); `margin` feeds the optional margin loss. */
export interface TokPair {
  prompt: TokenIds;
  chosen: TokenIds;
  rejected: TokenIds;
  margin?: number;
}

/** Tensors for one batch of B pairs padded to a prompt length Lp and a response length Lr. */
export interface PairTensors {
  /** B; continuation rows are chosen 0..B-1 then rejected B..2B-1. */
  pairs: number;
  promptLen: number;
  responseLen: number;
  /** [B, Lp] ids and position ids, absent when Lp = 0. */
  promptIds: TF.Tensor2D | null;
  promptPos: TF.Tensor2D | null;
  /** [B, 1, Lp, Lp] additive attention bias of the prompt pass. */
  promptBias: TF.Tensor4D | null;
  /** [2B, Lr] ids and position ids of the responses. */
  contIds: TF.Tensor2D;
  contPos: TF.Tensor2D;
  /** [2B, 1, Lr, Lp + Lr]: each response sees its own prompt's real tokens and its own earlier tokens. */
  contBias: TF.Tensor4D;
  /** [2B, Lr] pooling weights: one-hot at the last real token ('last') or 1/len over the response ('mean'). */
  pool: TF.Tensor2D;
  /** [2B] ln(1 + response tokens): the reward head's length feature (read only when the config enables it). */
  lengths: TF.Tensor1D;
}

const MASKED = -1e9;

/**
 * Adam moves every parameter by about the learning rate per step, whatever its gradient's size; scaled by 100, the
 * single length weight can reach a useful size (about one reward unit per e-fold of length) within tens of steps,
 * before the body has memorised the training pairs.
 */
const LENGTH_FEATURE_SCALE = 100;

/** The length feature of a response of `tokens` tokens: logarithmic, since 10 more tokens matter less on a long answer. */
export function lengthFeature(tokens: number): number {
  return LENGTH_FEATURE_SCALE * Math.log1p(tokens);
}

/**
 * Fits a pair into `context` positions. The response is what gets scored, so it is kept whole and the prompt is
 * cut from the left (its most recent turns survive). A response longer than the whole context keeps its first
 * `context` tokens and the prompt is dropped.
 */
export function truncatePair(pair: TokPair, context: number): TokPair {
  const chosen = pair.chosen.length > context ? pair.chosen.slice(0, context) : pair.chosen;
  const rejected = pair.rejected.length > context ? pair.rejected.slice(0, context) : pair.rejected;
  const room = context - Math.max(chosen.length, rejected.length);
  const prompt = pair.prompt.length > room ? pair.prompt.slice(pair.prompt.length - room) : pair.prompt;
  const out: TokPair = { prompt, chosen, rejected };
  if (pair.margin !== undefined) out.margin = pair.margin;
  return out;
}

/** Builds the tensors for `pairs`, each already truncated so its prompt fits Lp and its responses fit Lr. */
export function buildPairTensors(tf: Tf, config: GPT2Config, pairs: readonly TokPair[], lp: number, lr: number): PairTensors {
  const b = pairs.length;
  const maxPos = config.n_positions - 1;
  const promptIds = new Int32Array(b * lp);
  const promptPos = new Int32Array(b * lp);
  const promptBias = new Float32Array(b * lp * lp).fill(MASKED);
  const contIds = new Int32Array(2 * b * lr);
  const contPos = new Int32Array(2 * b * lr);
  const tk = lp + lr;
  const contBias = new Float32Array(2 * b * lr * tk).fill(MASKED);
  const pool = new Float32Array(2 * b * lr);
  const lengths = new Float32Array(2 * b);
  pairs.forEach((pair, row) => {
    const p = pair.prompt.length;
    const offset = lp - p;
    if (p > lp || pair.chosen.length > lr || pair.rejected.length > lr) {
      throw new RangeError(`pair ${row} (prompt ${p}, responses ${pair.chosen.length}/${pair.rejected.length}) exceeds bucket ${lp}/${lr}`);
    }
    for (let i = 0; i < p; i++) {
      promptIds[row * lp + offset + i] = pair.prompt[i] as number;
      promptPos[row * lp + offset + i] = i;
      // Real prompt queries see real prompt keys up to themselves; pad queries stay fully masked (never read).
      for (let j = offset; j <= offset + i; j++) promptBias[(row * lp + offset + i) * lp + j] = 0;
    }
    [pair.chosen, pair.rejected].forEach((resp, which) => {
      const r = which * b + row;
      const len = resp.length;
      lengths[r] = lengthFeature(len);
      for (let i = 0; i < lr; i++) {
        contIds[r * lr + i] = i < len ? (resp[i] as number) : 0;
        contPos[r * lr + i] = Math.min(p + i, maxPos);
        const base = (r * lr + i) * tk;
        for (let j = offset; j < lp; j++) contBias[base + j] = 0;
        for (let j = 0; j <= i; j++) contBias[base + lp + j] = 0;
      }
      if (len === 0) return;
      if (config.pooling === 'last') pool[r * lr + len - 1] = 1;
      else for (let i = 0; i < len; i++) pool[r * lr + i] = 1 / len;
    });
  });
  return {
    pairs: b,
    promptLen: lp,
    responseLen: lr,
    promptIds: lp > 0 ? tf.tensor2d(promptIds, [b, lp], 'int32') : null,
    promptPos: lp > 0 ? tf.tensor2d(promptPos, [b, lp], 'int32') : null,
    promptBias: lp > 0 ? tf.tensor4d(promptBias, [b, 1, lp, lp]) : null,
    contIds: tf.tensor2d(contIds, [2 * b, lr], 'int32'),
    contPos: tf.tensor2d(contPos, [2 * b, lr], 'int32'),
    contBias: tf.tensor4d(contBias, [2 * b, 1, lr, tk]),
    pool: tf.tensor2d(pool, [2 * b, lr]),
    lengths: tf.tensor1d(lengths),
  };
}

/** Frees a batch's tensors. */
export function disposePairTensors(t: PairTensors): void {
  for (const x of [t.promptIds, t.promptPos, t.promptBias, t.contIds, t.contPos, t.contBias, t.pool, t.lengths]) x?.dispose();
}
