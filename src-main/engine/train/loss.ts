// Pairwise losses: Bradley-Terry −log σ(r_c − r_r − m) in softplus form, plus optional reward centring.
import type * as TF from '@tensorflow/tfjs';
import type { Tf } from '../model/params';

/**
 * Mean Bradley-Terry loss over B pairs from rewards [2B] (chosen first). softplus(−x) = −log σ(x) without the
 * overflow of log(1 + exp). `margins` [B] (or null) subtracts a per-pair margin; `centering` λ adds λ·mean((r_c + r_r)²),
 * which pins the reward's free offset near zero.
 */
export function pairwiseLoss(tf: Tf, rewards: TF.Tensor1D, margins: TF.Tensor1D | null, centering: number): TF.Scalar {
  const b = rewards.shape[0] / 2;
  const chosen = tf.slice(rewards, [0], [b]);
  const rejected = tf.slice(rewards, [b], [b]);
  let diff = tf.sub(chosen, rejected);
  if (margins) diff = tf.sub(diff, margins);
  let loss = tf.mean(tf.softplus(tf.neg(diff))) as TF.Scalar;
  if (centering > 0) loss = tf.add(loss, tf.mul(tf.mean(tf.square(tf.add(chosen, rejected))), centering));
  return loss;
}

/** The same loss in plain numbers, for reporting validation loss without a tensor round-trip. */
export function pairwiseLossValue(chosen: number, rejected: number): number {
  const x = chosen - rejected;
  return x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
}
