// MARS's semantic layer: pairs whose two responses the model represents nearly alike get an LLM rewrite that makes
// the difference clearer (the rejected one more different but not better, else the chosen one clearer).
import type { RewardModel } from '../../engine/model/reward-model';
import type { Encode } from '../../engine/tokenizer/fast-encoder';
import { responseDistances } from '../../engine/train/score';
import type { LlmParaphraser } from '../../llm/paraphraser';
import type { SemanticMode } from '../../llm/prompts';
import { tokenize } from '../reward/pairs-data';
import type { BasePair } from './select';

export interface SemanticRewrite {
  source: BasePair;
  prompt: string;
  chosen: string;
  rejected: string;
  mode: SemanticMode;
  distance: number;
}

export interface SemanticOutcome {
  /** Mean cosine distance over the selected pairs: pairs below it are the candidates. */
  threshold: number;
  candidates: number;
  rewrites: SemanticRewrite[];
}

/**
 * The distance is 1 − cos between the reward model's pooled representations of the two responses: the features
 * its reward is a linear function of, so "close" means close for the model being refined.
 */
export async function semanticLayer(input: {
  model: RewardModel;
  encode: Encode;
  pairs: readonly BasePair[];
  llm: LlmParaphraser;
  signal: AbortSignal;
}): Promise<SemanticOutcome> {
  const { pairs, llm, signal } = input;
  if (pairs.length === 0) return { threshold: 0, candidates: 0, rewrites: [] };
  const distances = await responseDistances({
    model: input.model,
    pairs: tokenize(
      pairs.map((p) => ({ ...p, split: 'train', strength: null })),
      input.encode,
    ),
    signal,
  });
  const threshold = distances.reduce((a, b) => a + b, 0) / distances.length;
  const rewrites: SemanticRewrite[] = [];
  let candidates = 0;
  for (const [i, source] of pairs.entries()) {
    const distance = distances[i] as number;
    if (!(distance < threshold)) continue;
    candidates++;
    signal.throwIfAborted();
    for (const mode of ['diverge-rejected', 'clarify-chosen'] as const) {
      const got = await llm.semanticRewrite(source, mode, signal);
      if (!got.ok) continue;
      rewrites.push({
        source,
        mode,
        distance,
        prompt: source.prompt,
        chosen: source.chosen,
        rejected: source.rejected,
        [got.side]: got.variant.text,
      });
      break;
    }
  }
  return { threshold, candidates, rewrites };
}
