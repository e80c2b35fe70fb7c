// Turns an allocation tfjs-backend-wasm's heap cannot hold into a clear error. tfjs 4.22 does not check what the
// module's malloc returns: when the heap cannot grow past its limit malloc gives 0, tfjs registers the tensor at
// address 0, the next kernel writes its output over the module's own static data (among it the C++ registry of
// tensors), and a later kernel dies with a bare `Aborted()` far from the cause (it was `Sum` in the policy loss).
// A request of 4 GiB or more is refused before malloc (it would reach it truncated to 32 bits and "succeed" too
// small), and so is a block malloc places past the end of the memory (near 4 GiB its heap growth wraps around).

/** tfjs-backend-wasm's heap limit: its build caps the memory at 4 GiB less one 64 KiB page. */
export const WASM_HEAP_MAX_BYTES = 4294901760;

const GUARDED = Symbol.for('prefstudio.wasm-heap-guard');

type Malloc = (bytes: number) => number;

const isObject = (x: unknown): x is object => typeof x === 'object' && x !== null;
const isMalloc = (x: unknown): x is Malloc => typeof x === 'function';

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** The error a refused allocation throws: names the limit, what was asked for and what to change. */
export function heapFullMessage(bytes: number, heapBytes: number): string {
  return (
    `the WebAssembly heap is full: a tensor of ${mb(bytes)} does not fit in tfjs-backend-wasm's 4 GiB heap ` +
    `(${mb(heapBytes)} in use or reserved). Use a smaller batch size or preset, or a native backend.`
  );
}

function heapBytesOf(wasm: object): number {
  const heap: unknown = Reflect.get(wasm, 'HEAPU8');
  return heap instanceof Uint8Array ? heap.buffer.byteLength : 0;
}

/**
 * Wraps the wasm backend's malloc (idempotent). Returns false when `backend` is not tfjs's wasm backend, so the
 * caller can go on without the guard on other backends.
 */
export function guardWasmHeap(backend: unknown): boolean {
  const wasm: unknown = isObject(backend) ? Reflect.get(backend, 'wasm') : undefined;
  if (!isObject(wasm)) return false;
  if (Reflect.get(wasm, GUARDED) === true) return true;
  const first: unknown = Reflect.get(wasm, '_malloc');
  const free: unknown = Reflect.get(wasm, '_free');
  if (!isMalloc(first) || !isMalloc(free)) return false;
  // Emscripten binds `_malloc` lazily: its first call replaces the property with the raw export. Call it once, so
  // the function wrapped below is the raw one and the wrapper is not replaced in turn.
  free(first(16));
  const raw: unknown = Reflect.get(wasm, '_malloc');
  if (!isMalloc(raw)) return false;
  const guarded: Malloc = (bytes) => {
    const at = bytes >= 2 ** 32 ? 0 : raw(bytes) >>> 0;
    if (bytes > 0 && (at === 0 || at + bytes > heapBytesOf(wasm))) throw new RangeError(heapFullMessage(bytes, heapBytesOf(wasm)));
    return at;
  };
  Reflect.set(wasm, '_malloc', guarded);
  Reflect.set(wasm, GUARDED, true);
  return true;
}
