// Registers the fused gelu_new and LayerNorm kernels (fused-ops.c) on tfjs's wasm backend, and takes them away
// again for the old path (PREFSTUDIO_WASM_KERNELS=tfjs, and the comparison benches).
import type * as TF from '@tensorflow/tfjs';
import { FUSED_OPS_WASM_BASE64 } from './fused-ops-wasm';
import { GELU_NEW, GELU_NEW_GRAD, LAYER_NORM, LAYER_NORM_GRAD, registerFusedGradients } from './fused-ops';
import { f32, instantiateKernelModule, isWasmHeapBackend, layout, type KernelModule, type WasmHeapBackend } from './wasm-module';

type Tf = typeof TF;

let kernelModule: KernelModule | null = null;

function loadModule(): KernelModule {
  kernelModule ??= instantiateKernelModule(FUSED_OPS_WASM_BASE64, 'fused-ops.wasm');
  return kernelModule;
}

function heapBackend(backend: unknown): WasmHeapBackend {
  if (!isWasmHeapBackend(backend)) throw new Error('fused kernels need the wasm backend');
  return backend;
}

function input(inputs: TF.NamedTensorInfoMap, name: string): TF.TensorInfo {
  const t = inputs[name];
  if (!t || t.dtype !== 'float32') throw new Error(`fused kernel input ${name} must be a float32 tensor`);
  return t;
}

/** Copies the inputs into the module, runs `fn` on their offsets and the outputs', copies the outputs out. */
function run(backend: WasmHeapBackend, ins: TF.TensorInfo[], outShapes: number[][], scratchBytes: number,
  call: (offsets: number[]) => void): TF.TensorInfo[] {
  const mod = loadModule();
  const inSizes = ins.map((t) => t.shape.reduce((a, b) => a * b, 1));
  const outSizes = outShapes.map((s) => s.reduce((a, b) => a * b, 1));
  const offsets = layout(mod, [...inSizes, ...outSizes].map((n) => n * 4).concat(scratchBytes));
  ins.forEach((t, i) => f32(mod, offsets[i]!, inSizes[i]!).set(backend.typedArrayFromHeap(t)));
  call(offsets);
  return outShapes.map((shape, i) => {
    const out = backend.makeOutput(shape, 'float32');
    backend.typedArrayFromHeap(out).set(f32(mod, offsets[ins.length + i]!, outSizes[i]!));
    return out;
  });
}

const rowsOf = (x: TF.TensorInfo): [number, number] => {
  const d = x.shape[x.shape.length - 1] ?? 1;
  return [x.shape.reduce((a, b) => a * b, 1) / d, d];
};

const epsOf = (attrs: TF.NamedAttrMap | undefined): number => {
  const eps = attrs?.eps;
  if (typeof eps !== 'number') throw new Error('LayerNorm needs a numeric eps attribute');
  return eps;
};

const KERNELS: TF.KernelConfig[] = [
  {
    kernelName: GELU_NEW,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const x = input(inputs, 'x');
      const n = x.shape.reduce((a, b) => a * b, 1);
      return run(heapBackend(backend), [x], [x.shape], 0, ([ox, oy]) => loadModule().fn('gelu_new')(ox!, oy!, n))[0]!;
    },
  },
  {
    kernelName: GELU_NEW_GRAD,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const x = input(inputs, 'x');
      const n = x.shape.reduce((a, b) => a * b, 1);
      return run(heapBackend(backend), [x, input(inputs, 'dy')], [x.shape], 0,
        ([ox, ody, odx]) => loadModule().fn('gelu_new_grad')(ox!, ody!, odx!, n))[0]!;
    },
  },
  {
    kernelName: LAYER_NORM,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const x = input(inputs, 'x');
      const [rows, d] = rowsOf(x);
      return run(heapBackend(backend), [x, input(inputs, 'gamma'), input(inputs, 'beta')], [x.shape], 0,
        ([ox, og, ob, oy]) => loadModule().fn('layer_norm')(ox!, og!, ob!, oy!, rows, d, epsOf(attrs)))[0]!;
    },
  },
  {
    kernelName: LAYER_NORM_GRAD,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const x = input(inputs, 'x');
      const gamma = input(inputs, 'gamma');
      const [rows, d] = rowsOf(x);
      // Scratch: two rows of doubles for the column sums of dgamma and dbeta.
      return run(heapBackend(backend), [x, gamma, input(inputs, 'dy')], [x.shape, gamma.shape, gamma.shape], 16 * d,
        ([ox, og, ody, odx, odg, odb, oacc]) => loadModule().fn('layer_norm_grad')(ox!, og!, ody!, odx!, odg!, odb!, oacc!, rows, d, epsOf(attrs)));
    },
  },
];

/** Whether the fused kernels are registered on wasm now. */
export function fusedOpsInstalled(tf: Tf): boolean {
  return tf.getKernel(GELU_NEW, 'wasm') !== undefined;
}

/** Registers the fused kernels on wasm (idempotent); the model then uses them instead of composed tf ops. */
export function installFusedOps(tf: Tf): void {
  if (fusedOpsInstalled(tf)) return;
  loadModule();
  registerFusedGradients(tf);
  for (const k of KERNELS) tf.registerKernel(k);
}

/** Unregisters them: the model composes gelu_new and LayerNorm from tf ops again (the old path). */
export function uninstallFusedOps(tf: Tf): void {
  if (!fusedOpsInstalled(tf)) return;
  for (const k of KERNELS) tf.unregisterKernel(k.kernelName, 'wasm');
}
