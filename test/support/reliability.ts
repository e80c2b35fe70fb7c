// Kill -9 harness shared by test/main/reliability and bench/reliability.ts: run a job kind in a real CLI process,
// SIGKILL it at a seeded random moment, check the file against the job's checkpoint, resume, and compare with an
// uninterrupted run of the same job. The kinds (import, train, MARS, decode) are in reliability-kinds.ts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openProject } from '../../src-main/store/project';
import type { Job } from '../../src-main/shared/dto';
import { spawnCli } from './big-hh';
import { makeStudio, type TestStudio } from './studio';

export type Facts = Record<string, number | string | boolean | null>;

export interface KillKind {
  name: string;
  /** The kill lands uniformly in [0, maxDelayMs) after the job's first progress. */
  maxDelayMs: number;
  /** Prepares the project at `path` (data, models); returns the CLI arguments of the job, project path excluded. */
  prepare(t: TestStudio, path: string): Promise<string[]>;
  /** Whether what the killed process left agrees with its job's checkpoint (and state); a reason when it does not. */
  consistent(raw: Database.Database, checkpoint: Record<string, unknown> | null, state: string): string | null;
  /** Facts of the finished job a resumed run must reproduce: result fields and what it wrote. */
  facts(raw: Database.Database, result: Record<string, unknown>): Facts;
  /** Numbers in the facts may differ by this much (absolute); everything else must be equal. */
  tolerance: number;
}

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

/** The newest job once it runs and has reported progress (so the kill lands in its working phase). */
async function runningJob(path: string, after: string | null, timeoutMs = 180_000): Promise<Job> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const db = openProject(path, { create: false, readonly: true });
      try {
        const job = db.jobs.list(1)[0];
        if (job !== undefined && job.id !== after && job.state === 'running' && job.progress.done > 0) return job;
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

function newestJobId(path: string): string | null {
  // An import creates its project: no file yet, no job yet.
  if (!existsSync(path)) return null;
  const db = openProject(path, { create: false, readonly: true });
  try {
    return db.jobs.list(1)[0]?.id ?? null;
  } finally {
    db.close();
  }
}

/** Facts of the newest job's result and the project, read from the file itself. */
function factsOf(kind: KillKind, path: string, result: Record<string, unknown>): Facts {
  const raw = new Database(path, { readonly: true });
  try {
    return kind.facts(raw, result);
  } finally {
    raw.close();
  }
}

/** Differences between two fact sets, numbers within the kind's tolerance; empty when they agree. */
export function differences(kind: KillKind, a: Facts, b: Facts): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) => {
    const x = a[k];
    const y = b[k];
    const same = typeof x === 'number' && typeof y === 'number' ? Math.abs(x - y) <= kind.tolerance : x === y;
    return same ? [] : [`${k}: ${String(x)} vs ${String(y)}`];
  });
}

const references = new Map<string, Promise<Facts>>();

/** The uninterrupted run's facts, computed once per kind and process. */
export function reference(kind: KillKind): Promise<Facts> {
  let facts = references.get(kind.name);
  if (facts === undefined) {
    facts = (async () => {
      const t = makeStudio();
      try {
        const path = join(t.dir, 'reference.prefstudio');
        const args = await kind.prepare(t, path);
        await t.studio.close();
        const [command = '', ...rest] = args;
        const run = spawnCli([command, path, ...rest]);
        const code = await run.exit;
        if (code !== 0) throw new Error(`reference ${kind.name} run failed (${code}): ${run.stderr()}`);
        const db = openProject(path, { create: false, readonly: true });
        const job = db.jobs.list(1)[0];
        db.close();
        return factsOf(kind, path, job?.result ?? {});
      } finally {
        await t.dispose();
      }
    })();
    references.set(kind.name, facts);
  }
  return facts;
}

export interface KillOutcome {
  killedAfterMs: number;
  /** The job's progress (pairs, steps, prompts) at its last report before the kill. */
  progressAtKill: number;
  integrity: string;
  ftsOk: boolean;
  /** null when the file agrees with the job's checkpoint, else why not. */
  checkpointProblem: string | null;
  /** The killed job's state after the project was opened again (interrupted, or done when the kill came late). */
  stateOnOpen: string;
  resumed: Facts | null;
  /** Differences from the uninterrupted run; empty when the resume reproduced it. */
  differences: string[];
}

export const intact = (r: KillOutcome): boolean =>
  r.integrity === 'ok' && r.ftsOk && r.checkpointProblem === null && r.resumed !== null && r.differences.length === 0;

/** One trial: start, kill -9 a random delay in [0, maxDelayMs) after its first progress, verify, resume, compare. */
export async function killTrial(kind: KillKind, seed: number, maxDelayMs = kind.maxDelayMs): Promise<KillOutcome> {
  const expected = await reference(kind);
  const t = makeStudio();
  try {
    const path = join(t.dir, `kill-${seed}.prefstudio`);
    const [command = '', ...rest] = await kind.prepare(t, path);
    await t.studio.close();
    const before = newestJobId(path);
    const child = spawnCli([command, path, ...rest]);
    const started = await Promise.race([runningJob(path, before), child.exit.then(() => null)]);
    if (started === null) throw new Error(`the ${kind.name} job ended before it could be killed: ${child.stderr()}`);
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
    const row = raw.prepare('SELECT checkpoint, progress, state FROM jobs WHERE id = ?').get(started.id) as { checkpoint: string | null; progress: string; state: string };
    const checkpointProblem = kind.consistent(raw, row.checkpoint === null ? null : (JSON.parse(row.checkpoint) as Record<string, unknown>), row.state);
    const progressAtKill = (JSON.parse(row.progress) as { done: number }).done;
    raw.close();

    const t2 = makeStudio();
    try {
      await t2.call('project.open', { path, create: false });
      const job = await t2.call('jobs.get', { id: started.id });
      const stateOnOpen = job.state;
      let result: Record<string, unknown> | null = job.state === 'done' ? job.result : null;
      if (job.state !== 'done') {
        await t2.call('jobs.resume', { id: job.id });
        const finished = await t2.finished(job.id);
        if (finished.state === 'done') result = finished.result;
      }
      const resumed = result === null ? null : factsOf(kind, path, result);
      const diff = resumed === null ? ['the resumed job did not finish'] : differences(kind, expected, resumed);
      return { killedAfterMs, progressAtKill, integrity, ftsOk, checkpointProblem, stateOnOpen, resumed, differences: diff };
    } finally {
      await t2.studio.close();
    }
  } finally {
    await t.dispose();
  }
}
