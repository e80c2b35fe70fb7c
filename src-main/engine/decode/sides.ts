// The two halves the decoder drives, as small interfaces: a policy that proposes top-k tokens and a reward side that
// scores candidate texts. Local models, the HTTP completions endpoint (src-main/llm) and later an n-gram reward
// model each implement one of them; the decoding loop (guided-decoder.ts) knows nothing else about them.

/** One next-token candidate of a row. */
export interface PolicyCandidate {
  /** The row's whole response text if this candidate is taken (the reward side scores it as is). */
  text: string;
  /** The policy's probability of this token (over its whole vocabulary). */
  prob: number;
  /** True for end-of-text: taking it finishes the row without changing its text. */
  end: boolean;
}

/** Open decoding rows of a policy; row numbers index the prompts given to open(). */
export interface PolicyRows {
  /** The top-k candidates of each listed row, most likely first. */
  candidates(rows: readonly number[], k: number): Promise<PolicyCandidate[][]>;
  /** Takes candidate `choices[i]` (an index into the last candidates() answer) for `rows[i]`. */
  commit(rows: readonly number[], choices: readonly number[]): Promise<void>;
  /** The row's response so far. */
  text(row: number): string;
  /** New tokens taken by the row. */
  tokens(row: number): number;
  /** Frees what the rows hold. */
  dispose(): void;
}

/** A policy the decoder can drive one token at a time over many rows. */
export interface StepPolicy {
  /** Opens one row per prompt; `maxNewTokens` lets a local policy keep room in its context. */
  open(prompts: readonly string[], maxNewTokens: number): Promise<PolicyRows>;
}

/** Open scoring rows of a reward side, one per prompt given to open(). */
export interface RewardRows {
  /** r(prompt, text) for each candidate text of each listed row. */
  score(rows: readonly number[], texts: readonly (readonly string[])[]): Promise<number[][]>;
  /** Takes candidate `choices[i]` of the last score() call as row `rows[i]`'s new response. */
  commit(rows: readonly number[], choices: readonly number[]): void;
  /** The reward of the row's committed response. */
  current(row: number): number;
  /** True once the row's response fills the reward model's context: decoding must stop there. */
  full(row: number): boolean;
  /** Frees what the rows hold. */
  dispose(): void;
}

/**
 * The guiding reward model. An incremental implementation keeps per-row state so that score() costs one small
 * step per candidate (the local GPT-2 reward model keeps a key/value cache; an n-gram model would keep its last
 * n−1 tokens); scoreTexts is the same reward on whole texts, and must agree with score() on the same text.
 */
export interface StepReward {
  open(prompts: readonly string[]): Promise<RewardRows>;
  scoreTexts(prompt: string, responses: readonly string[]): Promise<number[]>;
}
