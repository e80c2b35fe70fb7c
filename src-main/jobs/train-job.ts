// Job (child process): trains a reward model (see reward/train-model.ts) and reports its headline numbers.
import type { JobRunner } from './context';
import { parseJobParams, TrainJobParams } from '../shared/job-params';
import { trainModel } from './reward/train-model';

export const runTrainJob: JobRunner<'train'> = async (ctx) => {
  const p = parseJobParams(TrainJobParams, 'train', ctx.params);
  const out = await trainModel(ctx, p);
  if (out.cancelled) return { modelId: p.modelId, cancelled: true, steps: out.steps };
  return {
    modelId: p.modelId,
    steps: out.steps,
    validationAccuracy: out.metrics?.validation?.accuracy ?? null,
    trainAccuracy: out.metrics?.train?.accuracy ?? null,
    scored: out.margins?.scored ?? 0,
  };
};
