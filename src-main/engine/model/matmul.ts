// 2-D matrix product whose forward and backward passes are all untransposed products: tfjs-backend-wasm sends only
// unbatched, untransposed BatchMatMul to XNNPACK; transposeA/transposeB fall to a naive loop ~15× slower, and
// tf.matMul's own gradient uses exactly those flags. An explicit Transpose is cheap next to that.
import type * as TF from '@tensorflow/tfjs';
import type { Tf } from './params';

/** a [M, K] · b [K, N] → [M, N]; da = dy · bᵀ and db = aᵀ · dy, each as a plain product of a transposed copy. */
export function matMulNN(tf: Tf, a: TF.Tensor2D, b: TF.Tensor2D): TF.Tensor2D {
  const op = tf.customGrad((...args: (TF.Tensor | TF.GradSaveFunc)[]) => {
    const [x, w, save] = args as [TF.Tensor2D, TF.Tensor2D, TF.GradSaveFunc];
    save([x, w]);
    return {
      value: tf.matMul(x, w),
      gradFunc: (dy: TF.Tensor, saved: TF.Tensor[]) => {
        const [sx, sw] = saved as [TF.Tensor2D, TF.Tensor2D];
        const g = dy as TF.Tensor2D;
        return [tf.matMul(g, tf.transpose(sw)), tf.matMul(tf.transpose(sx), g)];
      },
    };
  });
  return op(a, b) as TF.Tensor2D;
}
