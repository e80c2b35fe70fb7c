// The augmentation operators a MARS run or a one-pair augmentation asked for, by name; `llm` needs an endpoint.
import {
  keepsFacts,
  reorderOperator,
  spanDeleteOperator,
  synonymOperator,
  type AugmentOperator,
  type GuardOptions,
  type PairTexts,
} from '../engine/mars';
import type { OperatorName } from '../shared/mars-dto';
import { ErrorCode, StudioError } from '../shared/errors';
import type { LlmParaphraser } from '../llm/paraphraser';

/** What every variant the app makes must pass, besides non-empty, new and of sensible length: facts kept. */
export const VARIANT_GUARD: GuardOptions = { preserves: keepsFacts };

const OFFLINE: Record<Exclude<OperatorName, 'llm'>, () => AugmentOperator> = {
  synonym: synonymOperator,
  'span-delete': spanDeleteOperator,
  reorder: reorderOperator,
};

/**
 * LLM paraphrases come from a server, asynchronously, while pools are built synchronously; so they are fetched
 * first (for the pairs the budget funds) and the operator serves them from this map. The map is keyed by text, so
 * a text that appears in several pairs is paraphrased once.
 */
export class PrefetchedLlmOperator implements AugmentOperator {
  readonly name = 'llm';
  private readonly byText = new Map<string, string[]>();

  constructor(
    private readonly llm: LlmParaphraser,
    readonly params: Record<string, unknown> = { ...llm.provenance },
  ) {}

  /** Paraphrases each text of the pairs (prompt and both responses) that has none yet. */
  async prefetch(pairs: readonly PairTexts[], perText: number, signal?: AbortSignal): Promise<void> {
    const jobs: Array<{ text: string; role: 'prompt' | 'response' }> = [];
    for (const p of pairs) {
      jobs.push(
        { text: p.prompt, role: 'prompt' },
        { text: p.chosen, role: 'response' },
        { text: p.rejected, role: 'response' },
      );
    }
    for (const job of jobs) {
      if (this.byText.has(job.text)) continue;
      const got = await this.llm.variants(job.text, job.role, perText, signal);
      this.byText.set(
        job.text,
        got.variants.map((v) => v.text),
      );
    }
  }

  variants(text: string, _rng: unknown, count: number): string[] {
    return (this.byText.get(text) ?? []).slice(0, count);
  }
}

export interface OperatorSet {
  operators: AugmentOperator[];
  llm: PrefetchedLlmOperator | null;
}

export function operatorsFor(names: readonly OperatorName[], llm: LlmParaphraser | null): OperatorSet {
  let llmOperator: PrefetchedLlmOperator | null = null;
  const operators = names.map((name): AugmentOperator => {
    if (name !== 'llm') return OFFLINE[name]();
    // Callers open the paraphraser through llm/endpoint.ts, which refuses a missing endpoint with the user's message.
    if (llm === null) throw new StudioError(ErrorCode.Internal, 'operator "llm" was asked for without a paraphraser');
    llmOperator = new PrefetchedLlmOperator(llm);
    return llmOperator;
  });
  return { operators, llm: llmOperator };
}
