// Handlers of the MARS methods: starting and continuing runs, the ledger, margin history, one-pair augmentation
// and the LLM endpoint setting.
import type { MarsRun } from '../shared/mars-dto';
import { ErrorCode, StudioError } from '../shared/errors';
import type { ProjectDb } from '../store/types';
import { augmentPair } from '../curation/augment-pair';
import { llmParaphraser } from '../llm/paraphraser';
import { openLlmFor, requireLlmEndpoint } from '../llm/endpoint';
import { llmSettingsView, readLlmConfig, writeLlmConfig } from '../llm/settings';
import type { HandlerTable } from './handler-types';

type MarsMethods =
  | 'mars.start'
  | 'mars.continue'
  | 'mars.runs'
  | 'mars.rounds'
  | 'pairs.margins'
  | 'pairs.variants'
  | 'pairs.augment'
  | 'settings.llm'
  | 'settings.setLlm';

const CONTINUABLE = new Set(['awaiting-approval', 'cancelled', 'interrupted', 'failed']);

/** A run marked `running` whose job is not alive was cut short (the job host saw its process die). */
function liveStatus(db: ProjectDb, run: MarsRun): MarsRun {
  if (run.status !== 'running' || run.jobId === null) return run;
  const job = db.jobs.get(run.jobId);
  return job && (job.state === 'running' || job.state === 'queued') ? run : { ...run, status: 'interrupted' };
}

function requireRun(db: ProjectDb, id: number): MarsRun {
  const run = db.mars.getRun(id);
  if (run === null) throw new StudioError(ErrorCode.NotFound, `no MARS run ${id}`, { runId: id });
  return liveStatus(db, run);
}

/** The model round 1 starts from must have saved weights and scores; without one the run trains its own. */
function baseModelId(db: ProjectDb, requested: number | undefined): number | null {
  if (requested === undefined) {
    return (
      db.models.list({ kind: 'reward' }).find((m) => m.status === 'ready' && m.artifactPath !== null)?.id ??
      null
    );
  }
  const model = db.models.get(requested);
  if (model === null)
    throw new StudioError(ErrorCode.NotFound, `no model ${requested}`, { field: 'baseModelId' });
  if (model.kind !== 'reward' || model.status !== 'ready' || model.artifactPath === null) {
    throw new StudioError(
      ErrorCode.InvalidRequest,
      `model ${requested} (${model.name}) cannot start a MARS run: it is ${model.kind}, ${model.status}, and only trained reward models with saved weights can be refined`,
      { field: 'baseModelId' },
    );
  }
  return model.id;
}

export const marsHandlers: Pick<HandlerTable, MarsMethods> = {
  'mars.start': (p, ctx) => {
    const db = ctx.project();
    // Refused before the run is recorded: the job would stop at its first round for the same reason.
    requireLlmEndpoint(db, p, ctx.deps.secrets);
    const name = p.name ?? `mars-${p.weighting}-${new Date().toISOString().slice(0, 16).replace('T', ' ')}`;
    const run = db.mars.createRun({
      name,
      config: p,
      baseModelId: baseModelId(db, p.baseModelId),
      jobId: null,
    });
    const job = ctx.jobs().start('mars', { runId: run.id });
    db.mars.setRun(run.id, { jobId: job.id });
    return job;
  },

  'mars.continue': (p, ctx) => {
    const db = ctx.project();
    const run = requireRun(db, p.runId);
    if (!CONTINUABLE.has(run.status)) {
      throw new StudioError(
        ErrorCode.InvalidRequest,
        `run ${run.id} is ${run.status}; only runs that are ${[...CONTINUABLE].join(', ')} continue`,
        { runId: run.id },
      );
    }
    const job = ctx.jobs().start('mars', { runId: run.id });
    db.mars.setRun(run.id, { jobId: job.id });
    return job;
  },

  'mars.runs': (_p, ctx) => {
    const db = ctx.project();
    return db.mars.listRuns().map((r) => liveStatus(db, r));
  },

  'mars.rounds': (p, ctx) => {
    const db = ctx.project();
    requireRun(db, p.runId);
    return db.mars.rounds(p.runId);
  },

  'pairs.margins': (p, ctx) => ctx.project().scores.history(p.pairId),

  'pairs.variants': (p, ctx) => ctx.project().pairs.children(p.pairId),

  'pairs.augment': async (p, ctx) => {
    const db = ctx.project();
    const client = openLlmFor(db, { operators: p.operators }, { secrets: ctx.deps.secrets });
    const result = await augmentPair(db, p, client ? llmParaphraser(client) : null);
    ctx.emit({ type: 'pairs-changed', datasetId: result.variants[0]?.datasetId ?? null });
    return { variants: result.variants, poolSize: result.poolSize, logEntryId: result.entry.id };
  },

  'settings.llm': (_p, ctx) => llmSettingsView(readLlmConfig(ctx.project(), ctx.deps.secrets)),

  'settings.setLlm': (p, ctx) => {
    const db = ctx.project();
    writeLlmConfig(db, p.config, p.keepApiKey, ctx.deps.secrets);
    return llmSettingsView(readLlmConfig(db, ctx.deps.secrets));
  },
};
