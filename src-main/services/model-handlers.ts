// Handlers of the reward-model methods: training, scoring, evaluation, external scores, the models list.
import { join } from 'node:path';
import { presetInfos } from '../engine/reward/presets';
import type { ModelMetrics, ModelSummary } from '../shared/dto';
import { ErrorCode, StudioError } from '../shared/errors';
import type { ModelRecord, ProjectDb } from '../store/types';
import { resolveImport } from './import-plan';
import type { HandlerTable } from './handler-types';
import { stat } from 'node:fs/promises';

type ModelMethods = 'train.presets' | 'train.start' | 'score.start' | 'eval.start' | 'scores.import' | 'models.list' | 'models.get';

function summary(db: ProjectDb, m: ModelRecord): ModelSummary {
  return {
    id: m.id,
    name: m.name,
    kind: m.kind,
    preset: m.preset,
    status: m.status,
    round: m.round,
    parentModelId: m.parentModelId,
    artifactPath: m.artifactPath,
    createdAt: m.createdAt,
    metrics: (m.metrics as ModelMetrics | null) ?? null,
    scoredPairs: db.scores.summary(m.id).count,
  };
}

/** A reward model whose weights are on disk: the only kind that can score or be evaluated. */
function savedRewardModel(db: ProjectDb, id: number | undefined): { record: ModelRecord; dir: string } {
  const record = id === undefined ? db.models.list({ kind: 'reward' }).find((m) => m.status === 'ready') : db.models.get(id);
  if (!record) {
    throw new StudioError(ErrorCode.NotFound, id === undefined ? 'no trained reward model yet: train one first' : `no model ${id}`);
  }
  if (record.kind !== 'reward' || record.status !== 'ready' || record.artifactPath === null) {
    throw new StudioError(ErrorCode.InvalidRequest, `model ${record.id} (${record.name}) has no saved weights to score with (status ${record.status})`);
  }
  return { record, dir: join(db.info.artifactsDir, record.artifactPath) };
}

export const modelHandlers: Pick<HandlerTable, ModelMethods> = {
  'train.presets': () => presetInfos(),

  'train.start': async (p, ctx) => {
    const db = ctx.project();
    if (p.initFrom && !(await stat(p.initFrom).catch(() => null))?.isDirectory()) {
      throw new StudioError(ErrorCode.FileNotFound, `no model folder at ${p.initFrom}`, { path: p.initFrom });
    }
    const name = p.name ?? `${p.preset}-${new Date().toISOString().slice(0, 16).replace('T', ' ')}`;
    const model = db.models.create({ name, kind: 'reward', preset: p.preset, config: { ...p }, status: 'queued' });
    const artifactPath = join('models', String(model.id));
    db.models.setStatus(model.id, 'queued', artifactPath);
    return ctx.jobs().start('train', { ...p, modelId: model.id, modelDir: join(db.info.artifactsDir, artifactPath) });
  },

  'score.start': (p, ctx) => {
    const db = ctx.project();
    const { record, dir } = savedRewardModel(db, p.modelId);
    return ctx.jobs().start('score', { modelId: record.id, modelDir: dir });
  },

  'eval.start': async (p, ctx) => {
    const db = ctx.project();
    const { record, dir } = savedRewardModel(db, p.modelId);
    const plan = await resolveImport(p);
    return ctx.jobs().start('eval', { ...p, path: plan.path, format: plan.preview.format, modelId: record.id, modelDir: dir });
  },

  'scores.import': async (p, ctx) => {
    const db = ctx.project();
    const info = await stat(p.path).catch(() => null);
    if (!info?.isFile()) throw new StudioError(ErrorCode.FileNotFound, `no such file: ${p.path}`, { path: p.path });
    const model = db.models.create({ name: p.name, kind: 'external', config: { source: p.path }, status: 'queued' });
    return ctx.jobs().start('score', { modelId: model.id, file: p.path });
  },

  'models.list': (_p, ctx) => {
    const db = ctx.project();
    return db.models.list().map((m) => summary(db, m));
  },

  'models.get': (p, ctx) => {
    const db = ctx.project();
    const m = db.models.get(p.id);
    if (!m) throw new StudioError(ErrorCode.NotFound, `no model ${p.id}`);
    return summary(db, m);
  },
};
