// The reward side of a `combined` (or pure `ngram`) reward model: r = r_transformer + r_ngram, as the scorer and the
// train job read it. Without this the decoder would steer, and discovery would judge failures, by the transformer
// half alone, which in `combined` is only the n-gram model's residual.
import type { RewardRows, StepReward } from './sides';

/** A reward of the response text alone (the n-gram model: the prompt plays no part in it). */
export interface TextReward {
  score(response: string): number;
}

/** Rows of no model: reward 0, never full. The base of a pure n-gram reward. */
const NO_ROWS: RewardRows = {
  score: (rows, texts) => Promise.resolve(rows.map((_, j) => (texts[j] ?? []).map(() => 0))),
  commit: () => undefined,
  current: () => 0,
  full: () => false,
  dispose: () => undefined,
};

export class SumReward implements StepReward {
  constructor(
    /** The transformer half; null for a pure n-gram model. */
    private readonly inner: StepReward | null,
    private readonly text: TextReward,
  ) {}

  async open(prompts: readonly string[]): Promise<RewardRows> {
    const base = this.inner ? await this.inner.open(prompts) : NO_ROWS;
    const empty = this.text.score('');
    // Per row: the texts of the last score() call (commit picks one) and the committed text's n-gram reward.
    const offered: (readonly string[])[] = prompts.map(() => []);
    const committed = prompts.map(() => empty);
    return {
      score: async (rows, texts) => {
        const scored = await base.score(rows, texts);
        return rows.map((row, j) => {
          const mine = texts[j] ?? [];
          offered[row] = mine;
          return mine.map((t, c) => (scored[j]?.[c] ?? 0) + this.text.score(t));
        });
      },
      commit: (rows, choices) => {
        base.commit(rows, choices);
        rows.forEach((row, j) => {
          const t = offered[row]?.[choices[j] as number];
          if (t === undefined) throw new RangeError(`row ${row} has no scored candidate ${choices[j]}`);
          committed[row] = this.text.score(t);
        });
      },
      current: (row) => base.current(row) + (committed[row] ?? empty),
      full: (row) => base.full(row),
      dispose: () => base.dispose(),
    };
  }

  async scoreTexts(prompt: string, responses: readonly string[]): Promise<number[]> {
    const base = this.inner ? await this.inner.scoreTexts(prompt, responses) : responses.map(() => 0);
    return responses.map((t, i) => (base[i] ?? 0) + this.text.score(t));
  }
}
