// Kill -9 harness shared by test/main/reliability and bench/reliability.ts: run a job kind in a real CLI process,
// SIGKILL it at a seeded random moment, then check the file and resume to the uninterrupted result.
// A job kind is one entry of KINDS: how to start it, how to recognise its job, and the result a resume must equal.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openProject } from '../../src-main/store/project';
import type { Job } from '../../src-main/shared/dto';
import { bigHhFile, spawnCli } from './big-hh';
import { makeStudio } from './studio';

export interface KillKind {
  name: string;
  /** Prepares inputs in `dir`; returns the CLI arguments after the project path and the expected final result. */
  prepare(dir: string): { args: string[]; expected: Record<string, unknown> };
  /** The fields of the job result that a resumed run must reproduce. */
  compare: readonly string[];
}

export const KINDS: Record<string, KillKind> = {
  import: {
    name: 'import',
    prepare: (dir) => {
      const big = bigHhFile(dir, 30);
      return { args: ['import', big.path], expected: { pairs: big.rows, errors: 0, duplicates: 0 } };
    },
    compare: ['pairs', 'errors', 'duplicates'],
  },
};

/** mulberry32: a small seeded PRNG, so a failing kill moment can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function firstJob(path: string, timeoutMs = 60_000): Promise<Job> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const db = openProject(path, { create: false, readonly: true });
      try {
        // After the first committed batch, so the kill lands anywhere in the job's writing phase.
        const job = db.jobs.list(1)[0];
        if (job?.state === 'running' && job.progress.done > 0) return job;
      } finally {
        db.close();
      }
    } catch {
      // Not created yet.
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no running job in ${path}`);
}

export interface KillOutcome {
  killedAfterMs: number;
  /** Pairs committed when the process died. */
  committed: number;
  integrity: string;
  ftsOk: boolean;
  /** Committed pairs equal the checkpoint's count (no batch half-written). */
  countsMatchCheckpoint: boolean;
  resumed: Record<string, unknown> | null;
  resumedMatches: boolean;
}

/** One trial: start, kill -9 a random delay in [0, maxDelayMs) after its first commit, verify, resume, compare. */
export async function killTrial(kind: KillKind, seed: number, maxDelayMs: number): Promise<KillOutcome> {
  const t = makeStudio();
  try {
    const { args, expected } = kind.prepare(t.dir);
    const path = join(t.dir, `kill-${seed}.prefstudio`);
    const [command = '', ...rest] = args;
    const child = spawnCli([command, path, ...rest]);
    await firstJob(path);
    const killedAfterMs = Math.floor(seeded(seed)() * maxDelayMs);
    await new Promise((r) => setTimeout(r, killedAfterMs));
    child.child.kill('SIGKILL');
    await child.exit;

    const raw = new Database(path);
    const integrity = raw.pragma('integrity_check', { simple: true }) as string;
    let ftsOk = true;
    try {
      raw.prepare("INSERT INTO pairs_fts (pairs_fts) VALUES ('integrity-check')").run();
    } catch {
      ftsOk = false;
    }
    const committed = raw.prepare('SELECT count(*) FROM pairs').pluck().get() as number;
    const checkpoint = raw.prepare('SELECT checkpoint FROM jobs ORDER BY created_at DESC LIMIT 1').pluck().get() as string | null;
    const saved = checkpoint === null ? 0 : (JSON.parse(checkpoint) as { counts: { pairs: number } }).counts.pairs;
    raw.close();

    await t.call('project.open', { path, create: false });
    const job = (await t.call('jobs.list', { limit: 1 }))[0];
    let resumed: Record<string, unknown> | null = null;
    if (job !== undefined && job.state !== 'done') {
      await t.call('jobs.resume', { id: job.id });
      resumed = (await t.finished(job.id)).result;
    } else if (job !== undefined) resumed = job.result;
    const resumedMatches = resumed !== null && kind.compare.every((k) => resumed?.[k] === expected[k]);
    return { killedAfterMs, committed, integrity, ftsOk, countsMatchCheckpoint: committed === saved, resumed, resumedMatches };
  } finally {
    await t.dispose();
  }
}
