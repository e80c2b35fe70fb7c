// Loading our prebuilt WebAssembly kernel modules (embedded as base64) and laying out buffers in their memory; and
// the part of tfjs-backend-wasm's backend the kernels use to read inputs and allocate outputs.
import type * as TF from '@tensorflow/tfjs';

/** The part of tfjs-backend-wasm's BackendWasm the kernels use: output allocation and views of tensor memory. */
export interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: TF.DataType): TF.TensorInfo;
  typedArrayFromHeap(info: TF.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

export function isWasmHeapBackend(backend: unknown): backend is WasmHeapBackend {
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

export type WasmFunction = (...args: number[]) => void;

/** A compiled kernel module: its memory, where free memory starts, and its exported functions by name. */
export interface KernelModule {
  memory: WasmMemory;
  heapBase: number;
  fn(name: string): WasmFunction;
}

/** Compiles and instantiates an embedded module synchronously (they are a few KB). */
export function instantiateKernelModule(base64: string, label: string): KernelModule {
  const wasm: unknown = Reflect.get(globalThis, 'WebAssembly');
  if (!isWasmRuntime(wasm)) throw new Error('this runtime has no WebAssembly');
  const { exports } = new wasm.Instance(new wasm.Module(Buffer.from(base64, 'base64')));
  const { memory, __heap_base: heapBase } = exports;
  const base: unknown = isObject(heapBase) ? Reflect.get(heapBase, 'value') : undefined;
  if (!isMemory(memory) || typeof base !== 'number') throw new Error(`${label} lacks its memory or __heap_base export`);
  return {
    memory,
    heapBase: base,
    fn(name) {
      const f: unknown = exports[name];
      if (typeof f !== 'function') throw new Error(`${label} has no ${name} export`);
      return (...args: number[]) => void Reflect.apply(f, undefined, args);
    },
  };
}

const align16 = (bytes: number): number => (bytes + 15) & ~15;

/**
 * Lays out buffers of the given byte sizes one after another (16-byte aligned) from `base` (the heap base unless the
 * module keeps data between calls below it), growing the memory to hold them; returns their offsets. Memory is
 * reused by every call: kernels run one at a time.
 */
export function layout(mod: KernelModule, sizes: readonly number[], base = mod.heapBase): number[] {
  const offsets: number[] = [];
  let at = align16(base);
  for (const s of sizes) {
    offsets.push(at);
    at += align16(s);
  }
  const need = at - mod.memory.buffer.byteLength;
  if (need > 0) mod.memory.grow(Math.ceil(need / 65536));
  return offsets;
}

/** A float32 view of `length` values at byte offset `at` of the module's memory (valid until it grows). */
export function f32(mod: KernelModule, at: number, length: number): Float32Array {
  return new Float32Array(mod.memory.buffer, at, length);
}
