// Summed next-token cross-entropy of the tied LM head over the scored rows only, a block of rows at a time, with its
// gradient worked out inside the same blocks: no [rows, vocab] tensor larger than one block ever exists.
//
// Why: the plain composition (logSoftmax of all logits times a one-hot of the targets) holds several [N·T, V] float32
// tensors at once. On HH (V ≈ 14k, T = 255) that is 14 MB per row of the batch and tensor; 64 rows at once went past
// tfjs-backend-wasm's 4 GiB heap, whose failed allocation tfjs does not check (see kernels/wasm-heap-guard.ts).
// Here the peak is about six blocks of BLOCK_ELEMENTS floats whatever the batch, context or vocabulary.
import type * as TF from '@tensorflow/tfjs';
import type { Tf } from '../model/params';

/** Logit entries per block: rows per block = this / vocabulary size (at least one row). 16 MB of float32. */
export const BLOCK_ELEMENTS = 1 << 22;

/** What to score: for each row of the hidden states, the target token id and whether it counts (1) or not (0). */
export interface LmTargets {
  target: Int32Array;
  mask: Float32Array;
}

interface Scored {
  /** Row numbers whose mask is 1, in order. */
  rows: Int32Array;
  /** Their target ids. */
  ids: Int32Array;
}

function scoredRows(t: LmTargets): Scored {
  const rows: number[] = [];
  for (let i = 0; i < t.mask.length; i++) if (t.mask[i] === 1) rows.push(i);
  return { rows: Int32Array.from(rows), ids: Int32Array.from(rows, (r) => t.target[r] ?? 0) };
}

interface BlockResult {
  sum: TF.Scalar;
  /** d(sum)/d(hidden) for the scored rows only [M, D], and d(sum)/d(wte)ᵀ [D, V]; absent without gradients. */
  dSelected?: TF.Tensor2D;
  dWteT?: TF.Tensor2D;
}

/**
 * Over the scored rows `h` [M, D] against `wte` [V, D]: Σ (logsumexp(logits) − logit[target]) and, when asked, its
 * gradients (softmax − one-hot) · wte and hᵀ · (softmax − one-hot), block by block. Every product is untransposed
 * (tfjs-backend-wasm gives only those to XNNPACK; see model/matmul.ts).
 */
function blockwise(tf: Tf, h: TF.Tensor2D, wte: TF.Tensor2D, ids: Int32Array, grads: boolean): BlockResult {
  const [m, d] = h.shape;
  const v = wte.shape[0];
  const per = Math.max(1, Math.floor(BLOCK_ELEMENTS / v));
  const wteT = tf.transpose(wte) as TF.Tensor2D;
  let sum: TF.Scalar = tf.scalar(0);
  let dWteT: TF.Tensor2D | undefined = grads ? tf.zeros([d, v]) : undefined;
  const dParts: TF.Tensor2D[] = [];
  for (let start = 0; start < m; start += per) {
    const rows = Math.min(per, m - start);
    const block = ids.subarray(start, start + rows);
    const out = tf.tidy(() => {
      const hc = tf.slice(h, [start, 0], [rows, d]) as TF.Tensor2D;
      const logits = tf.matMul(hc, wteT);
      const lse = tf.logSumExp(logits, 1, true);
      // Flat positions row·V + id of each row's target logit: a gather of single values, no one-hot.
      const at = tf.tensor1d(Int32Array.from(block, (id, r) => r * v + id), 'int32');
      const picked = tf.gather(tf.reshape(logits, [rows * v]), at);
      const nll = tf.sum(tf.sub(tf.reshape(lse, [rows]), picked));
      if (!grads) return { nll };
      // The one-hot is made int32 and cast: tfjs-backend-wasm 4.22's OneHot writes float32 output as int bits.
      const g = tf.sub(tf.exp(tf.sub(logits, lse)), tf.cast(tf.oneHot(tf.tensor1d(block, 'int32'), v), 'float32'));
      return { nll, dh: tf.matMul(g, wte), dwT: tf.matMul(tf.transpose(hc), g) };
    });
    const next = tf.add(sum, out.nll) as TF.Scalar;
    sum.dispose();
    out.nll.dispose();
    sum = next;
    if (out.dh && out.dwT && dWteT) {
      dParts.push(out.dh as TF.Tensor2D);
      const acc = tf.add(dWteT, out.dwT) as TF.Tensor2D;
      dWteT.dispose();
      out.dwT.dispose();
      dWteT = acc;
    }
  }
  wteT.dispose();
  if (!grads || !dWteT) return { sum };
  const dSelected = dParts.length === 0 ? (tf.zeros([0, d]) as TF.Tensor2D) : (tf.concat(dParts, 0) as TF.Tensor2D);
  dParts.forEach((p) => p.dispose());
  return { sum, dSelected, dWteT };
}

/** Σ over rows with mask 1 of −log softmax(normed · wteᵀ)[target], without gradients (evaluation). */
export function lmLossSum(tf: Tf, normed: TF.Tensor2D, wte: TF.Tensor2D, targets: LmTargets): TF.Scalar {
  const s = scoredRows(targets);
  if (s.rows.length === 0) return tf.scalar(0);
  return tf.tidy(() => blockwise(tf, tf.gather(normed, tf.tensor1d(s.rows, 'int32')) as TF.Tensor2D, wte, s.ids, false).sum);
}

/**
 * The same sum as a differentiable op of `normed` [R, D] and `wte` [V, D]. The gradients are computed in the forward
 * blocks (the loss is a scalar, so they only need scaling by dy afterwards): the LM head costs the three products
 * it would cost under autodiff, over the scored rows alone, and no [R, V] tensor is kept for the backward pass.
 */
export function lmLossSumWithGrad(tf: Tf, normed: TF.Tensor2D, wte: TF.Tensor2D, targets: LmTargets): TF.Scalar {
  const s = scoredRows(targets);
  const op = tf.customGrad((...args: (TF.Tensor | TF.GradSaveFunc)[]) => {
    const [h, w, save] = args as [TF.Tensor2D, TF.Tensor2D, TF.GradSaveFunc];
    const [r, d] = h.shape;
    if (s.rows.length === 0) {
      return { value: tf.scalar(0), gradFunc: () => [tf.zerosLike(h), tf.zerosLike(w)] };
    }
    const index = tf.tensor1d(s.rows, 'int32');
    const res = blockwise(tf, tf.gather(h, index) as TF.Tensor2D, w, s.ids, true);
    // Kept by the engine until backprop (and not at all when no gradient is being recorded).
    save([tf.scatterND(tf.reshape(index, [-1, 1]), res.dSelected as TF.Tensor2D, [r, d]), tf.transpose(res.dWteT as TF.Tensor2D)]);
    return {
      value: res.sum,
      gradFunc: (dy: TF.Tensor, saved: TF.Tensor[]) => {
        const [dh, dw] = saved as [TF.Tensor2D, TF.Tensor2D];
        return [tf.mul(dh, dy), tf.mul(dw, dy)];
      },
    };
  });
  return op(normed, wte) as TF.Scalar;
}
