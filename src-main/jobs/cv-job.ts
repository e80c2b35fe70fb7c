// Job (child process): k-fold cross-validation of presets on the project's pairs. Each (preset, fold) is trained
// and scored as the train job would; finished folds are checkpointed, so a resumed job skips them.
import { jobParams } from '../shared/job-params';
import type { Tf } from '../engine/model/params';
import type { CvPresetResult, CvResult, ModelPreset } from '../shared/dto';
import { ErrorCode, StudioError } from '../shared/errors';
import type { JobRunner } from './context';
import { foldMargins } from './reward/fold-train';
import { loadTextPairs, type TextPair } from './reward/pairs-data';

interface Checkpoint {
  /** Held-out correctness (1, 0.5 or 0) per pair, by `${preset}:${fold}`, and seconds spent on it. */
  done: Record<string, { correct: number[]; seconds: number }>;
}

const correctness = (m: number): number => (m > 0 ? 1 : m === 0 ? 0.5 : 0);

function pooled(correct: readonly number[]): { accuracy: number; se: number } {
  const n = Math.max(1, correct.length);
  const accuracy = correct.reduce((a, b) => a + b, 0) / n;
  return { accuracy, se: Math.sqrt((accuracy * (1 - accuracy)) / n) };
}

/** Fold of the i-th pair in id order: i mod k, so that the same folds can be rebuilt elsewhere from file order. */
export function foldOf(index: number, folds: number): number {
  return index % folds;
}

export const runCvJob: JobRunner<'cv'> = async (ctx) => {
  const o = jobParams('cv', ctx.params);
  const { train, validation } = loadTextPairs(ctx.db, o.datasetId === undefined ? {} : { datasetId: o.datasetId });
  // Cross-validation pools both splits (originals and approved variants alike), in id order.
  const pairs: TextPair[] = [...train, ...validation].sort((a, b) => a.id - b.id);
  if (pairs.length < o.folds * 2) {
    throw new StudioError(ErrorCode.InvalidRequest, `${pairs.length} trainable pairs are too few for ${o.folds}-fold cross-validation`);
  }
  // Probed only when a fold trains a transformer (an n-gram fold needs no backend), and then once for the job.
  const backend = async (): Promise<Tf> => (await ctx.backend()).tf;
  const checkpoint: Checkpoint = (ctx.db.jobs.getCheckpoint(ctx.jobId) as Checkpoint | null) ?? { done: {} };
  const total = o.presets.length * o.folds;
  let finished = Object.keys(checkpoint.done).length;
  for (const preset of o.presets) {
    for (let fold = 0; fold < o.folds; fold++) {
      const key = `${preset}:${fold}`;
      if (checkpoint.done[key]) continue;
      if (ctx.signal.aborted) return { cancelled: true, finished, total };
      ctx.progress({ done: finished, total, unit: 'folds', message: `${preset}: fold ${fold + 1} of ${o.folds}` }, true);
      const started = Date.now();
      const test = pairs.filter((_, i) => foldOf(i, o.folds) === fold);
      const rest = pairs.filter((_, i) => foldOf(i, o.folds) !== fold);
      let margins: number[];
      try {
        margins = await foldMargins(preset, rest, test, { seed: o.seed, signal: ctx.signal, backend });
      } catch (err) {
        if (ctx.signal.aborted) return { cancelled: true, finished, total };
        throw err;
      }
      checkpoint.done[key] = { correct: margins.map(correctness), seconds: (Date.now() - started) / 1000 };
      ctx.db.jobs.setCheckpoint(ctx.jobId, { ...checkpoint });
      finished += 1;
    }
  }
  const shorter = pooled(pairs.map((p) => Math.sign(p.rejected.length - p.chosen.length) * 0.5 + 0.5));
  const results: CvPresetResult[] = o.presets.map((preset: ModelPreset) => {
    const folds = Array.from({ length: o.folds }, (_, f) => checkpoint.done[`${preset}:${f}`]!);
    return {
      preset,
      ...pooled(folds.flatMap((f) => f.correct)),
      foldAccuracies: folds.map((f) => pooled(f.correct).accuracy),
      seconds: folds.reduce((a, f) => a + f.seconds, 0),
    };
  });
  const summary = results.map((r) => `${r.preset} ${(r.accuracy * 100).toFixed(1)}% ± ${(r.se * 100).toFixed(1)}`).join(' · ');
  ctx.progress({ done: total, total, unit: 'folds', message: `${o.folds}-fold CV on ${pairs.length} pairs: ${summary}` }, true);
  const result: CvResult = { pairs: pairs.length, folds: o.folds, shorterWins: shorter, results };
  return result;
};
