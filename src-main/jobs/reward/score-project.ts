// Scores every pair of the project with one model, chunk by chunk, writing r(chosen), r(rejected) and margin.
import type { JobContext } from '../context';
import type { TextPair } from './pairs-data';
import type { TextScorer } from './scorer';

const CHUNK = 1024;

export interface ProjectMargins {
  train: number[];
  validation: number[];
  /** Per validation pair, whether "the shorter response wins" gets it right: 1, 0, or 0.5 for equal lengths. */
  validationShorter: number[];
  scored: number;
}

/** Scores do not depend on batch composition (tested in the engine), so chunking changes nothing but memory. */
export async function scoreProject(ctx: JobContext, scorer: TextScorer, modelId: number): Promise<ProjectMargins> {
  const { db } = ctx;
  const total = db.pairs.count({});
  const out: ProjectMargins = { train: [], validation: [], validationShorter: [], scored: 0 };
  let chunk: TextPair[] = [];
  const flush = async (): Promise<void> => {
    const scores = await scorer.score(chunk, ctx.signal);
    db.transaction(() =>
      db.scores.upsertMany(
        modelId,
        chunk.map((p, i) => ({ pairId: p.id, rChosen: scores[i]!.chosen, rRejected: scores[i]!.rejected })),
      ),
    );
    chunk.forEach((p, i) => {
      if (p.split === 'train') out.train.push(scores[i]!.margin);
      else {
        out.validation.push(scores[i]!.margin);
        out.validationShorter.push(Math.sign(p.rejected.length - p.chosen.length) * 0.5 + 0.5);
      }
    });
    out.scored += chunk.length;
    chunk = [];
    ctx.progress({ done: out.scored, total, unit: 'pairs', message: `scored ${out.scored} of ${total} pairs` });
  };
  for (const p of db.pairs.iterate({}, 1000)) {
    chunk.push({ id: p.id, split: p.split, prompt: p.prompt, chosen: p.chosen, rejected: p.rejected, strength: p.strength });
    if (chunk.length >= CHUNK) await flush();
  }
  if (chunk.length > 0) await flush();
  return out;
}
