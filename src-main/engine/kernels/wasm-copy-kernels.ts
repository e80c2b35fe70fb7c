// Data-movement kernels for tfjs's wasm backend, as block copies over the wasm heap: GatherV2 along axis 0 (the
// embedding lookups) and SplitV (the q/k/v split). tfjs's own run a strided per-element loop (GatherV2) and a
// Slice per part; for the model's shapes those took ~8 and ~6 ms a call, where copying whole rows takes well under
// one. Pure copies: results are bit-identical to tfjs's kernels.
import type * as TF from '@tensorflow/tfjs';
import { isWasmHeapBackend } from './wasm-module';

type Tf = typeof TF;

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const NAMES = ['GatherV2', 'SplitV'] as const;
const originals = new Map<string, TF.KernelConfig>();

function gatherRows(tf: Tf, tfjs: TF.KernelConfig): TF.KernelConfig {
  return {
    kernelName: 'GatherV2',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { inputs, backend, attrs } = args;
      const { x, indices } = inputs;
      const axis = attrs?.axis ?? 0;
      const batchDims = attrs?.batchDims ?? 0;
      if (!x || !indices || axis !== 0 || batchDims !== 0 || indices.dtype !== 'int32' || x.dtype === 'string' || !isWasmHeapBackend(backend)) {
        return tfjs.kernelFunc(args);
      }
      const rows = x.shape[0] ?? 0;
      const row = size(x.shape.slice(1));
      const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
      // Views after makeOutput: allocating may grow (and so detach) the heap.
      const ids = backend.typedArrayFromHeap(indices);
      const src = backend.typedArrayFromHeap(x);
      const dst = backend.typedArrayFromHeap(out);
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i] as number;
        tf.util.assert(id >= 0 && id < rows, () => `GatherV2: the index value ${id} is not in [0, ${rows - 1}]`);
        dst.set(src.subarray(id * row, id * row + row), i * row);
      }
      return out;
    },
  };
}

function splitBlocks(tf: Tf, tfjs: TF.KernelConfig): TF.KernelConfig {
  return {
    kernelName: 'SplitV',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { inputs, backend, attrs } = args;
      const { x } = inputs;
      if (!x || x.dtype === 'string' || !isWasmHeapBackend(backend)) return tfjs.kernelFunc(args);
      const axisAttr = attrs?.axis;
      if (typeof axisAttr !== 'number') return tfjs.kernelFunc(args);
      const axis = tf.util.parseAxisParam(axisAttr, x.shape)[0] ?? 0;
      const splits = attrs?.numOrSizeSplits;
      const parsed = typeof splits === 'number' ? splits : Array.isArray(splits) && splits.every((s) => typeof s === 'number') ? splits : null;
      if (parsed === null) return tfjs.kernelFunc(args);
      const sizes = tf.backend_util.prepareSplitSize(x, parsed, axis);
      const outer = size(x.shape.slice(0, axis));
      const inner = size(x.shape.slice(axis + 1));
      const total = (x.shape[axis] ?? 0) * inner;
      const outs = sizes.map((s) => backend.makeOutput(x.shape.map((d, i) => (i === axis ? s : d)), x.dtype));
      const src = backend.typedArrayFromHeap(x);
      let start = 0;
      outs.forEach((out, k) => {
        const block = (sizes[k] ?? 0) * inner;
        const dst = backend.typedArrayFromHeap(out);
        for (let o = 0; o < outer; o++) dst.set(src.subarray(o * total + start, o * total + start + block), o * block);
        start += block;
      });
      return outs;
    },
  };
}

/** Registers the copy kernels on wasm in place of tfjs's (idempotent); call after the wasm backend is ready. */
export function installCopyKernels(tf: Tf): void {
  if (originals.size > 0) return;
  const make = { GatherV2: gatherRows, SplitV: splitBlocks };
  for (const name of NAMES) {
    const tfjs = tf.getKernel(name, 'wasm');
    if (!tfjs) throw new Error(`the wasm backend has no ${name} kernel to replace`);
    originals.set(name, tfjs);
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(make[name](tf, tfjs));
  }
}

/** Puts tfjs's own GatherV2 and SplitV back (the old path). */
export function uninstallCopyKernels(tf: Tf): void {
  for (const [name, config] of originals) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(config);
  }
  originals.clear();
}
