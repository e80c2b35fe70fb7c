// Registers the cached-attention kernel (cached-attention.c) on tfjs's wasm backend under a new kernel name, and the
// op the cached decoding path calls. The key/value caches live in the kernel module's own memory, in regions handed
// out here, so a decoding step reads them in place (no copy of every cache into a tensor and then into the module at
// every layer of every step). Forward only: decoding takes no gradients, so none is registered.
import type * as TF from '@tensorflow/tfjs';
import { CACHED_ATTENTION_WASM_BASE64 } from './cached-attention-wasm';
import { f32, instantiateKernelModule, isWasmHeapBackend, layout, type KernelModule } from './wasm-module';

type Tf = typeof TF;

export const CACHED_ATTENTION = 'PrefStudioCachedAttention';

let kernelModule: KernelModule | null = null;

function loadModule(): KernelModule {
  kernelModule ??= instantiateKernelModule(CACHED_ATTENTION_WASM_BASE64, 'cached-attention.wasm');
  return kernelModule;
}

const align16 = (bytes: number): number => (bytes + 15) & ~15;

/** Live cache regions of the module's memory: byte offset → byte size. A call's own buffers go after the last one. */
const regions = new Map<number, number>();

function regionsEnd(mod: KernelModule): number {
  let end = align16(mod.heapBase);
  for (const [at, bytes] of regions) end = Math.max(end, at + align16(bytes));
  return end;
}

/** Float32 storage in the kernel module's memory that persists between kernel calls until freed. */
export interface CacheRegion {
  /** Byte offset in the module's memory: what the kernel's `past` attribute takes. */
  readonly offset: number;
  readonly floats: number;
  /** A view of the region (valid until the memory grows: take a new one for every use). */
  view(): Float32Array;
  free(): void;
}

/** Allocates a zeroed region of `floats` floats: the first gap between live regions that fits, else after the last. */
export function allocateCacheRegion(floats: number): CacheRegion {
  const mod = loadModule();
  const bytes = align16(Math.max(4, floats * 4));
  let at = align16(mod.heapBase);
  for (const [start, size] of [...regions].sort((a, b) => a[0] - b[0])) {
    if (start - at >= bytes) break;
    at = Math.max(at, start + align16(size));
  }
  const need = at + bytes - mod.memory.buffer.byteLength;
  if (need > 0) mod.memory.grow(Math.ceil(need / 65536));
  regions.set(at, bytes);
  const view = (): Float32Array => f32(mod, at, floats);
  view().fill(0);
  return { offset: at, floats, view, free: () => void regions.delete(at) };
}

function numberAttr(attrs: TF.NamedAttrMap | undefined, name: string): number {
  const v = attrs?.[name];
  if (typeof v !== 'number') throw new Error(`${CACHED_ATTENTION} needs a numeric ${name} attribute`);
  return v;
}

const KERNEL: TF.KernelConfig = {
  kernelName: CACHED_ATTENTION,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { qkv, meta } = inputs;
    if (!qkv || !meta || qkv.dtype !== 'float32' || meta.dtype !== 'int32') throw new Error(`${CACHED_ATTENTION} takes float32 qkv and int32 meta`);
    if (!isWasmHeapBackend(backend)) throw new Error(`${CACHED_ATTENTION} needs the wasm backend`);
    const heads = numberAttr(attrs, 'heads');
    const p = numberAttr(attrs, 'p');
    const past = numberAttr(attrs, 'past');
    if (past >= 0 && !regions.has(past)) throw new Error(`${CACHED_ATTENTION}: no cache region at ${past}`);
    const [total, width] = qkv.shape as [number, number];
    const d = width / 3;
    const dh = d / heads;
    const rows = (meta.shape[0] ?? 0) / 4;
    const mod = loadModule();
    const [oQkv, oMeta, oOut, oScratch] = layout(mod, [total * width * 4, rows * 16, total * d * 4, (p + total + dh) * 4], regionsEnd(mod)) as
      [number, number, number, number];
    f32(mod, oQkv, total * width).set(backend.typedArrayFromHeap(qkv));
    new Int32Array(mod.memory.buffer, oMeta, rows * 4).set(backend.typedArrayFromHeap(meta));
    mod.fn('cached_attention')(oQkv, Math.max(0, past), oMeta, oOut, oScratch, rows, heads, dh, p, numberAttr(attrs, 'scale'));
    const out = backend.makeOutput([total, d], 'float32');
    backend.typedArrayFromHeap(out).set(f32(mod, oOut, total * d));
    return out;
  },
};

/** Whether the kernel is registered for the current backend (wasm with our kernels installed). */
export function cachedAttentionAvailable(tf: Tf): boolean {
  return tf.getKernel(CACHED_ATTENTION, tf.getBackend()) !== undefined;
}

/**
 * Attention of each row's new tokens. qkv [tokens, 3D] is the c_attn output of all rows' new tokens, row after row;
 * `past` is a cache region holding [caches, 2, H, p, dh] keys and values (null: no row has a cache); meta
 * [rows·4] int32 gives per row its cache (−1: none), the number of that cache's positions to attend, and the first
 * and count of its tokens in qkv. Returns the merged heads [tokens, D].
 */
export function cachedAttention(tf: Tf, qkv: TF.Tensor2D, meta: TF.Tensor1D, past: CacheRegion | null, heads: number, p: number, scale: number): TF.Tensor2D {
  return tf.engine().runKernel(CACHED_ATTENTION, { qkv, meta }, { heads, p, scale, past: past ? past.offset : -1 }) as TF.Tensor2D;
}

/** Registers the kernel on wasm (idempotent). */
export function installCachedAttention(tf: Tf): void {
  if (tf.getKernel(CACHED_ATTENTION, 'wasm')) return;
  loadModule();
  tf.registerKernel(KERNEL);
}

/** Unregisters it: cached decoding goes back to tensor caches and tf ops (the old path). */
export function uninstallCachedAttention(tf: Tf): void {
  if (tf.getKernel(CACHED_ATTENTION, 'wasm')) tf.unregisterKernel(CACHED_ATTENTION, 'wasm');
}
