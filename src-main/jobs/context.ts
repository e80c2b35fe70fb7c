// What a running job gets to work with: its own project connection, a cancel signal and throttled progress.
import { backendOnce, type ChosenBackend } from '../engine/backend';
import type { JobKind, JobProgress } from '../shared/dto';
import type { JobResult } from '../shared/job-results';
import type { ProjectDb } from '../store/types';
import type { JobToHost } from './protocol';
import { MemorySecretStore, type SecretStore } from '../llm/secret-store';

export interface ProgressUpdate {
  done: number;
  total: number | null;
  unit: string;
  message: string;
  /** Live numbers for curves (training: step, loss, accuracy, tokensPerSecond…). */
  metrics?: Record<string, number>;
}

export interface JobContext {
  readonly db: ProjectDb;
  readonly jobId: string;
  readonly params: Record<string, unknown>;
  /** Aborted by a soft cancel: finish the current batch, commit it, return. */
  readonly signal: AbortSignal;
  /** Reports progress; persisted and relayed at most every `intervalMs` unless `force`. */
  progress(update: ProgressUpdate, force?: boolean): void;
  /** Tells clients that pairs of a data set changed (lists reload). */
  changed(datasetId: number | null): void;
  log(line: string): void;
  /** The ML backend of this job, chosen on first use and the same for the rest of the job (its line logged once). */
  backend(): Promise<ChosenBackend>;
  /** The secrets the host handed this job (the LLM key of a MARS job); empty for every other job. */
  readonly secrets: SecretStore;
}

/**
 * A job's body: returns its kind's result (shared/job-results.ts, checked again by the host when it arrives); a job
 * that returns after its signal aborted counts as cancelled.
 */
export type JobRunner<K extends JobKind> = (ctx: JobContext) => Promise<JobResult<K>>;

/** No ETA before this much of the job ran: the first batches (warm-up, compilation, caches) are not typical. */
export const ETA_AFTER_MS = 3000;

/**
 * The rate shown is smoothed over time so it does not jump with every batch; the ETA divides what is left by the
 * average rate since the first update, and only after `ETA_AFTER_MS`, so one fast or slow early batch cannot
 * promise "done in 2 s" or "4 hours".
 */
export class RateMeter {
  private last: { t: number; done: number } | null = null;
  private first: { t: number; done: number } | null = null;
  private rate: number | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  update(done: number, total: number | null): Pick<JobProgress, 'rate' | 'etaSeconds'> {
    const t = this.now();
    this.first ??= { t, done };
    if (this.last && t > this.last.t && done >= this.last.done) {
      const instant = ((done - this.last.done) * 1000) / (t - this.last.t);
      this.rate = this.rate === null ? instant : 0.7 * this.rate + 0.3 * instant;
    }
    if (!this.last || t - this.last.t >= 200) this.last = { t, done };
    const elapsed = t - this.first.t;
    const average = elapsed > 0 ? ((done - this.first.done) * 1000) / elapsed : 0;
    const eta =
      total !== null && elapsed >= ETA_AFTER_MS && average > 0 ? Math.max(0, (total - done) / average) : null;
    return { rate: this.rate, etaSeconds: eta };
  }
}

export function createJobContext(input: {
  db: ProjectDb;
  jobId: string;
  params: Record<string, unknown>;
  signal: AbortSignal;
  send: (message: JobToHost) => void;
  intervalMs?: number;
  /** How the backend is probed (tests count probes); by default the engine's order, from PREFSTUDIO_BACKEND down. */
  probeBackend?: () => Promise<ChosenBackend>;
  secrets?: SecretStore;
}): JobContext & { flush(): void } {
  const { db, jobId, send } = input;
  const interval = input.intervalMs ?? 250;
  const meter = new RateMeter();
  let lastSent = 0;
  // The newest update the throttle held back: without it a job ends on whatever it last sent (7,168 of 7,200).
  let held: ProgressUpdate | null = null;
  const log = (line: string): void => send({ type: 'log', line });
  const sendNow = (update: ProgressUpdate) => {
    held = null;
    lastSent = Date.now();
    const progress: JobProgress = { ...update, ...meter.update(update.done, update.total) };
    db.jobs.setProgress(jobId, progress);
    send({ type: 'progress', progress });
  };
  return {
    db,
    jobId,
    params: input.params,
    secrets: input.secrets ?? new MemorySecretStore(),
    signal: input.signal,
    progress(update, force = false) {
      if (!force && Date.now() - lastSent < interval) {
        held = update;
        return;
      }
      sendNow(update);
    },
    /** Sends the update the throttle held back, so the last progress a job reported is the one that stays. */
    flush() {
      if (held !== null) sendNow(held);
    },
    changed: (datasetId) => send({ type: 'changed', datasetId }),
    log,
    backend: backendOnce(log, input.probeBackend),
  };
}
