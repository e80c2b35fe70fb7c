// Trains the n-gram reward model in the train job: same pairs, checkpoint file, model folder and scoring as the
// transformer, but plain arithmetic (no ML backend) and seconds instead of minutes.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readNgramCheckpoint, saveNgramModel, writeNgramCheckpoint } from '../../engine/ngram/files';
import { DEFAULT_NGRAM_CONFIG } from '../../engine/ngram/model';
import { trainNgram } from '../../engine/ngram/train';
import type { ModelMetrics } from '../../shared/dto';
import { ErrorCode, StudioError } from '../../shared/errors';
import type { JobContext } from '../context';
import { lengthBaseline, rewardMetrics } from './metrics';
import { loadTextPairs } from './pairs-data';
import { scoreProject } from './score-project';
import { ngramScorer } from './scorer';
import type { TrainModelParams, TrainOutcome } from './train-model';

/** L-BFGS iterations between checkpoints (each is milliseconds; the file is a few MB). */
const CHECKPOINT_ITERATIONS = 25;

export async function trainNgramModel(ctx: JobContext, p: TrainModelParams, label = ''): Promise<TrainOutcome> {
  const { db } = ctx;
  db.models.setStatus(p.modelId, 'training');
  ctx.log('n-gram model: plain arithmetic on the CPU, no ML backend');
  const data = loadTextPairs(db, p.datasetId === undefined ? {} : { datasetId: p.datasetId });
  if (data.train.length === 0) {
    throw new StudioError(ErrorCode.InvalidRequest, 'no training pairs: the selection has no non-tie pairs in the train split');
  }
  mkdirSync(p.modelDir, { recursive: true });
  const checkpointPath = join(p.modelDir, 'checkpoint.safetensors');
  const resume = existsSync(checkpointPath) ? readNgramCheckpoint(checkpointPath) : null;
  if (resume) ctx.log(`resuming from iteration ${resume.iteration}`);
  const config = DEFAULT_NGRAM_CONFIG;
  const maxIterations = 300;
  const history: { step: number; loss: number; accuracy: number }[] = [];
  const started = Date.now();
  const pairs = data.train.map((t) => ({ chosen: t.chosen, rejected: t.rejected, ...(t.strength === null ? {} : { margin: t.strength }) }));
  const offset = resume?.iteration ?? 0;
  const result = trainNgram(pairs, config, {
    useMargins: p.useMargins,
    maxIterations: maxIterations - offset,
    ...(resume ? { init: resume.params } : {}),
    onIteration: (it, loss, params) => {
      const step = offset + it;
      history.push({ step, loss, accuracy: Number.NaN });
      ctx.progress({ done: step, total: maxIterations, unit: 'steps', message: `${label}L-BFGS iteration ${step} · loss ${loss.toFixed(4)}` });
      if (step % CHECKPOINT_ITERATIONS === 0) {
        writeNgramCheckpoint(checkpointPath, step, params);
        db.jobs.setCheckpoint(ctx.jobId, { step, file: checkpointPath });
      }
      return !ctx.signal.aborted;
    },
  });
  const steps = offset + result.iterations;
  if (result.stopped) {
    db.models.setStatus(p.modelId, 'cancelled');
    return { cancelled: true, steps, metrics: null, margins: null };
  }
  const seconds = (Date.now() - started) / 1000;
  saveNgramModel(p.modelDir, result.model, 'ngram', { preset: 'ngram', config, seed: p.seed, steps, converged: result.converged, loss: result.loss });
  const margins = await scoreProject(ctx, ngramScorer(result.model), p.modelId);
  const metrics: ModelMetrics = {
    validation: rewardMetrics(margins.validation),
    train: rewardMetrics(margins.train),
    training: {
      backend: 'cpu (n-gram, L-BFGS)',
      pairs: pairs.length,
      steps,
      epochs: 1,
      seconds,
      pairsPerSecond: pairs.length / Math.max(seconds, 1e-9),
      tokensPerSecond: 0,
      // L-BFGS sees every pair each iteration: the curve is the full training loss; accuracy is not tracked per step.
      history: history.map((h) => ({ ...h, accuracy: 0 })),
    },
    baseline: lengthBaseline(margins.validation, margins.validationShorter),
    features: result.model.top,
  };
  db.models.updateMetrics(p.modelId, metrics);
  db.models.setStatus(p.modelId, 'ready');
  return { cancelled: false, steps, metrics, margins };
}
