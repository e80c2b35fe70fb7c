// Who runs a job: this process's identity, and the rule that decides whether another job's owner is gone.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { basename } from 'node:path';

export interface JobOwner {
  pid: number;
  host: string;
  /** Random per process: tells this process's jobs apart from those of an earlier process that had its pid. */
  token: string;
  /** What the process is, for messages: `prefstudio import`, `Preference Studio`. */
  label: string;
}

/** A job still `running` or `queued`, with the owner that claimed it (null for rows older than migration 5). */
export interface LiveJob {
  id: string;
  kind: string;
  state: 'running' | 'queued';
  owner: JobOwner | null;
  heartbeatAt: number | null;
}

/** How often a process that runs jobs refreshes their heartbeat. */
export const HEARTBEAT_MS = 2_000;
/** A heartbeat older than this means the owner is gone even if its pid is taken (pid reuse, another host, hang). */
export const STALE_MS = 30_000;

const PROCESS_TOKEN = randomUUID();

/** The entry script's name when the caller gave no label (tests, embedders). */
function defaultLabel(): string {
  return basename(process.argv[1] ?? process.argv0);
}

export function currentOwner(label: string = defaultLabel()): JobOwner {
  return { pid: process.pid, host: hostname(), token: PROCESS_TOKEN, label };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when nobody will ever finish this job: no recorded owner, a dead pid on this host, or a stale heartbeat. */
export function ownerGone(job: LiveJob, nowMs: number = Date.now()): boolean {
  const { owner, heartbeatAt } = job;
  if (owner === null || heartbeatAt === null) return true;
  if (nowMs - heartbeatAt > STALE_MS) return true;
  return owner.host === hostname() && owner.token !== PROCESS_TOKEN && !pidAlive(owner.pid);
}

/** `process 1234 (prefstudio import)` */
export function describeOwner(owner: JobOwner): string {
  return `process ${owner.pid}${owner.label ? ` (${owner.label})` : ''}${owner.host === hostname() ? '' : ` on ${owner.host}`}`;
}
