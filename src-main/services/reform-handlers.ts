// Handlers of the REFORM methods: starting a failure-patching run (its base model and policies resolved now),
// continuing one after review, a crash or a cancel, the runs list and a run's ledger.
import type { PolicyRole } from '../shared/discovery-dto';
import { ErrorCode, StudioError } from '../shared/errors';
import type { ReformRun } from '../shared/reform-dto';
import type { ProjectDb } from '../store/types';
import type { HandlerTable } from './handler-types';
import { liveStatus, policyFor, rewardModelFor } from './model-picks';

type ReformMethods = 'reform.start' | 'reform.continue' | 'reform.runs' | 'reform.rounds';

const CONTINUABLE = new Set(['awaiting-review', 'cancelled', 'interrupted', 'failed']);

function requireRun(db: ProjectDb, id: number): ReformRun {
  const run = db.reform.getRun(id);
  if (run === null) throw new StudioError(ErrorCode.NotFound, `no REFORM run ${id}`, { runId: id });
  return liveStatus(db, run);
}

export const reformHandlers: Pick<HandlerTable, ReformMethods> = {
  'reform.start': (p, ctx) => {
    const db = ctx.project();
    // Round 1 attacks a trained reward model: the one named, or the newest ready one.
    const base = rewardModelFor(db, p.baseModelId, 'baseModelId');
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
