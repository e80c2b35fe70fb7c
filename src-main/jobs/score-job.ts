// Job (child process): rescores every pair with a saved reward model and refreshes its metrics.
import { chooseBackend, describeBackend, preferredFromEnv } from '../engine/backend';
import { loadRewardModel } from '../engine/reward/model-files';
import type { ModelMetrics } from '../shared/dto';
import type { JobRunner } from './context';
import { rewardMetrics } from './reward/metrics';
import { scoreProject } from './reward/score-project';

export const runScoreJob: JobRunner = async (ctx) => {
  const p = ctx.params as { modelId: number; modelDir: string };
  const { tf, report } = await chooseBackend(preferredFromEnv(process.env));
  ctx.log(describeBackend(report));
  const { model, encode } = await loadRewardModel(tf, p.modelDir);
  try {
    const margins = await scoreProject(ctx, model, encode, p.modelId);
    const before = ctx.db.models.get(p.modelId)?.metrics as ModelMetrics | null;
    const metrics: ModelMetrics = {
      validation: rewardMetrics(margins.validation),
      train: rewardMetrics(margins.train),
      training: before?.training ?? null,
    };
    ctx.db.models.updateMetrics(p.modelId, metrics);
    return { modelId: p.modelId, scored: margins.scored, validationAccuracy: metrics.validation?.accuracy ?? null };
  } finally {
    model.dispose();
  }
};
