// Embedding lookup whose gradient is a scatter-add, because tfjs-backend-wasm 4.22 lacks UnsortedSegmentSum
// (the kernel tf.gather's own gradient needs); ScatterNd exists on every backend and sums duplicate ids.
import type * as TF from '@tensorflow/tfjs';
import type { Tf } from './params';

/** Rows of `table` [V, D] at `ids` [N] → [N, D]; d(table) = scatter-add of the incoming rows. */
export function embeddingLookup(tf: Tf, table: TF.Tensor2D, ids: TF.Tensor1D): TF.Tensor2D {
  const op = tf.customGrad((...args: (TF.Tensor | TF.GradSaveFunc)[]) => {
    const [t, i, save] = args as [TF.Tensor, TF.Tensor, TF.GradSaveFunc];
    save([i]);
    return {
      value: tf.gather(t, i),
      gradFunc: (dy: TF.Tensor, saved: TF.Tensor[]) => {
        const idx = saved[0] as TF.Tensor;
        return [tf.scatterND(idx.reshape([-1, 1]), dy, t.shape), tf.zerosLike(idx)];
      },
    };
  });
  return op(table, ids) as TF.Tensor2D;
}
