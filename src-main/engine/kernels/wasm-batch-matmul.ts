// Registers the SIMD batch-matmul kernel (batch-matmul.c) for BatchMatMul on tfjs's wasm backend, in place of
// tfjs's own kernel for the products tfjs runs on its scalar loop (batched or transposed ones).
import type * as TF from '@tensorflow/tfjs';
import { BATCH_MATMUL_WASM_BASE64 } from './batch-matmul-wasm';

type Tf = typeof TF;

/** The part of tfjs-backend-wasm's BackendWasm the kernel uses: output allocation and views of tensor memory. */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: TF.DataType): TF.TensorInfo;
  typedArrayFromHeap(info: TF.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

function isWasmHeapBackend(backend: unknown): backend is WasmHeapBackend {
  return (
    typeof backend === 'object' && backend !== null &&
    typeof Reflect.get(backend, 'makeOutput') === 'function' &&
    typeof Reflect.get(backend, 'typedArrayFromHeap') === 'function'
  );
}

// tsconfig.node.json has no DOM lib, so the WebAssembly API is typed here, for the little of it this file uses.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmRuntime {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

const isObject = (x: unknown): x is object => typeof x === 'object' && x !== null;
const isWasmRuntime = (x: unknown): x is WasmRuntime =>
  isObject(x) && typeof Reflect.get(x, 'Module') === 'function' && typeof Reflect.get(x, 'Instance') === 'function';
const isMemory = (x: unknown): x is WasmMemory =>
  isObject(x) && Reflect.get(x, 'buffer') instanceof ArrayBuffer && typeof Reflect.get(x, 'grow') === 'function';
const isNumberFunction = (x: unknown): x is (...args: number[]) => unknown => typeof x === 'function';

interface KernelModule {
  memory: WasmMemory;
  heapBase: number;
  run: (a: number, b: number, out: number, scratch: number, batch: number, batchA: number, batchB: number,
    m: number, k: number, n: number, transA: number, transB: number) => void;
}

let kernelModule: KernelModule | null = null;

/** Compiles the embedded module once per process (synchronously: it is 8 KB). */
function loadModule(): KernelModule {
  if (kernelModule) return kernelModule;
  const wasm: unknown = Reflect.get(globalThis, 'WebAssembly');
  if (!isWasmRuntime(wasm)) throw new Error('this runtime has no WebAssembly');
  const { exports } = new wasm.Instance(new wasm.Module(Buffer.from(BATCH_MATMUL_WASM_BASE64, 'base64')));
  const { memory, batch_matmul: run, __heap_base: heapBase } = exports;
  const base: unknown = isObject(heapBase) ? Reflect.get(heapBase, 'value') : undefined;
  if (!isMemory(memory) || !isNumberFunction(run) || typeof base !== 'number') {
    throw new Error('batch-matmul.wasm lacks its memory, batch_matmul or __heap_base export');
  }
  kernelModule = { memory, heapBase: base, run: (...args) => void run(...args) };
  return kernelModule;
}

const align16 = (bytes: number): number => (bytes + 15) & ~15;

/** Grows the module's memory to hold `bytes` past the heap base. */
function ensureMemory(mod: KernelModule, bytes: number): void {
  const need = mod.heapBase + bytes - mod.memory.buffer.byteLength;
  if (need > 0) mod.memory.grow(Math.ceil(need / 65536));
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
  const offA = align16(mod.heapBase);
  const offB = offA + align16(sizeA * 4);
  const offOut = offB + align16(sizeB * 4);
  const offScratch = offOut + align16(sizeOut * 4);
  ensureMemory(mod, offScratch - mod.heapBase + (s.m * s.k + s.k * np) * 4);
  new Float32Array(mod.memory.buffer, offA, sizeA).set(backend.typedArrayFromHeap(a));
  new Float32Array(mod.memory.buffer, offB, sizeB).set(backend.typedArrayFromHeap(b));
  mod.run(offA, offB, offOut, offScratch, s.batch, s.batchA, s.batchB, s.m, s.k, s.n, transA ? 1 : 0, transB ? 1 : 0);
  const out = backend.makeOutput(s.outShape, 'float32');
  backend.typedArrayFromHeap(out).set(new Float32Array(mod.memory.buffer, offOut, sizeOut));
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

/** PREFSTUDIO_WASM_KERNELS=tfjs keeps tfjs's own kernels; anything else (or unset) uses ours. */
export function fastKernelsWanted(env: NodeJS.ProcessEnv): boolean {
  return env.PREFSTUDIO_WASM_KERNELS !== 'tfjs';
}
