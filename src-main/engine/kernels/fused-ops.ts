// GPT-2's gelu_new and LayerNorm as single fused kernels (forward and gradient), where the current backend has them
// registered (wasm, by wasm-fused-ops.ts); elsewhere callers compose them from tf ops as before.
import type * as TF from '@tensorflow/tfjs';

type Tf = typeof TF;

export const GELU_NEW = 'PrefStudioGeluNew';
export const GELU_NEW_GRAD = 'PrefStudioGeluNewGrad';
export const LAYER_NORM = 'PrefStudioLayerNorm';
export const LAYER_NORM_GRAD = 'PrefStudioLayerNormGrad';

/** Gradients of the fused kernels, for the tape; registered once per tfjs instance (they are backend-independent). */
export function registerFusedGradients(tf: Tf): void {
  if (!tf.getGradient(GELU_NEW)) {
    tf.registerGradient({
      kernelName: GELU_NEW,
      inputsToSave: ['x'],
      gradFunc: (dy, saved) => {
        const [x] = saved as [TF.Tensor];
        return { x: () => tf.engine().runKernel(GELU_NEW_GRAD, { x, dy: dy as TF.Tensor }, {}) as TF.Tensor };
      },
    });
  }
  if (!tf.getGradient(LAYER_NORM)) {
    tf.registerGradient({
      kernelName: LAYER_NORM,
      inputsToSave: ['x', 'gamma'],
      gradFunc: (dy, saved, attrs) => {
        const [x, gamma] = saved as [TF.Tensor, TF.Tensor];
        // One pass yields all three gradients, so it runs once here rather than once per input.
        const [dx, dgamma, dbeta] = tf.engine().runKernel(LAYER_NORM_GRAD, { x, gamma, dy: dy as TF.Tensor }, attrs) as TF.Tensor[];
        return { x: () => dx as TF.Tensor, gamma: () => dgamma as TF.Tensor, beta: () => dbeta as TF.Tensor };
      },
    });
  }
}

const available = (tf: Tf, kernel: string): boolean => tf.getKernel(kernel, tf.getBackend()) !== undefined;

/** gelu_new(x) in one kernel, or null where the backend lacks it. */
export function fusedGeluNew(tf: Tf, x: TF.Tensor): TF.Tensor | null {
  if (x.dtype !== 'float32' || !available(tf, GELU_NEW)) return null;
  return tf.engine().runKernel(GELU_NEW, { x }, {}) as TF.Tensor;
}

/** LayerNorm over the last axis of x [rows, d] with gain and bias [d], in one kernel; null where the backend lacks it. */
export function fusedLayerNorm(tf: Tf, x: TF.Tensor2D, gamma: TF.Tensor, beta: TF.Tensor, eps: number): TF.Tensor2D | null {
  if (x.dtype !== 'float32' || gamma.rank !== 1 || beta.rank !== 1 || !available(tf, LAYER_NORM)) return null;
  return tf.engine().runKernel(LAYER_NORM, { x, gamma, beta }, { eps }) as TF.Tensor2D;
}
