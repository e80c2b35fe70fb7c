// Handlers of the REFORM methods: starting a failure-patching run (its base model and policies resolved now),
// continuing one after review, a crash or a cancel, the runs list and a run's ledger.
import type { PolicyRole } from '../shared/discovery-dto';
import { ErrorCode, StudioError } from '../shared/errors';
import type { ReformRun } from '../shared/reform-dto';
import type { ModelRecord, ProjectDb } from '../store/types';
import type { HandlerTable } from './handler-types';

type ReformMethods = 'reform.start' | 'reform.continue' | 'reform.runs' | 'reform.rounds';

const CONTINUABLE = new Set(['awaiting-review', 'cancelled', 'interrupted', 'failed']);

function ready(m: ModelRecord): boolean {
  return m.status === 'ready' && (m.artifactPath !== null || typeof m.config.endpoint === 'object');
}

function requireModel(db: ProjectDb, id: number, kind: 'reward' | 'policy', field: string): ModelRecord {
  const m = db.models.get(id);
  if (m === null) throw new StudioError(ErrorCode.NotFound, `no model ${id}`, { field });
  if (m.kind !== kind || !ready(m) || (kind === 'reward' && m.artifactPath === null)) {
    throw new StudioError(ErrorCode.InvalidRequest, `model ${id} (${m.name}) is a ${m.status} ${m.kind} model, not a ready ${kind} model with saved weights`, { field });
  }
  return m;
}

/** Round 1 attacks a trained reward model: the one named, or the newest ready one. */
function baseModel(db: ProjectDb, id: number | undefined): ModelRecord {
  if (id !== undefined) return requireModel(db, id, 'reward', 'baseModelId');
  const m = db.models.list({ kind: 'reward' }).find((r) => r.status === 'ready' && r.artifactPath !== null);
  if (!m) throw new StudioError(ErrorCode.InvalidRequest, 'no trained reward model: train one first (train.start)', { field: 'baseModelId' });
  return m;
}

function policyFor(db: ProjectDb, role: PolicyRole, id: number | undefined): ModelRecord {
  const field = role === 'aligned' ? 'alignedPolicyId' : 'misalignedPolicyId';
  if (id !== undefined) return requireModel(db, id, 'policy', field);
  const m = db.models.list({ kind: 'policy' }).find((p) => ready(p) && p.config.role === role);
  if (!m) {
    throw new StudioError(ErrorCode.InvalidRequest, `no ready ${role} policy: train one first (prefstudio policy train --role ${role})`, { field });
  }
  return m;
}

/** A run marked `running` whose job is not alive was cut short. */
function liveStatus(db: ProjectDb, run: ReformRun): ReformRun {
  if (run.status !== 'running' || run.jobId === null) return run;
  const job = db.jobs.get(run.jobId);
  return job && (job.state === 'running' || job.state === 'queued') ? run : { ...run, status: 'interrupted' };
}

function requireRun(db: ProjectDb, id: number): ReformRun {
  const run = db.reform.getRun(id);
  if (run === null) throw new StudioError(ErrorCode.NotFound, `no REFORM run ${id}`, { runId: id });
  return liveStatus(db, run);
}

export const reformHandlers: Pick<HandlerTable, ReformMethods> = {
  'reform.start': (p, ctx) => {
    const db = ctx.project();
    const base = baseModel(db, p.baseModelId);
    const roles: PolicyRole[] = p.role === 'both' ? ['aligned', 'misaligned'] : [p.role];
    const policies: Record<string, number> = {};
    for (const role of roles) policies[role] = policyFor(db, role, role === 'aligned' ? p.alignedPolicyId : p.misalignedPolicyId).id;
    const name = p.name ?? `reform-${new Date().toISOString().slice(0, 16).replace('T', ' ')}`;
    const run = db.reform.createRun({ name, config: p, baseModelId: base.id, policies });
    const job = ctx.jobs().start('reform', { runId: run.id });
    db.reform.setRun(run.id, { jobId: job.id });
    return job;
  },

  'reform.continue': (p, ctx) => {
    const db = ctx.project();
    const run = requireRun(db, p.runId);
    if (!CONTINUABLE.has(run.status)) {
      throw new StudioError(ErrorCode.InvalidRequest, `run ${run.id} is ${run.status}; only runs that are ${[...CONTINUABLE].join(', ')} continue`, { runId: run.id });
    }
    // Continuing is the reviewer's "done": the round waiting for review may go on (a crash resume may not).
    const waiting = db.reform.rounds(run.id).find((r) => r.phase === 'discovered');
    const job = ctx.jobs().start('reform', { runId: run.id, ...(waiting ? { reviewedRound: waiting.round } : {}) });
    db.reform.setRun(run.id, { jobId: job.id });
    return job;
  },

  'reform.runs': (_p, ctx) => {
    const db = ctx.project();
    return db.reform.listRuns().map((r) => liveStatus(db, r));
  },

  'reform.rounds': (p, ctx) => {
    const db = ctx.project();
    requireRun(db, p.runId);
    return db.reform.rounds(p.runId);
  },
};
