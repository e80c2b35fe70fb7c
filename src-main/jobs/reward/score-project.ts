// Scores every pair of the project with one model, chunk by chunk, writing r(chosen), r(rejected) and margin.
import type { RewardModel } from '../../engine/model/reward-model';
import type { Encode } from '../../engine/tokenizer/fast-encoder';
import { scorePairs } from '../../engine/train/score';
import type { JobContext } from '../context';
import { tokenize, type TextPair } from './pairs-data';

const CHUNK = 1024;

export interface ProjectMargins {
  train: number[];
  validation: number[];
  scored: number;
}

/** Scores do not depend on batch composition (tested in the engine), so chunking changes nothing but memory. */
export async function scoreProject(ctx: JobContext, model: RewardModel, encode: Encode, modelId: number): Promise<ProjectMargins> {
  const { db } = ctx;
  const total = db.pairs.count({});
  const out: ProjectMargins = { train: [], validation: [], scored: 0 };
  let chunk: TextPair[] = [];
  const flush = async (): Promise<void> => {
    const scores = await scorePairs({ model, pairs: tokenize(chunk, encode), signal: ctx.signal });
    db.transaction(() =>
      db.scores.upsertMany(
        modelId,
        chunk.map((p, i) => ({ pairId: p.id, rChosen: scores[i]!.chosen, rRejected: scores[i]!.rejected })),
      ),
    );
    chunk.forEach((p, i) => (p.split === 'train' ? out.train : out.validation).push(scores[i]!.margin));
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
