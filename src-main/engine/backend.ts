// Runtime choice of the TensorFlow.js backend: CUDA → WebGPU (a hardware adapter) → native CPU → WASM → pure JS,
// never failing to start.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import type { BackendReport } from '../shared/dto';
import { guardWasmHeap } from './kernels/wasm-heap-guard';
import { fastKernelsWanted, installFastKernels } from './kernels/wasm-kernels';
import { adapterLine, startWebGpu } from './webgpu';
import { hardwareAdapter, probeLogLines, probeWebGpuAdapter } from './webgpu-probe';

export type BackendName = BackendReport['name'];
export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'];

export interface ChosenBackend {
  tf: typeof TF;
  report: BackendReport;
  /** Details for the log only (the WebGPU probe's cost, answer and captured native stderr), one line each. */
  notes: string[];
}

const require = createRequire(import.meta.url);

function reasonOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  // Native load errors are long multi-line dlopen messages; the first line names the missing library.
  return text.split('\n')[0]?.slice(0, 300) ?? 'unknown error';
}

/** Where the .wasm binaries live: the package's dist folder, resolved from its package.json. */
function wasmDir(): string {
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
}

/**
 * The native packages register their kernels before they load libtensorflow, so importing one whose install
 * script never ran half-registers it and floods the log. Look for the binding file first and import only then.
 */
function assertNativeBinding(pkg: string): void {
  let lib: string;
  try {
    lib = join(dirname(require.resolve(`${pkg}/package.json`)), 'lib');
  } catch {
    throw new Error(`${pkg} is not installed`);
  }
  const found = existsSync(lib) && readdirSync(lib).some((d) => existsSync(join(lib, d, 'tfjs_binding.node')));
  if (!found) throw new Error(`${pkg} has no native binding (its libtensorflow download did not run or failed)`);
}

async function tryBackend(name: BackendName, forced: boolean, notes: string[]): Promise<{ tf: typeof TF; detail: string }> {
  switch (name) {
    case 'tensorflow-gpu': {
      assertNativeBinding('@tensorflow/tfjs-node-gpu');
      const tf: typeof TF = await import('@tensorflow/tfjs-node-gpu');
      await tf.setBackend('tensorflow');
      return { tf, detail: 'libtensorflow with CUDA (tfjs-node-gpu)' };
    }
    case 'webgpu': {
      // Unless webgpu was asked for by name, a child process looks for the adapter first (started before tfjs
      // loads, so the two overlap) and Dawn is loaded here only for a hardware one: what the Vulkan loader and Dawn
      // print while they enumerate adapters then never reaches this process's stderr.
      const probing = forced ? null : probeWebGpuAdapter();
      const tf = await import('@tensorflow/tfjs');
      if (probing !== null) {
        const probe = await probing;
        notes.push(...probeLogLines(probe));
        hardwareAdapter(probe);
      }
      // A CPU adapter (SwiftShader) is slower than wasm: taken only when webgpu itself was asked for.
      const adapter = await startWebGpu(tf, forced);
      return { tf, detail: `WebGPU on ${adapterLine(adapter)} (tfjs-backend-webgpu on Dawn)` };
    }
    case 'tensorflow': {
      assertNativeBinding('@tensorflow/tfjs-node');
      const tf: typeof TF = await import('@tensorflow/tfjs-node');
      await tf.setBackend('tensorflow');
      return { tf, detail: 'libtensorflow on CPU (tfjs-node)' };
    }
    case 'wasm': {
      const tf = await import('@tensorflow/tfjs');
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(wasmDir());
      if (!(await tf.setBackend('wasm'))) throw new Error('the WASM backend failed to initialise');
      await tf.ready();
      // A full heap then fails as a clear error instead of corrupting the module's memory (wasm-heap-guard.ts).
      guardWasmHeap(tf.backend());
      const fast = fastKernelsWanted(process.env);
      if (fast) installFastKernels(tf);
      const kernels = fast ? ', SIMD batch-matmul kernel, fused gelu_new/LayerNorm, row-copy and cached-attention kernels' : ', tfjs kernels only (PREFSTUDIO_WASM_KERNELS=tfjs)';
      return { tf, detail: `WebAssembly with SIMD (tfjs-backend-wasm${kernels}), single thread under Node` };
    }
    case 'cpu': {
      const tf = await import('@tensorflow/tfjs');
      await tf.setBackend('cpu');
      return { tf, detail: 'plain JavaScript kernels (slowest)' };
    }
  }
}

