// Job (child process, kind `reform`): a REFORM run, round after round — discover failures of the current model on
// training prompts → keep the budget's worth → (review) → add → retrain → measure the attack again — continuing from
// the ledger wherever an earlier job on the run stopped.
import { join } from 'node:path';
import { jobParams } from '../../shared/job-params';
import type { JobResult } from '../../shared/job-results';
import type { OpenGuidedDecoder } from '../../engine/decode/types';
import type { ModelPreset } from '../../shared/dto';
import type { PolicyRole } from '../../shared/discovery-dto';
import { ErrorCode, StudioError } from '../../shared/errors';
import type { ReformConfig, ReformPhase, ReformRun } from '../../shared/reform-dto';
import type { ModelRecord, ProjectDb } from '../../store/types';
import type { JobContext, JobRunner } from '../context';
import { policySource } from '../discover/discover-job';
import { rolesOf, runDiscovery, type OpenForRole } from '../discover/discover-run';
import { roundResult } from '../mars/round-ledger';
import { trainModel } from '../reward/train-model';
import { classCheckFor } from '../../curation/failures/class-check';
import { attackFromOutputs, measureAttack } from './attack';
import { addFailures, capFailures, discoveryConfig, startRound } from './reform-round';

/** Called after each phase commits (and `trained` once the round's model is ready): tests crash the job there. */
export type PhaseHook = (phase: ReformPhase | 'trained', round: number) => void;

function requireModel(db: ProjectDb, id: number): ModelRecord {
  const model = db.models.get(id);
  if (model === null) throw new StudioError(ErrorCode.NotFound, `model ${id} no longer exists`);
  return model;
}

function modelDir(db: ProjectDb, model: ModelRecord): string {
  if (model.artifactPath === null) throw new Error(`model ${model.id} has no artifacts folder`);
  return join(db.info.artifactsDir, model.artifactPath);
}

function createModel(db: ProjectDb, run: ReformRun, previous: ModelRecord, round: number): ModelRecord {
  const model = db.models.create({
    name: `${run.name} · round ${round}`,
    kind: 'reward',
    preset: previous.preset ?? 'tiny',
    config: { reformRunId: run.id, round },
    parentModelId: previous.id,
    round,
    status: 'queued',
  });
  return db.models.setStatus(model.id, 'queued', join('models', String(model.id)));
}

/** Retrains from the previous model on every trainable pair; false when the job was cancelled. */
async function retrain(ctx: JobContext, config: ReformConfig, model: ModelRecord, previous: ModelRecord, label: string): Promise<boolean> {
  const out = await trainModel(
    ctx,
    {
      preset: (previous.preset ?? 'tiny') as ModelPreset,
      // Each round draws its own batches; the base model's seed would replay its order.
      seed: config.seed + (model.round ?? 0),
      useMargins: false,
      centering: 0,
      checkpointEvery: 50,
      modelId: model.id,
      modelDir: modelDir(ctx.db, model),
      initFrom: modelDir(ctx.db, previous),
      ...(config.epochs !== undefined ? { epochs: config.epochs } : {}),
      ...(config.learningRate !== undefined ? { learningRate: config.learningRate } : {}),
      ...(config.datasetId !== undefined ? { datasetId: config.datasetId } : {}),
    },
    label,
  );
  return !out.cancelled;
}

type Outcome = JobResult<'reform'>;

