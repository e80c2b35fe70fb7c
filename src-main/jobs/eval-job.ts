// Job (child process): accuracy, calibration and margins of a saved model on an external file of pairs.
import { basename } from 'node:path';
import { parseFile } from '../importers/parse-file';
import { EvalJobParams, parseJobParams } from '../shared/job-params';
import type { JobRunner } from './context';
import { rewardMetrics } from './reward/metrics';
import type { TextPair } from './reward/pairs-data';
import { loadTextScorer } from './reward/scorer';

/** Per-pair margins ride along in the job result for scripts; beyond this many the result would bloat the store. */
const MAX_MARGINS = 50_000;

export const runEvalJob: JobRunner<'eval'> = async (ctx) => {
  const p = parseJobParams(EvalJobParams, 'eval', ctx.params);
  const pairs: TextPair[] = [];
  const issues: { line: number; reason: string }[] = [];
  for await (const row of parseFile(p.path, { format: p.format, mapping: p.mapping, pkuPreference: p.pkuPreference })) {
    if (!row.ok) issues.push({ line: row.issue.line, reason: row.issue.reason });
    else if (!row.pair.tie) {
      const d = row.pair;
      pairs.push({ id: d.line, split: 'validation', prompt: d.prompt, chosen: d.chosen, rejected: d.rejected, strength: d.strength });
    }
  }
  const scorer = await loadTextScorer(p.modelDir, async () => (await ctx.backend()).tf);
  try {
    const scores = await scorer.score(pairs, ctx.signal, (done, total) =>
      ctx.progress({ done, total, unit: 'pairs', message: `scored ${done} of ${total} pairs` }),
    );
    const metrics = rewardMetrics(scores.map((s) => s.margin));
    return {
      file: basename(p.path),
      modelId: p.modelId,
      pairs: pairs.length,
      skipped: issues.length,
      metrics,
      margins: scores
        .slice(0, MAX_MARGINS)
        .map((s, i) => ({ line: pairs[i]!.id, rChosen: s.chosen, rRejected: s.rejected, margin: s.margin })),
      marginsTruncated: scores.length > MAX_MARGINS,
    };
  } finally {
    scorer.dispose();
  }
};
