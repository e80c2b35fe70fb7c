// Trains one Bradley–Terry reward model on the project's pairs, checkpointing as it goes, then saves it in the
// Hugging Face layout, scores every pair and records the model's metrics (the train job and each MARS round).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { presetConfig, type PresetName } from '../../engine/model/config';
import { RewardModel } from '../../engine/model/reward-model';
import { loadRewardModel, saveRewardModel } from '../../engine/reward/model-files';
import { readCheckpoint, writeCheckpoint } from '../../engine/reward/checkpoint-file';
import { pickUserHyper, trainingHyper } from '../../engine/reward/presets';
import { fastEncoder } from '../../engine/tokenizer/fast-encoder';
import { buildPrunedTokenizer } from '../../engine/tokenizer/pruned-bpe';
import type { TextTokenizer } from '../../engine/tokenizer/types';
import { trainRewardModel } from '../../engine/train/trainer';
import type { TrainHyper } from '../../engine/train/types';
import type { ModelMetrics } from '../../shared/dto';
import type { TrainJobParams } from '../../shared/job-params';
import { StudioError, ErrorCode } from '../../shared/errors';
import type { JobContext } from '../context';
import { loadTextPairs, tokenize } from './pairs-data';
import { lengthBaseline, rewardMetrics } from './metrics';
import { scoreProject, type ProjectMargins } from './score-project';
import { combinedScorer, ngramScorer, transformerScorer } from './scorer';
import { ngramOutOfFoldMargins, residualPairs } from './combined';
import { isNgramFolder, saveNgramModel } from '../../engine/ngram/files';
import { DEFAULT_NGRAM_CONFIG, type NgramModel } from '../../engine/ngram/model';
import { trainNgram } from '../../engine/ngram/train';
import { trainNgramModel } from './train-ngram';

/** The train job's params with the contract's defaults applied (shared/job-params.ts). */
export type TrainModelParams = TrainJobParams;

export interface TrainOutcome {
  cancelled: boolean;
  steps: number;
  metrics: ModelMetrics | null;
  margins: ProjectMargins | null;
}

const HISTORY_POINTS = 400;

