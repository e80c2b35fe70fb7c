// Registers the cached-attention kernel (cached-attention.c) on tfjs's wasm backend under a new kernel name, and the
// op the cached decoding path calls. Forward only: decoding takes no gradients, so none is registered.
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

function numberAttr(attrs: TF.NamedAttrMap | undefined, name: string): number {
  const v = attrs?.[name];
  if (typeof v !== 'number') throw new Error(`${CACHED_ATTENTION} needs a numeric ${name} attribute`);
  return v;
}

const KERNEL: TF.KernelConfig = {
  kernelName: CACHED_ATTENTION,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { qkv, past, meta } = inputs;
    if (!qkv || !past || !meta || qkv.dtype !== 'float32' || past.dtype !== 'float32' || meta.dtype !== 'int32') {
      throw new Error(`${CACHED_ATTENTION} takes float32 qkv and past and int32 meta`);
    }
    if (!isWasmHeapBackend(backend)) throw new Error(`${CACHED_ATTENTION} needs the wasm backend`);
    const heads = numberAttr(attrs, 'heads');
    const p = numberAttr(attrs, 'p');
    const [total, width] = qkv.shape as [number, number];
    const d = width / 3;
    const dh = d / heads;
    const rows = (meta.shape[0] ?? 0) / 4;
    const pastSize = past.shape.reduce((a, b) => a * b, 1);
    const mod = loadModule();
    const [oQkv, oPast, oMeta, oOut, oScratch] = layout(mod, [total * width * 4, pastSize * 4, rows * 16, total * d * 4, (p + total + dh) * 4]) as
      [number, number, number, number, number];
    f32(mod, oQkv, total * width).set(backend.typedArrayFromHeap(qkv));
    f32(mod, oPast, pastSize).set(backend.typedArrayFromHeap(past));
    new Int32Array(mod.memory.buffer, oMeta, rows * 4).set(backend.typedArrayFromHeap(meta));
    mod.fn('cached_attention')(oQkv, oPast, oMeta, oOut, oScratch, rows, heads, dh, p, numberAttr(attrs, 'scale'));
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
 * past [u·2·H·p·dh] holds the keys and values of u caches ([u, 2, H, p, dh], flattened; any non-empty tensor when
 * u = 0); meta [rows·4] int32 gives per row its cache (−1: none), the number of that cache's positions to attend,
 * and the first and count of its tokens in qkv. Returns the merged heads [tokens, D].
 */
export function cachedAttention(tf: Tf, qkv: TF.Tensor2D, past: TF.Tensor1D, meta: TF.Tensor1D, heads: number, p: number, scale: number): TF.Tensor2D {
  return tf.engine().runKernel(CACHED_ATTENTION, { qkv, past, meta }, { heads, p, scale }) as TF.Tensor2D;
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
