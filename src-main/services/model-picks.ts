// Which models a discovery or REFORM run may use, resolved when it starts: a named model checked, or the newest
// ready one of its kind (and, for a policy, of its role) — one place, so both runs refuse alike and word it alike.
import type { PolicyRole } from '../shared/discovery-dto';
import { ErrorCode, StudioError } from '../shared/errors';
import type { ModelRecord, ProjectDb } from '../store/types';

/** A model usable by a job: ready, with saved weights (or, for an endpoint policy, its address in the config). */
function ready(m: ModelRecord): boolean {
  return m.status === 'ready' && (m.artifactPath !== null || typeof m.config.endpoint === 'object');
}

/** The named model, if it is a ready model of `kind`; a reward model must have saved weights. */
export function requireModel(db: ProjectDb, id: number, kind: 'reward' | 'policy', field: string): ModelRecord {
  const m = db.models.get(id);
  if (m === null) throw new StudioError(ErrorCode.NotFound, `no model ${id}`, { field });
  if (m.kind !== kind || !ready(m) || (kind === 'reward' && m.artifactPath === null)) {
    throw new StudioError(ErrorCode.InvalidRequest, `model ${id} (${m.name}) is a ${m.status} ${m.kind} model, not a ready ${kind} model with saved weights`, { field });
  }
  return m;
}

/** The named reward model, or the newest trained one; `field` names the request field in errors. */
export function rewardModelFor(db: ProjectDb, id: number | undefined, field: string): ModelRecord {
  if (id !== undefined) return requireModel(db, id, 'reward', field);
  const m = db.models.list({ kind: 'reward' }).find((r) => ready(r) && r.artifactPath !== null);
  if (!m) throw new StudioError(ErrorCode.InvalidRequest, 'no trained reward model: train one first (train.start)', { field });
  return m;
}

/** A policy's role is in its config (`role`), written when it was trained or registered. */
export function policyFor(db: ProjectDb, role: PolicyRole, id: number | undefined): ModelRecord {
  const field = role === 'aligned' ? 'alignedPolicyId' : 'misalignedPolicyId';
  if (id !== undefined) return requireModel(db, id, 'policy', field);
  const m = db.models.list({ kind: 'policy' }).find((p) => ready(p) && p.config.role === role);
  if (!m) {
    throw new StudioError(ErrorCode.InvalidRequest, `no ready ${role} policy: train one first (prefstudio policy train --role ${role})`, { field });
  }
  return m;
}

/** A run marked `running` whose job is not alive was cut short. */
export function liveStatus<R extends { status: string; jobId: string | null }>(db: ProjectDb, run: R): R {
  if (run.status !== 'running' || run.jobId === null) return run;
  const job = db.jobs.get(run.jobId);
  return job && (job.state === 'running' || job.state === 'queued') ? run : { ...run, status: 'interrupted' };
}