async function runRounds(ctx: JobContext, run: ReformRun, open: OpenGuidedDecoder, hook: PhaseHook): Promise<Outcome> {
  const { db } = ctx;
  const config = run.config as ReformConfig;
  const { tf } = await ctx.backend();
  const openFor =
    (rm: ModelRecord): OpenForRole =>
    (role: PolicyRole) =>
      open({ tf, policy: policySource(db, requireModel(db, run.policies[role] ?? 0), ctx.secrets), rewardModelDir: modelDir(db, rm) });
  // The round a reviewer confirmed (reform.continue): only that round may go past its review.
  const reviewedRound = jobParams('reform', ctx.params).reviewedRound ?? null;
  let previous = requireModel(db, run.baseModelId);
  for (let round = 1; round <= config.rounds; round++) {
    let ledger = db.reform.rounds(run.id).find((r) => r.round === round);
    if (ledger?.phase === 'done') {
      previous = requireModel(db, ledger.modelId as number);
      continue;
    }
    if (ctx.signal.aborted) return { runId: run.id, cancelled: true };
    const label = `round ${round}/${config.rounds} · `;
    if (ledger === undefined) {
      ledger = startRound(db, run, round, previous.id);
      hook('discovering', round);
    }
    const discovery = discoveryConfig(run, round, ledger.sourceModelId);
    if (ledger.phase === 'discovering') {
      ctx.progress({ done: 0, total: null, unit: 'prompts', message: `${label}discovering failures` }, true);
      db.discovery.setRun(ledger.discoveryRunId, { status: 'running', jobId: ctx.jobId });
      await runDiscovery(ctx, ledger.discoveryRunId, openFor(previous));
      if (ctx.signal.aborted) {
        db.discovery.setRun(ledger.discoveryRunId, { status: 'cancelled' });
        return { runId: run.id, cancelled: true };
      }
      db.discovery.setRun(ledger.discoveryRunId, { status: 'done' });
      ledger = capFailures(db, run, ledger, config.approve === 'manual');
      ctx.changed(null);
      ctx.progress({ done: 0, total: null, unit: 'pairs', message: `${label}${ledger.candidates?.length ?? 0} failures kept for the round` }, true);
      hook('discovered', round);
    }
    if (ledger.phase === 'discovered') {
      if (config.approve === 'manual' && reviewedRound !== round) {
        return { runId: run.id, awaitingReview: round, candidates: ledger.candidates?.length ?? 0 };
      }
      ledger = addFailures(db, run, ledger);
      ctx.changed(null);
      hook('added', round);
    }
    const model = ledger.modelId === null ? createModel(db, run, previous, round) : requireModel(db, ledger.modelId);
    if (ledger.modelId === null) {
      db.reform.setRoundModel(run.id, round, model.id);
      hook('training', round);
    }
    // A model already ready was trained and scored before a crash cut the round short of its ledger entry.
    const trained = model.status === 'ready' || (await retrain(ctx, config, model, previous, label));
    if (!trained) return { runId: run.id, cancelled: true };
    hook('trained', round);
    const discoveryRun = db.discovery.getRun(ledger.discoveryRunId);
    const promptIds = discoveryRun?.promptIds ?? [];
    const roles = rolesOf(discovery);
    const check = classCheckFor(db);
    const attackBefore = attackFromOutputs(db.discovery.outputs(ledger.discoveryRunId), promptIds, roles, check);
    const attackAfter = await measureAttack(ctx, openFor(requireModel(db, model.id)), promptIds, discovery, roles, label, check);
    const result = roundResult(db, config, previous.id, model.id);
    db.transaction(() => {
      db.reform.finish(run.id, round, { ...result, attackBefore, attackAfter });
      db.reform.setRun(run.id, { roundsDone: round });
    });
    ctx.changed(null);
    previous = requireModel(db, model.id);
  }
  return { runId: run.id, rounds: config.rounds, modelId: previous.id };
}

/** The runner, given the decoder factory (the engine's in the app) and, for crash tests, a phase hook. */
export function reformJobRunner(open: OpenGuidedDecoder, hook: PhaseHook = () => undefined): JobRunner<'reform'> {
  return async (ctx) => {
    const { runId } = jobParams('reform', ctx.params);
    const { db } = ctx;
    const run = db.reform.setRun(runId, { status: 'running', jobId: ctx.jobId });
    try {
      const result = await runRounds(ctx, run, open, hook);
      const status = result.cancelled === true ? 'cancelled' : result.awaitingReview !== undefined ? 'awaiting-review' : 'done';
      db.reform.setRun(runId, { status });
      return result;
    } catch (err) {
      // A cancel can land inside decoding or scoring, which stop by throwing: the run stays resumable.
      if (ctx.signal.aborted) {
        db.reform.setRun(runId, { status: 'cancelled' });
        return { runId, cancelled: true };
      }
      db.reform.setRun(runId, { status: 'failed' });
      throw err;
    }
  };
}