/**
 * Tries each backend from `preferred` on down and returns the first that initialises, with the reasons the
 * better ones were skipped. `preferred` lets tests and users (PREFSTUDIO_BACKEND) start lower in the order.
 */
export async function chooseBackend(preferred: BackendName = 'tensorflow-gpu'): Promise<ChosenBackend> {
  const start = BACKEND_ORDER.indexOf(preferred);
  const rejected: BackendReport['rejected'] = BACKEND_ORDER.slice(0, start).map((name) => ({
    name,
    reason: `skipped: ${preferred} was requested`,
  }));
  const notes: string[] = [];
  for (const name of BACKEND_ORDER.slice(start)) {
    try {
      const { tf, detail } = await tryBackend(name, name === preferred && preferred !== BACKEND_ORDER[0], notes);
      return { tf, report: { name, detail, rejected }, notes };
    } catch (err) {
      rejected.push({ name, reason: reasonOf(err) });
    }
  }
  throw new Error(`no TensorFlow.js backend could start: ${rejected.map((r) => `${r.name}: ${r.reason}`).join('; ')}`);
}

/**
 * The backend of one context (a job, or the service process), chosen once: probed on first use, then the same answer
 * for every later caller, and its line logged once. Several probes in one process would log several lines and could
 * (with a failing native package) even disagree.
 */
export function backendOnce(
  log: (line: string) => void,
  probe: () => Promise<ChosenBackend> = () => chooseBackend(preferredFromEnv(process.env)),
): () => Promise<ChosenBackend> {
  let chosen: Promise<ChosenBackend> | null = null;
  return () =>
    (chosen ??= probe().then((c) => {
      log(describeBackend(c.report));
      for (const note of c.notes) log(`${PROBE_NOTE}${note}`);
      return c;
    }));
}

/** Reads PREFSTUDIO_BACKEND, refusing unknown names with the list of valid ones. */
export function preferredFromEnv(env: NodeJS.ProcessEnv): BackendName {
  const value = env.PREFSTUDIO_BACKEND;
  if (value === undefined || value === '') return 'tensorflow-gpu';
  if ((BACKEND_ORDER as readonly string[]).includes(value)) return value as BackendName;
  throw new Error(`PREFSTUDIO_BACKEND=${value} is not one of ${BACKEND_ORDER.join(', ')}`);
}

/** Starts the log lines that detail the probe (the CLI shows them only with --verbose). */
const PROBE_NOTE = 'backend probe: ';

/** Whether a log line (a job's too, as the host relays it) is one of the probe's details. */
export function isBackendProbeNote(line: string): boolean {
  return /(^|\] )backend probe: /.test(line);
}

/** Separates the chosen backend from the reasons the better ones were not taken, in the one-line report. */
const NOT_USED = '; not used: ';

/** One line for logs and the CLI: "backend: wasm — …; not used: tensorflow-gpu (…), tensorflow (…)". */
export function describeBackend(report: BackendReport): string {
  const skipped = report.rejected.map((r) => `${r.name} (${r.reason})`).join(', ');
  return `backend: ${report.name} — ${report.detail}${skipped ? `${NOT_USED}${skipped}` : ''}`;
}

/**
 * A log line with any backend line's reasons cut off. Jobs log the full line (it is kept with the job); the CLI
 * relays logs through this unless --verbose, so by default it names only the backend and its adapter.
 */
export function withoutBackendReasons(line: string): string {
  const at = line.indexOf(NOT_USED);
  return /(^|\] )backend: /.test(line) && at >= 0 ? line.slice(0, at) : line;
}
