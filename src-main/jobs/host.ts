// The job host: starts jobs off the main loop, relays their progress as events, cancels, resumes, records ends.
import { randomUUID } from 'node:crypto';
import type { StudioEvent } from '../shared/contract';
import type { Job, JobKind } from '../shared/dto';
import { ErrorCode, StudioError, toErrorDTO } from '../shared/errors';
import { jobParams, type JobParamsInput } from '../shared/job-params';
import { type JobResult, parseJobResult } from '../shared/job-results';
import { currentOwner, HEARTBEAT_MS, type JobOwner } from '../store/job-owner';
import type { ProjectDb } from '../store/types';
import type { JobChannel, Launcher } from './launcher';
import type { JobToHost } from './protocol';
import type { SecretStore } from '../llm/secret-store';
import { policyKeyEntries } from '../llm/endpoint-key';
import { llmSecretEntries } from '../llm/settings';

export interface JobHostOptions {
  /** The worker entry (built `job-worker.js`, or a dev bootstrap that loads the TypeScript source). */
  workerUrl: URL;
  /** Which launcher runs a kind: threads for I/O jobs, processes for training. */
  launcherFor: (kind: JobKind) => Launcher;
  emit: (event: StudioEvent) => void;
  log: (line: string) => void;
  sqliteNativeBinding?: string;
  /** How long a soft cancel may take before the job is killed. */
  cancelGraceMs?: number;
  /** Names this process in the job rows it owns (and in another process's PROJECT_BUSY message). */
  ownerLabel?: string;
  /** Where the LLM key is read from when a job that may call the LLM starts or resumes; none: no key is sent. */
  secrets?: SecretStore;
}

/** Kinds that may call an endpoint (the LLM, or an endpoint policy): only they receive keys, in the start message. */
const LLM_KINDS: ReadonlySet<JobKind> = new Set(['mars', 'decode', 'robustness', 'reform']);

interface Running {
  channel: JobChannel;
  finished: Promise<void>;
  killTimer?: NodeJS.Timeout;
}

const RESUMABLE = new Set(['cancelled', 'interrupted', 'failed']);

