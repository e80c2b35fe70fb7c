// Looks for Dawn's WebGPU adapter in a short-lived child process. Enumerating adapters makes the Vulkan loader, its
// implicit layers (Mesa's device-select layer: "XDG_RUNTIME_DIR is invalid") and Dawn ("Vulkan
// shaderUniform*ArrayDynamicIndexing required" for an old lavapipe) write straight to the process's stderr from
// native code; in a child that text is captured for the log, and Dawn is loaded in-process only where it pays.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { adapterLine, describeAdapter, NO_ADAPTER, type AdapterInfoFields, type WebGpuAdapter } from './webgpu';

export interface AdapterProbe {
  /** The adapter Dawn offers, or null (then `reason` says why). */
  adapter: WebGpuAdapter | null;
  reason: string | null;
  /** What the child wrote on stderr (the loader's, layers' and Dawn's lines), blank lines dropped. */
  native: string[];
  /**
   * What the probe cost: the child's own time from its start to its answer, or, when it gave none, the wall time
   * until it failed. (The parent's wall time would also count whatever kept the parent's event loop busy meanwhile.)
   */
  ms: number;
}

export interface AdapterProbeOptions {
  /** The child's script; by default webgpu-probe-child beside this module (source) or this bundle (built). */
  entry?: string;
  /** A hung driver must not hold the app: past this the child is killed and the answer is "no adapter". */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_TIMEOUT_MS = 15_000;

function defaultEntry(): string {
  // Built, this code sits in a chunk beside the entries in out/main (electron.vite.config.ts); from source, beside the .mjs.
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = fromSource ? './webgpu-probe-child.mjs' : './webgpu-probe-child.js';
  return fileURLToPath(new URL(entry, import.meta.url));
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const text = (x: unknown): string => (typeof x === 'string' ? x : '');

function adapterFrom(value: unknown): AdapterInfoFields | null {
  if (!isRecord(value)) return null;
  return {
    vendor: text(value.vendor),
    architecture: text(value.architecture),
    device: text(value.device),
    description: text(value.description),
    isFallbackAdapter: value.isFallbackAdapter === true,
  };
}

/** Dawn's own complaint about an adapter it turned down ("Warning: …" on one line), the best single reason. */
function dawnWarning(native: readonly string[]): string | null {
  const line = native.find((l) => /^(Warning|Error): /.test(l));
  return line === undefined ? null : line.replace(/^(Warning|Error): /, '');
}

/** Reads the child's answer: its last stdout line, JSON `{adapter}` or `{error}`. */
function answerOf(stdout: string, native: string[], wallMs: number): Omit<AdapterProbe, 'native'> {
  const last = stdout.trim().split('\n').pop() ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(last);
  } catch {
    return { adapter: null, reason: `the WebGPU probe printed no answer (${last.slice(0, 200) || 'nothing'})`, ms: wallMs };
  }
  const ms = isRecord(parsed) && typeof parsed.ms === 'number' ? parsed.ms : wallMs;
  if (isRecord(parsed) && typeof parsed.error === 'string') {
    return { adapter: null, reason: `the webgpu package did not load: ${parsed.error.split('\n')[0]?.slice(0, 300)}`, ms };
  }
  const info = isRecord(parsed) ? adapterFrom(parsed.adapter) : null;
  if (info === null) {
    const turnedDown = dawnWarning(native);
    return { adapter: null, reason: turnedDown ? `${NO_ADAPTER}; Dawn turned one down: ${turnedDown}` : NO_ADAPTER, ms };
  }
  return { adapter: describeAdapter(info), reason: null, ms };
}

/** Runs the child once. Never rejects: a spawn failure, crash or timeout is "no adapter" with the reason. */
export function runAdapterProbe(options: AdapterProbeOptions = {}): Promise<AdapterProbe> {
  const started = performance.now();
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env) };
  // Under Electron (main or utility process) execPath is the app binary; this makes it a plain Node for the child.
  if (process.versions.electron !== undefined) env.ELECTRON_RUN_AS_NODE = '1';
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let failure: string | null = null;
    const child = spawn(process.execPath, [options.entry ?? defaultEntry()], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      failure = `the WebGPU probe took over ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms and was stopped`;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', (err) => (failure ??= `the WebGPU probe could not start: ${err.message}`));
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const native = stderr.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
      const wallMs = performance.now() - started;
      if (failure === null && code !== 0) failure = `the WebGPU probe ended with ${signal ?? `exit code ${code}`}`;
      resolve({ ...(failure === null ? answerOf(stdout, native, wallMs) : { adapter: null, reason: failure, ms: wallMs }), native });
    });
  });
}

/** The Vulkan/driver settings that change what the probe finds: its answer is kept per distinct set. */
function driverEnvKey(env: NodeJS.ProcessEnv): string {
  const names = Object.keys(env)
    .filter((k) => /^(VK_|MESA_|DXVK_|__NV_)/.test(k) || ['NODEVICE_SELECT', 'LD_LIBRARY_PATH', 'DISPLAY', 'WAYLAND_DISPLAY', 'XDG_RUNTIME_DIR'].includes(k))
    .sort();
  return JSON.stringify(names.map((k) => [k, env[k]]));
}

const probes = new Map<string, Promise<AdapterProbe>>();

/** The probe's answer for this process (one child per driver setting, however many backends are chosen). */
export function probeWebGpuAdapter(env: NodeJS.ProcessEnv = process.env): Promise<AdapterProbe> {
  const key = driverEnvKey(env);
  let probe = probes.get(key);
  if (probe === undefined) {
    probe = runAdapterProbe({ env });
    probes.set(key, probe);
  }
  return probe;
}

/** The adapter when it is worth loading Dawn in-process for (hardware); otherwise throws why not. */
export function hardwareAdapter(probe: AdapterProbe): WebGpuAdapter {
  if (probe.adapter === null) throw new Error(probe.reason ?? NO_ADAPTER);
  if (probe.adapter.software) {
    throw new Error(`only a CPU adapter was found, ${adapterLine(probe.adapter)}; set PREFSTUDIO_BACKEND=webgpu to use it anyway`);
  }
  return probe.adapter;
}

/** Log lines about the probe: its cost and answer, then what the native code printed (kept out of the terminal). */
export function probeLogLines(probe: AdapterProbe): string[] {
  const found = probe.adapter ? adapterLine(probe.adapter) : `no adapter (${probe.reason ?? NO_ADAPTER})`;
  return [
    `webgpu adapter probe (child process, ${Math.round(probe.ms)} ms): ${found}`,
    ...probe.native.map((l) => `webgpu probe stderr: ${l}`),
  ];
}
