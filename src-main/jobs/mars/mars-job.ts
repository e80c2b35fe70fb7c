// Job (child process): a MARS run, round after round — score → select → augment → (approve) → retrain → rescore —
// continuing from the ledger wherever an earlier job on the run stopped.
import { jobParams } from '../../shared/job-params';
import { join } from 'node:path';
import type { ModelPreset } from '../../shared/dto';
import { ErrorCode, StudioError } from '../../shared/errors';
import type { MarsConfig, MarsRun } from '../../shared/mars-dto';
import { llmParaphraser, type LlmParaphraser } from '../../llm/paraphraser';
import { openLlmFor } from '../../llm/endpoint';
import type { ModelRecord, ProjectDb } from '../../store/types';
import type { JobResult } from '../../shared/job-results';
import type { JobContext, JobRunner } from '../context';
import { trainModel } from '../reward/train-model';
import { augmentRound } from './augment-round';
import { roundResult } from './round-ledger';

function modelDir(db: ProjectDb, model: ModelRecord): string {
  if (model.artifactPath === null) throw new Error(`model ${model.id} has no artifacts folder`);
  return join(db.info.artifactsDir, model.artifactPath);
}

function requireModel(db: ProjectDb, id: number): ModelRecord {
  const model = db.models.get(id);
  if (model === null) throw new StudioError(ErrorCode.NotFound, `model ${id} no longer exists`);
  return model;
}

/** A model row with its artifacts folder, named after the run. */
function createModel(
  db: ProjectDb,
  run: MarsRun,
  preset: string,
  round: number,
  parentModelId: number | null,
): ModelRecord {
  const name = round === 0 ? `${run.name} · base` : `${run.name} · round ${round}`;
  const model = db.models.create({
    name,
    kind: 'reward',
    preset,
    config: { marsRunId: run.id, round },
    parentModelId,
    round,
    status: 'queued',
  });
  return db.models.setStatus(model.id, 'queued', join('models', String(model.id)));
}

/** Trains (or finishes training) one model of the run; false when the job was cancelled. */
async function train(
  ctx: JobContext,
  config: MarsConfig,
  model: ModelRecord,
  parent: ModelRecord | null,
  label: string,
): Promise<boolean> {
  const out = await trainModel(
    ctx,
    {
      preset: (parent?.preset ?? config.preset) as ModelPreset,
      // Each round draws its own batches; the same seed for all would replay the base model's order.
      seed: config.seed + (model.round ?? 0),
      useMargins: false,
      centering: 0,
      checkpointEvery: 50,
      modelId: model.id,
      modelDir: modelDir(ctx.db, model),
      ...(parent ? { initFrom: modelDir(ctx.db, parent) } : {}),
      ...(config.epochs !== undefined ? { epochs: config.epochs } : {}),
      ...(config.learningRate !== undefined ? { learningRate: config.learningRate } : {}),
      ...(config.datasetId !== undefined ? { datasetId: config.datasetId } : {}),
    },
    label,
  );
  return !out.cancelled;
}

/** The model round 1 starts from: the one the run named, or the one it trains first. */
async function baseModel(ctx: JobContext, run: MarsRun): Promise<ModelRecord | null> {
  const { db } = ctx;
  const config = run.config as MarsConfig;
  let base = run.baseModelId === null ? null : requireModel(db, run.baseModelId);
  if (base === null) {
    base = createModel(db, run, config.preset, 0, null);
    db.mars.setRun(run.id, { baseModelId: base.id });
  }
  if (base.status === 'ready') return base;
  return (await train(ctx, config, base, null, 'base model · ')) ? requireModel(db, base.id) : null;
}

function paraphraser(ctx: JobContext, config: MarsConfig): LlmParaphraser | null {
  const client = openLlmFor(ctx.db, config, { secrets: ctx.secrets });
  if (client === null) return null;
  ctx.log(`LLM endpoint: ${client.endpoint}`);
  return llmParaphraser(client);
}

async function runRounds(ctx: JobContext, run: MarsRun): Promise<JobResult<'mars'>> {
  const { db } = ctx;
  const config = run.config as MarsConfig;
  const llm = paraphraser(ctx, config);
  const base = await baseModel(ctx, run);
  if (base === null) return { runId: run.id, cancelled: true };
  let previous = base;
  for (let round = 1; round <= config.rounds; round++) {
    let ledger = db.mars.rounds(run.id).find((r) => r.round === round);
    if (ledger?.phase === 'done') {
      previous = requireModel(db, ledger.modelId as number);
      continue;
    }
    if (ctx.signal.aborted) return { runId: run.id, cancelled: true };
    if (ledger === undefined) {
      ledger = await augmentRound(
        ctx,
        run,
        { round, modelId: previous.id, modelDir: modelDir(db, previous) },
        llm,
      );
      ctx.changed(null);
      if (config.approve === 'manual') {
        return { runId: run.id, awaitingApproval: round, augmented: ledger.spent };
      }
    }
    const model =
      ledger.modelId === null
        ? createModel(db, run, previous.preset ?? config.preset, round, previous.id)
        : requireModel(db, ledger.modelId);
    if (ledger.modelId === null) db.mars.setRoundModel(run.id, round, model.id);
    // A model already ready was trained and scored before a crash cut the round short of its ledger entry.
    const trained =
      model.status === 'ready' ||
      (await train(ctx, config, model, previous, `round ${round}/${config.rounds} · `));
    if (!trained) return { runId: run.id, cancelled: true };
    db.mars.finish(run.id, round, roundResult(db, config, previous.id, model.id));
    db.mars.setRun(run.id, { roundsDone: round });
    ctx.changed(null);
    previous = requireModel(db, model.id);
  }
  return { runId: run.id, rounds: config.rounds, modelId: previous.id };
}

export const runMarsJob: JobRunner<'mars'> = async (ctx) => {
  const { runId } = jobParams('mars', ctx.params);
  const { db } = ctx;
  const run = db.mars.setRun(runId, { status: 'running', jobId: ctx.jobId });
  try {
    const result = await runRounds(ctx, run);
    const status =
      result.cancelled === true
        ? 'cancelled'
        : result.awaitingApproval !== undefined
          ? 'awaiting-approval'
          : 'done';
    db.mars.setRun(runId, { status });
    return result;
  } catch (err) {
    // A cancel can land inside augmentation or scoring, which stop by throwing: the run stays resumable.
    if (ctx.signal.aborted) {
      db.mars.setRun(runId, { status: 'cancelled' });
      return { runId, cancelled: true };
    }
    db.mars.setRun(runId, { status: 'failed' });
    throw err;
  }
};
