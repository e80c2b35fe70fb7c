// Messages between the job host (main loop) and a job running in a worker thread or child process.
import type { JobKind, JobProgress } from '../shared/dto';

/** What the host sends to start a job; the job opens its own connection to the project file. */
export interface JobStart {
  projectPath: string;
  jobId: string;
  kind: JobKind;
  /** Passed to better-sqlite3 so an Electron-ABI build can be used inside Electron. */
  sqliteNativeBinding?: string;
  /** Secrets the job may use (the LLM key of a MARS job), by reference; in memory only, never in the jobs table. */
  secrets?: Record<string, string>;
}

export type HostToJob = { type: 'start'; start: JobStart } | { type: 'cancel' };

/**
 * A job reports with a discriminated union. Progress is persisted by the job itself (in the same transaction
 * as the batch it describes), so the host only relays it; `done`/`error` are final.
 */
export type JobToHost =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'log'; line: string }
  | { type: 'changed'; datasetId: number | null }
  /** `result` crossed a thread or process boundary: the host checks it against the kind's schema. */
  | { type: 'done'; result: unknown; cancelled: boolean }
  | { type: 'error'; error: { code: string; message: string } };
