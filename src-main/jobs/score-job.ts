// Job (child process): rescores every pair with a saved reward model and refreshes its metrics.
import { ErrorCode, StudioError } from '../shared/errors';
import { jobParams } from '../shared/job-params';
import type { ModelMetrics } from '../shared/dto';
import type { JobRunner } from './context';
import { rewardMetrics } from './reward/metrics';
import { scoreProject } from './reward/score-project';
import { loadTextScorer } from './reward/scorer';

export const runScoreJob: JobRunner<'score'> = async (ctx) => {
  const p = jobParams('score', ctx.params);
  if (!('modelDir' in p)) throw new StudioError(ErrorCode.Internal, 'a score job of a file ran as a computed one');
  const scorer = await loadTextScorer(p.modelDir, async () => (await ctx.backend()).tf);
  try {
    const margins = await scoreProject(ctx, scorer, p.modelId);
    const before = ctx.db.models.get(p.modelId)?.metrics as ModelMetrics | null;
    const metrics: ModelMetrics = {
      ...before,
      validation: rewardMetrics(margins.validation),
      train: rewardMetrics(margins.train),
      training: before?.training ?? null,
    };
    ctx.db.models.updateMetrics(p.modelId, metrics);
    return { modelId: p.modelId, scored: margins.scored, validationAccuracy: metrics.validation?.accuracy ?? null };
  } finally {
    scorer.dispose();
  }
};
