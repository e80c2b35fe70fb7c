// All of our wasm kernels at once: the SIMD batch-matmul, the fused gelu_new / LayerNorm, the row-copy GatherV2 /
// SplitV and the cached-attention kernel of cached decoding. The backend probe installs them; PREFSTUDIO_WASM_KERNELS=tfjs
// (and the comparison benches) keep tfjs's own kernels instead.
import type * as TF from '@tensorflow/tfjs';
import { installFastBatchMatMul, uninstallFastBatchMatMul } from './wasm-batch-matmul';
import { installCachedAttention, uninstallCachedAttention } from './wasm-cached-attention';
import { installCopyKernels, uninstallCopyKernels } from './wasm-copy-kernels';
import { installFusedOps, uninstallFusedOps } from './wasm-fused-ops';

type Tf = typeof TF;

/** Call after the wasm backend is ready. Idempotent. */
export function installFastKernels(tf: Tf): void {
  installFastBatchMatMul(tf);
  installFusedOps(tf);
  installCopyKernels(tf);
  installCachedAttention(tf);
}

/** Back to tfjs's kernels only: the old path. */
export function uninstallFastKernels(tf: Tf): void {
  uninstallFastBatchMatMul(tf);
  uninstallFusedOps(tf);
  uninstallCopyKernels(tf);
  uninstallCachedAttention(tf);
}

/** PREFSTUDIO_WASM_KERNELS=tfjs keeps tfjs's own kernels; anything else (or unset) uses ours. */
export function fastKernelsWanted(env: NodeJS.ProcessEnv): boolean {
  return env.PREFSTUDIO_WASM_KERNELS !== 'tfjs';
}