export class JobHost {
  private readonly running = new Map<string, Running>();
  private readonly owner: JobOwner;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: ProjectDb,
    private readonly opts: JobHostOptions,
  ) {
    this.owner = currentOwner(opts.ownerLabel);
  }

  /**
   * Records a new job, owned by this process, and starts it; PROJECT_BUSY while another process writes. The params are
   * checked against the kind's schema here and stored with their defaults, so the runner reads back what was checked.
   */
  start<K extends JobKind>(kind: K, params: JobParamsInput<K>): Job {
    const checked = jobParams(kind, params);
    // One IMMEDIATE transaction: two processes starting at once cannot both see the project free.
    const job = this.db.transaction(() => {
      this.db.owners.assertNoOtherWriter(this.owner, kind);
      const created = this.db.jobs.create({ id: randomUUID(), kind, params: checked });
      this.db.owners.claim(created.id, this.owner);
      return created;
    });
    this.launch(job);
    return this.db.jobs.get(job.id) ?? job;
  }

  /** Soft cancel; a job that does not stop within the grace period is killed (its committed batches stay). */
  cancel(id: string): Job {
    const job = this.require(id);
    const run = this.running.get(id);
    if (!run) {
      if (job.state === 'queued' || job.state === 'interrupted') return this.db.jobs.setState(id, 'cancelled');
      return job;
    }
    run.channel.post({ type: 'cancel' });
    run.killTimer ??= setTimeout(() => run.channel.kill(), this.opts.cancelGraceMs ?? 10_000);
    return job;
  }

  /** Starts a cancelled, interrupted or failed job again; it continues from its last checkpoint. */
  async resume(id: string): Promise<Job> {
    // A job reports its end just before its thread exits: let that exit land before starting again.
    if (RESUMABLE.has(this.require(id).state)) await this.running.get(id)?.finished;
    const job = this.require(id);
    if (this.running.has(id) || !RESUMABLE.has(job.state)) {
      throw new StudioError(ErrorCode.JobNotResumable, `job ${id} is ${job.state}; only ${[...RESUMABLE].join(', ')} jobs resume`);
    }
    this.db.transaction(() => {
      this.db.owners.assertNoOtherWriter(this.owner, job.kind);
      this.db.jobs.setState(id, 'queued', { error: null });
      this.db.owners.claim(id, this.owner);
    });
    this.launch(this.require(id));
    return this.require(id);
  }

  /** Resolves when the job has ended (immediately if it is not running). */
  async wait(id: string): Promise<Job> {
    await this.running.get(id)?.finished;
    return this.require(id);
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  /** Cancels every job and waits for them; used on shutdown. */
  async stopAll(): Promise<void> {
    const ids = [...this.running.keys()];
    for (const id of ids) this.cancel(id);
    await Promise.all(ids.map((id) => this.running.get(id)?.finished));
  }

  private require(id: string): Job {
    const job = this.db.jobs.get(id);
    if (!job) throw new StudioError(ErrorCode.NotFound, `no job ${id}`);
    return job;
  }

  private emitJob(id: string): void {
    const job = this.db.jobs.get(id);
    if (job) this.opts.emit({ type: 'job', job });
  }

  /** While any job runs, its row's heartbeat says this process is alive (see job-owner.ts). */
  private beat(): void {
    if (this.running.size === 0) {
      if (this.heartbeat) clearInterval(this.heartbeat);
      this.heartbeat = null;
      return;
    }
    this.heartbeat ??= setInterval(() => {
      try {
        this.db.owners.heartbeat(this.owner.token);
      } catch (err) {
        // A busy or closing database skips one beat; the stale limit is many beats long.
        this.opts.log(`job heartbeat skipped: ${err instanceof Error ? err.message : String(err)}`);
      }
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Records a job's end with its result checked against its kind's schema: a result that does not fit fails it. */
  private finish(job: Job, result: unknown, cancelled: boolean): void {
    let checked: JobResult<JobKind>;
    try {
      checked = parseJobResult(job.kind, result);
    } catch (err) {
      const error = toErrorDTO(err);
      this.opts.log(`[job ${job.kind} ${job.id.slice(0, 8)}] failed: ${error.message}`);
      this.db.jobs.setState(job.id, 'failed', { error: { code: error.code, message: error.message } });
      return;
    }
    this.db.jobs.setState(job.id, cancelled ? 'cancelled' : 'done', { result: checked });
  }

  private launch(job: Job): void {
    const channel = this.opts.launcherFor(job.kind)(this.opts.workerUrl);
    let ended = false;
    let resolveFinished!: () => void;
    const finished = new Promise<void>((r) => (resolveFinished = r));
    const run: Running = { channel, finished };
    this.running.set(job.id, run);
    this.beat();

    channel.onMessage((message: JobToHost) => {
      switch (message.type) {
        case 'progress':
          this.emitJob(job.id);
          break;
        case 'log':
          this.opts.log(`[job ${job.kind} ${job.id.slice(0, 8)}] ${message.line}`);
          break;
        case 'changed':
          this.opts.emit({ type: 'pairs-changed', datasetId: message.datasetId });
          break;
        case 'done':
          ended = true;
          this.finish(job, message.result, message.cancelled);
          this.emitJob(job.id);
          break;
        case 'error':
          ended = true;
          this.db.jobs.setState(job.id, 'failed', { error: message.error });
          this.opts.log(`[job ${job.kind} ${job.id.slice(0, 8)}] failed: ${message.error.message}`);
          this.emitJob(job.id);
          break;
      }
    });
    channel.onExit((code, reason) => {
      if (run.killTimer) clearTimeout(run.killTimer);
      this.running.delete(job.id);
      this.beat();
      if (!ended) {
        // Killed after a cancel, or crashed: committed batches are kept and the checkpoint allows resume.
        const cancelled = run.killTimer !== undefined;
        this.db.jobs.setState(job.id, cancelled ? 'cancelled' : 'interrupted', {
          error: cancelled ? null : { code: ErrorCode.Internal, message: `job ended unexpectedly (exit code ${code}${reason ? `: ${reason}` : ''})` },
        });
        this.emitJob(job.id);
      }
      resolveFinished();
    });
    channel.post({
      type: 'start',
      start: {
        projectPath: this.db.info.path,
        jobId: job.id,
        kind: job.kind,
        ...(this.opts.sqliteNativeBinding ? { sqliteNativeBinding: this.opts.sqliteNativeBinding } : {}),
        ...(this.opts.secrets && LLM_KINDS.has(job.kind) ? { secrets: { ...llmSecretEntries(this.db, this.opts.secrets), ...policyKeyEntries(this.db, this.opts.secrets) } } : {}),
      },
    });
    this.emitJob(job.id);
  }
}
