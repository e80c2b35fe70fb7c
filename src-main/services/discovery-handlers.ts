// Handlers of the failure-discovery methods: starting a discovery job, its runs, the failures queue, failure modes
// and their review.
import { failureModes } from '../engine/failures/modes';
import { ruleVerdicts } from '../curation/failures/class-check';
import { judgeVerdicts, responseHash, saveJudgeVerdicts, type StoredJudgeVerdict } from '../curation/failures/judge-verdicts';
import { JUDGE_PROMPT_VERSION, judgeResponse } from '../llm/judge';
import { openLlmFor } from '../llm/endpoint';
import { reviewFailures, undoFailureReview } from '../curation/failures/failure-review';
import type { Failure, FailureFilter, PolicyRole } from '../shared/discovery-dto';
import { ErrorCode, StudioError } from '../shared/errors';
import type { FailureQuery, FailureRow } from '../store/discovery-types';
import type { ProjectDb } from '../store/types';
import type { HandlerTable } from './handler-types';
import { liveStatus, policyFor, rewardModelFor } from './model-picks';

type DiscoveryMethods =
  | 'discover.start'
  | 'discover.runs'
  | 'failures.page'
  | 'failures.modes'
  | 'failures.review'
  | 'failures.undo'
  | 'failures.judge';

function toFailures(db: ProjectDb, rows: readonly FailureRow[]): Failure[] {
  const verdicts = ruleVerdicts(db, rows);
  const judged = judgeVerdicts(db, rows);
  return rows.map((r, i) => ({
    pairId: r.pairId,
    runId: r.runId,
    sourcePairId: r.sourcePairId,
    role: r.role,
    mode: r.mode,
    prompt: r.prompt,
    response: r.response,
    reference: r.reference,
    reward: r.reward,
    referenceReward: r.referenceReward,
    gap: r.gap,
    reviewStatus: r.reviewStatus,
    ruleVerdict: verdicts[i] ?? null,
    judgeVerdict: judged[i] ?? null,
  }));
}

const ALL = 1_000_000;

/** The store query of a filter; a mode id becomes the mode's member ids, computed over the same filter. */
function failureQuery(db: ProjectDb, f: FailureFilter): FailureQuery {
  const q: FailureQuery = { runId: f.runId, role: f.role, status: f.status };
  if (f.modeId === undefined) return q;
  const mode = modesOf(db, q).find((m) => m.id === f.modeId);
  if (!mode) throw new StudioError(ErrorCode.NotFound, `no failure mode ${f.modeId} under this filter`, { field: 'modeId' });
  return { ...q, ids: mode.pairIds };
}

function modesOf(db: ProjectDb, q: FailureQuery) {
  return failureModes(db.discovery.failures(q, 0, ALL).rows);
}

export const discoveryHandlers: Pick<HandlerTable, DiscoveryMethods> = {
  'discover.start': (p, ctx) => {
    const db = ctx.project();
    const rm = rewardModelFor(db, p.modelId, 'modelId');
    const roles: PolicyRole[] = p.role === 'both' ? ['aligned', 'misaligned'] : [p.role];
    const policies: Partial<Record<PolicyRole, number>> = {};
    for (const role of roles) {
      policies[role] = policyFor(db, role, role === 'aligned' ? p.alignedPolicyId : p.misalignedPolicyId).id;
    }
    const run = db.discovery.createRun({ config: p, rewardModelId: rm.id, policies });
    const job = ctx.jobs().start('decode', { runId: run.id });
    db.discovery.setRun(run.id, { jobId: job.id });
    return job;
  },

  'discover.runs': (_p, ctx) => {
    const db = ctx.project();
    return db.discovery.listRuns().map((r) => liveStatus(db, r));
  },

  'failures.page': (p, ctx) => {
    const db = ctx.project();
    const page = db.discovery.failures(failureQuery(db, p), p.after, p.limit);
    const last = page.rows.at(-1);
    return {
      rows: toFailures(db, page.rows),
      total: page.total,
      nextAfter: page.rows.length === p.limit && last ? last.pairId : null,
    };
  },

  'failures.modes': (p, ctx) => modesOf(ctx.project(), { runId: p.runId, role: p.role, status: p.status }),

  'failures.review': (p, ctx) => {
    const db = ctx.project();
    const pairIds = p.pairIds ?? db.discovery.failures(failureQuery(db, p.filter ?? {}), 0, ALL).rows.map((r) => r.pairId);
    if (pairIds.length === 0) return { entries: [], pairs: [] };
    const result = reviewFailures(db, { pairIds, action: p.action, response: p.edit?.response, reviewer: p.reviewer });
    ctx.emit({ type: 'pairs-changed', datasetId: result.pairs[0]?.datasetId ?? null });
    return result;
  },

  'failures.undo': (p, ctx) => {
    const result = undoFailureReview(ctx.project(), p.entryIds, p.reviewer);
    ctx.emit({ type: 'pairs-changed', datasetId: result.pairs[0]?.datasetId ?? null });
    return result;
  },

  'failures.judge': async (p, ctx) => {
    const db = ctx.project();
    const client = openLlmFor(db, { operators: [], judge: true }, { secrets: ctx.deps.secrets });
    if (client === null) throw new StudioError(ErrorCode.Internal, 'the judge asked for no LLM endpoint');
    const rows = db.discovery.failures({ ids: p.pairIds }, 0, ALL).rows;
    const missing = p.pairIds.find((id) => !rows.some((r) => r.pairId === id));
    if (missing !== undefined) throw new StudioError(ErrorCode.NotFound, `pair ${missing} is not a discovered failure`, { field: 'pairIds', pairId: missing });
    // The client bounds concurrency and rate; a failed request leaves that failure unjudged, the others keep theirs.
    const answers = await Promise.allSettled(rows.map((r) => judgeResponse(client, r.prompt, r.response)));
    const at = new Date().toISOString();
    const stored: { pairId: number; verdict: StoredJudgeVerdict }[] = [];
    const verdicts = rows.map((r, i) => {
      const a = answers[i] as PromiseSettledResult<Awaited<ReturnType<typeof judgeResponse>>>;
      if (a.status === 'rejected') return { pairId: r.pairId, verdict: null, answer: a.reason instanceof Error ? a.reason.message : String(a.reason) };
      const { verdict, raw } = a.value;
      if (verdict !== null) {
        const entry = { verdict, response: responseHash(r.response), endpoint: client.endpoint, model: client.model, promptVersion: JUDGE_PROMPT_VERSION, at };
        stored.push({ pairId: r.pairId, verdict: entry });
      }
      return { pairId: r.pairId, verdict, answer: raw };
    });
    const firstError = answers.find((a): a is PromiseRejectedResult => a.status === 'rejected');
    if (firstError !== undefined && answers.every((a) => a.status === 'rejected')) throw firstError.reason;
    saveJudgeVerdicts(db, stored);
    return { endpoint: client.endpoint, verdicts };
  },
};
