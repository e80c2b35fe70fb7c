// Registers the SIMD batch-matmul kernel (batch-matmul.c) for BatchMatMul on tfjs's wasm backend, in place of
// tfjs's own kernel for the products tfjs runs on its scalar loop (batched or transposed ones).
import type * as TF from '@tensorflow/tfjs';
import { BATCH_MATMUL_WASM_BASE64 } from './batch-matmul-wasm';
import { f32, instantiateKernelModule, isWasmHeapBackend, layout, type KernelModule, type WasmHeapBackend } from './wasm-module';

type Tf = typeof TF;

let kernelModule: KernelModule | null = null;

/** Compiles the embedded module once per process. */
function loadModule(): KernelModule {
  kernelModule ??= instantiateKernelModule(BATCH_MATMUL_WASM_BASE64, 'batch-matmul.wasm');
  return kernelModule;
}

interface Shapes {
  batch: number;
  batchA: number;
  batchB: number;
  m: number;
  k: number;
  n: number;
  outShape: number[];
}

function shapesOf(tf: Tf, a: TF.TensorInfo, b: TF.TensorInfo, transA: boolean, transB: boolean): Shapes {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = transA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const ka = transA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const kb = transB ? b.shape[rb - 1]! : b.shape[rb - 2]!;
  const n = transB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  if (ka !== kb) throw new Error(`Error in matMul: inner shapes (${ka}) and (${kb}) of Tensors with shapes ${a.shape} and ${b.shape} must match.`);
  const outer = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
  return { batch: Math.max(batchA, batchB), batchA, batchB, m, k: ka, n, outShape: [...outer, m, n] };
}

/**
 * Runs out = op(a) · op(b) in the SIMD module: copies a and b into its memory, multiplies, copies the result into
 * a new wasm-backend tensor. The copies are O(inputs) against the O(m·k·n) product.
 */
function simdBatchMatMul(tf: Tf, backend: WasmHeapBackend, a: TF.TensorInfo, b: TF.TensorInfo, transA: boolean, transB: boolean): TF.TensorInfo {
  const s = shapesOf(tf, a, b, transA, transB);
  const mod = loadModule();
  const sizeA = s.batchA * s.m * s.k;
  const sizeB = s.batchB * s.k * s.n;
  const sizeOut = s.batch * s.m * s.n;
  const np = (s.n + 7) & ~7;
  const [offA, offB, offOut, offScratch] = layout(mod, [sizeA * 4, sizeB * 4, sizeOut * 4, (s.m * s.k + s.k * np) * 4]) as [number, number, number, number];
  f32(mod, offA, sizeA).set(backend.typedArrayFromHeap(a));
  f32(mod, offB, sizeB).set(backend.typedArrayFromHeap(b));
  mod.fn('batch_matmul')(offA, offB, offOut, offScratch, s.batch, s.batchA, s.batchB, s.m, s.k, s.n, transA ? 1 : 0, transB ? 1 : 0);
  const out = backend.makeOutput(s.outShape, 'float32');
  backend.typedArrayFromHeap(out).set(f32(mod, offOut, sizeOut));
  return out;
}

const KERNEL = 'BatchMatMul';
let original: TF.KernelConfig | null = null;

/** Whether the SIMD kernel is the registered BatchMatMul for the wasm backend now. */
export function fastBatchMatMulInstalled(): boolean {
  return original !== null;
}

/**
 * Makes BatchMatMul on wasm run batched or transposed float32 products in the SIMD module; unbatched untransposed
 * ones still go to tfjs's kernel, which hands them to XNNPACK (faster still). Idempotent. Call after the wasm
 * backend is ready, so tfjs's kernel has been set up and can be delegated to.
 */
export function installFastBatchMatMul(tf: Tf): void {
  if (original) return;
  const tfjsKernel = tf.getKernel(KERNEL, 'wasm');
  if (!tfjsKernel) throw new Error('the wasm backend has no BatchMatMul kernel to replace');
  loadModule();
  tf.unregisterKernel(KERNEL, 'wasm');
  original = tfjsKernel;
  tf.registerKernel({
    kernelName: KERNEL,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { inputs, backend, attrs } = args;
      const a = inputs.a;
      const b = inputs.b;
      const transA = attrs?.transposeA === true;
      const transB = attrs?.transposeB === true;
      const unbatched = a !== undefined && b !== undefined && a.shape.length <= 2 && b.shape.length <= 2;
      const xnnpack = unbatched && !transA && !transB;
      if (xnnpack || !a || !b || a.dtype !== 'float32' || b.dtype !== 'float32' || !isWasmHeapBackend(backend)) {
        return tfjsKernel.kernelFunc(args);
      }
      return simdBatchMatMul(tf, backend, a, b, transA, transB);
    },
  });
}

/** Puts tfjs's own BatchMatMul back (the old path, kept for comparison benches and PREFSTUDIO_WASM_KERNELS=tfjs). */
export function uninstallFastBatchMatMul(tf: Tf): void {
  if (!original) return;
  tf.unregisterKernel(KERNEL, 'wasm');
  tf.registerKernel(original);
  original = null;
}
