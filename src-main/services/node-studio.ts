// Composition root for plain Node (CLI, server mode, tests) and the Electron main process: wires the real parts.
import type { JobKind } from '../shared/dto';
import { version } from '../../package.json';
import { backendOnce, isBackendProbeNote, withoutBackendReasons } from '../engine/backend';
import { processLauncher, threadLauncher, type Launcher } from '../jobs/launcher';
import { FileSecretStore, type SecretStore } from '../llm/secret-store';
import { openProject } from '../store/project';
import { Studio } from './studio';

export interface NodeStudioOptions {
  /** Job entry; defaults to the built `job-worker.js` beside this bundle, or the TypeScript source in dev. */
  workerUrl?: URL;
  log?: (line: string) => void;
  /** Whether the backend line lists why better backends were not taken (default true; the CLI: only --verbose). */
  backendReasons?: boolean;
  /** Path of a better-sqlite3 binary built for Electron's ABI, when running inside Electron. */
  sqliteNativeBinding?: string;
  /** How process-kind jobs start: a Node child process by default, an Electron utility process in the app. */
  processLauncher?: Launcher;
  /** Names this process in the job rows it owns, e.g. `prefstudio import` (shown in PROJECT_BUSY messages). */
  ownerLabel?: string;
  /** Where the LLM API key is kept; default: the 0600 file in the user's config folder. */
  secrets?: SecretStore;
}

/** Training and decoding get their own process; I/O-bound jobs a worker thread. */
const PROCESS_KINDS: ReadonlySet<JobKind> = new Set(['train', 'score', 'eval', 'mars', 'decode', 'robustness', 'policy-train', 'reform']);

function defaultWorkerUrl(): URL {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = fromSource ? '../jobs/worker-dev.mjs' : './job-worker.js';
  return new URL(entry, import.meta.url);
}

export function createNodeStudio(options: NodeStudioOptions = {}): Studio {
  const write = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // Covers the probe's own lines and the jobs' (each job process probes once and logs its line). Without reasons,
  // the probe's details (the WebGPU adapter probe's answer and the native stderr it captured) are left out too.
  const log =
    options.backendReasons === false
      ? (line: string) => {
          if (!isBackendProbeNote(line)) write(withoutBackendReasons(line));
        }
      : write;
  // This process's backend: probed once, on the first call that asks (a job process has its own, jobs/context.ts).
  const backend = backendOnce(log);
  const secrets = options.secrets ?? new FileSecretStore();
  return new Studio({
    version,
    log,
    secrets,
    openProject: (path, create) => openProject(path, { create, nativeBinding: options.sqliteNativeBinding }),
    backend: async () => (await backend()).report,
    jobs: {
      workerUrl: options.workerUrl ?? defaultWorkerUrl(),
      launcherFor: (kind) => (PROCESS_KINDS.has(kind) ? (options.processLauncher ?? processLauncher) : threadLauncher),
      secrets,
      ...(options.sqliteNativeBinding ? { sqliteNativeBinding: options.sqliteNativeBinding } : {}),
      ...(options.ownerLabel === undefined ? {} : { ownerLabel: options.ownerLabel }),
    },
  });
}