/** `label` prefixes progress messages (a MARS round names itself). */
export async function trainModel(ctx: JobContext, p: TrainModelParams, label = ''): Promise<TrainOutcome> {
  // A convex n-gram fit does not depend on its start: a MARS round "from" an n-gram parent simply refits.
  if (p.preset === 'ngram') return trainNgramModel(ctx, p, label);
  const { db } = ctx;
  const { tf, report } = await ctx.backend();
  db.models.setStatus(p.modelId, 'training');

  const data = loadTextPairs(db, p.datasetId === undefined ? {} : { datasetId: p.datasetId });
  if (data.train.length === 0) {
    throw new StudioError(
      ErrorCode.InvalidRequest,
      'no training pairs: the selection has no non-tie pairs in the train split',
    );
  }
  ctx.progress(
    {
      done: 0,
      total: null,
      unit: 'steps',
      message: `${label}tokenising ${data.train.length + data.validation.length} pairs`,
    },
    true,
  );

  // `combined`: a tiny transformer trained on the residual of an n-gram model (see combined.ts); r is their sum.
  const shape: PresetName = p.preset === 'combined' ? 'tiny' : (p.preset as PresetName);
  // With --init-from a pretrained transformer is the model and no n-gram half is added, unless it is itself a
  // combined model (a MARS round from a combined parent): then the n-gram half is refitted on the new pairs.
  let ngram: NgramModel | null = null;
  let trainPairs = data.train;
  if (p.preset === 'combined' && (!p.initFrom || isNgramFolder(join(p.initFrom, 'ngram')))) {
    ctx.progress({ done: 0, total: null, unit: 'steps', message: `${label}n-gram half and its out-of-fold margins` }, true);
    ngram = trainNgram(data.train, DEFAULT_NGRAM_CONFIG).model;
    trainPairs = residualPairs(data.train, ngramOutOfFoldMargins(data.train), p.useMargins);
  }
  let model: RewardModel;
  let tokenizer: TextTokenizer;
  let preset: string = p.preset;
  if (p.initFrom) {
    const loaded = await loadRewardModel(tf, p.initFrom, p.seed);
    ({ model, tokenizer, preset } = loaded);
  } else {
    // Built from the training texts alone, deterministically, so a resumed run rebuilds the same vocabulary.
    const texts = data.train.flatMap((t) => [t.prompt, t.chosen, t.rejected]);
    tokenizer = (await buildPrunedTokenizer(texts, { minCount: 1, maxVocab: 32_000 })).tokenizer;
    model = RewardModel.create(tf, presetConfig(shape, tokenizer.vocabSize), p.seed);
  }
  const encode = await fastEncoder(tokenizer);
  const train = tokenize(trainPairs, encode);
  const validation = tokenize(data.validation, encode);

  const hyper: TrainHyper = {
    ...trainingHyper(shape, {
      ...pickUserHyper(p),
      // The combined model's transformer learns the n-gram model's residual: its margins enter as offsets.
      useMargins: p.useMargins || ngram !== null,
    }),
    // How the job runs, not how the model trains: not user options.
    checkpointEvery: p.checkpointEvery,
    progressEvery: 1,
  };
  mkdirSync(p.modelDir, { recursive: true });
  const checkpointPath = join(p.modelDir, 'checkpoint.safetensors');
  const resumeFrom = existsSync(checkpointPath) ? readCheckpoint(checkpointPath) : undefined;
  if (resumeFrom) ctx.log(`resuming from step ${resumeFrom.step}`);

  const history: { step: number; loss: number; accuracy: number }[] = [];
  const started = Date.now();
  const result = await trainRewardModel({
    model,
    train,
    validation,
    hyper,
    seed: p.seed,
    signal: ctx.signal,
    ...(resumeFrom ? { resumeFrom } : {}),
    onProgress: (t) => {
      history.push({ step: t.step, loss: t.loss, accuracy: t.accuracy });
      ctx.progress({
        done: t.step,
        total: t.totalSteps,
        unit: 'steps',
        message: `${label}epoch ${t.epoch + 1} · loss ${t.loss.toFixed(4)} · accuracy ${(t.accuracy * 100).toFixed(1)}% · ${Math.round(t.tokensPerSec)} tokens/s`,
        metrics: {
          step: t.step,
          totalSteps: t.totalSteps,
          epoch: t.epoch,
          loss: t.loss,
          accuracy: t.accuracy,
          learningRate: t.learningRate,
          tokensPerSecond: t.tokensPerSec,
          pairsPerSecond: t.pairsPerSec,
        },
      });
    },
    onCheckpoint: (cp) => {
      writeCheckpoint(checkpointPath, cp);
      db.jobs.setCheckpoint(ctx.jobId, { step: cp.step, file: checkpointPath });
    },
  });
  if (result.cancelled) {
    db.models.setStatus(p.modelId, 'cancelled');
    return { cancelled: true, steps: result.steps, metrics: null, margins: null };
  }
  const seconds = (Date.now() - started) / 1000;
  await saveRewardModel(p.modelDir, model, tokenizer, preset, {
    preset,
    hyper,
    seed: p.seed,
    steps: result.steps,
    backend: report.name,
  });

  if (ngram) saveNgramModel(join(p.modelDir, 'ngram'), ngram, 'ngram', { preset: 'ngram', config: DEFAULT_NGRAM_CONFIG, partOf: 'combined' });
  const transformer = transformerScorer(model, encode);
  const margins = await scoreProject(ctx, ngram ? combinedScorer([transformer, ngramScorer(ngram)]) : transformer, p.modelId);
  const trainTokens = train.reduce((n, t) => n + t.prompt.length + t.chosen.length + t.rejected.length, 0);
  const epochs = hyper.epochs ?? 1;
  const metrics: ModelMetrics = {
    validation: rewardMetrics(margins.validation),
    train: rewardMetrics(margins.train),
    training: {
      backend: report.name,
      pairs: train.length,
      steps: result.steps,
      epochs,
      seconds,
      pairsPerSecond: (train.length * epochs) / Math.max(seconds, 1e-9),
      tokensPerSecond: (trainTokens * epochs) / Math.max(seconds, 1e-9),
      history: downsample(history, HISTORY_POINTS),
    },
    baseline: lengthBaseline(margins.validation, margins.validationShorter),
    ...(ngram ? { features: ngram.top } : {}),
  };
  db.models.updateMetrics(p.modelId, metrics);
  db.models.setStatus(p.modelId, 'ready');
  model.dispose();
  return { cancelled: false, steps: result.steps, metrics, margins };
}

function downsample<T>(points: T[], max: number): T[] {
  if (points.length <= max) return points;
  const stride = points.length / max;
  return Array.from({ length: max }, (_, i) => points[Math.floor(i * stride)]!);
}
