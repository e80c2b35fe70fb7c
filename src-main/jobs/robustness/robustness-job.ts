// Job (child process): perturbs the held-out pairs by family, scores them with every model, stores each model's result.
import { jobParams } from '../../shared/job-params';
import { loadRewardModel } from '../../engine/reward/model-files';
import { perturbPairs } from '../../engine/robustness/perturb';
import { robustnessReport, type ModelMargins } from '../../engine/robustness/report';
import { scorePairs } from '../../engine/train/score';
import type { RobustnessResult } from '../../shared/robustness-dto';
import type { JobRunner } from '../context';
import { tokenize, type TextPair } from '../reward/pairs-data';
import { demoLabelCheck, heldOutPairs, resultKey } from './held-out';

/** A family needs two scored pairs for a standard error; with fewer it is left out of the report. */
const MIN_FAMILY_PAIRS = 2;

function asText(pairs: ReadonlyArray<{ pairId?: number; id?: number; prompt: string; chosen: string; rejected: string }>): TextPair[] {
  return pairs.map((p, i) => ({ id: p.pairId ?? p.id ?? i, split: 'validation', prompt: p.prompt, chosen: p.chosen, rejected: p.rejected, strength: null }));
}

export const runRobustnessJob: JobRunner<'robustness'> = async (ctx) => {
  const p = jobParams('robustness', ctx.params);
  const { tf } = await ctx.backend();
  const held = heldOutPairs(ctx.db);
  const sets = perturbPairs(held.pairs, {
    seed: p.seed,
    ...(p.families ? { families: p.families } : {}),
    check: (id) => (held.demo.has(id) ? demoLabelCheck : null),
  }).filter((s) => s.pairs.length >= MIN_FAMILY_PAIRS);
  for (const s of sets) ctx.log(`${s.family}: ${s.pairs.length} perturbed pairs, ${s.skipped} skipped`);
  const perModel = held.pairs.length + sets.reduce((a, s) => a + s.pairs.length, 0);
  const total = perModel * p.models.length;
  let done = 0;
  const margins: ModelMargins[] = [];
  for (const m of p.models) {
    const { model, encode } = await loadRewardModel(tf, m.dir);
    try {
      const score = async (pairs: TextPair[], label: string): Promise<Map<number, number>> => {
        const scores = await scorePairs({
          model,
          pairs: tokenize(pairs, encode),
          signal: ctx.signal,
          onProgress: (n) =>
            ctx.progress({ done: done + n, total, unit: 'pairs', message: `model ${m.id}: ${label} (${n} of ${pairs.length})` }),
        });
        done += pairs.length;
        return new Map(pairs.map((q, i) => [q.id, scores[i]!.margin]));
      };
      const heldOut = await score(asText(held.pairs), 'held-out pairs');
      const families: Array<ModelMargins['families'][number]> = [];
      for (const s of sets) {
        if (ctx.signal.aborted) break;
        families.push({ family: s.family, margins: await score(asText(s.pairs), s.family) });
      }
      margins.push({ modelId: m.id, heldOut, families });
    } finally {
      model.dispose();
    }
    if (ctx.signal.aborted) return { cancelled: true };
  }
  const report = robustnessReport(margins);
  const createdAt = new Date().toISOString();
  ctx.db.transaction(() => {
    for (const r of report.models) {
      const stored: RobustnessResult = { ...r, seed: p.seed, jobId: ctx.jobId, createdAt };
      ctx.db.settings.set(resultKey(r.modelId), stored);
    }
  });
  ctx.progress({ done: total, total, unit: 'pairs', message: 'robustness measured' }, true);
  return { ...report, heldOut: held.pairs.length, perturbed: Object.fromEntries(sets.map((s) => [s.family, s.pairs.length])) };
};
