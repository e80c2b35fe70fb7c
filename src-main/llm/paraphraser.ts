// LLM-backed operator for MARS: label-preserving paraphrases and the semantic-layer rewrites of a pair.
import { ErrorCode, StudioError } from '../shared/errors';
import type { ChatClient, Completion } from './client';
import {
  checkCandidate,
  paraphraseMessages,
  PROMPT_VERSION,
  semanticRewriteMessages,
  type CandidateCheck,
  type PairTexts,
  type RejectReason,
  type SemanticMode,
  type TextRole,
} from './prompts';

/** One accepted rewrite; `seed` reproduces it (and finds it in the cache). */
export interface Variant {
  text: string;
  seed: number;
  cached: boolean;
}

/** One rewrite the guards threw away, kept so a run can report why it produced fewer than asked. */
export interface RejectedCandidate {
  seed: number;
  reason: RejectReason;
  detail: string;
}

export interface VariantsResult {
  variants: Variant[];
  rejected: RejectedCandidate[];
}

export type SemanticRewriteResult =
  | { ok: true; side: 'chosen' | 'rejected'; variant: Variant; rejected: RejectedCandidate[] }
  | { ok: false; side: 'chosen' | 'rejected'; rejected: RejectedCandidate[] };

/** What augmented rows record about the operator that made them. */
export interface LlmProvenance {
  operator: 'llm';
  endpoint: string;
  model: string;
  promptVersion: number;
  temperature: number;
}

export interface LlmParaphraser {
  readonly provenance: LlmProvenance;
  /** Up to `count` distinct paraphrases of `text`; fewer when the guards reject more than the retry budget. */
  variants(text: string, role: TextRole, count: number, signal?: AbortSignal): Promise<VariantsResult>;
  /** One semantic-layer rewrite of the side `mode` names (`rejected` for diverge, `chosen` for clarify). */
  semanticRewrite(pair: PairTexts, mode: SemanticMode, signal?: AbortSignal): Promise<SemanticRewriteResult>;
}

export interface ParaphraserOptions {
  /** First seed; a new offset asks for fresh samples instead of the cached ones. Default 0. */
  seedOffset?: number;
  /** Requests allowed per wanted text, so a model that keeps refusing cannot loop. Default 2. */
  attemptsPerText?: number;
}

/** Most variants one call may ask for. */
export const MAX_VARIANTS = 32;

/**
 * One request per variant, each with its own seed, rather than one request for a numbered list: every sample is
 * cached on its own (asking for 3 after 2 re-pays only the third), a refused or runaway sample costs one item
 * instead of the batch, nothing depends on a small local model keeping list numbering intact, each output gets
 * the same guards, and the client's concurrency runs them side by side. The price, the instructions resent
 * per request, is small next to the text itself and is cached by servers with prefix caching (vLLM, llama.cpp).
 */
export function llmParaphraser(client: ChatClient, options: ParaphraserOptions = {}): LlmParaphraser {
  const seedOffset = options.seedOffset ?? 0;
  const attemptsPerText = Math.max(1, options.attemptsPerText ?? 2);
  const provenance: LlmProvenance = {
    operator: 'llm',
    endpoint: client.endpoint,
    model: client.model,
    promptVersion: PROMPT_VERSION,
    temperature: client.defaultTemperature,
  };

  function judge(original: string, c: Completion, others: readonly string[]): CandidateCheck {
    if (c.truncated) return { ok: false, reason: 'truncated', detail: 'the server stopped at maxTokens' };
    return checkCandidate(original, c.text, others);
  }

  async function variants(
    text: string,
    role: TextRole,
    count: number,
    signal?: AbortSignal,
  ): Promise<VariantsResult> {
    if (!Number.isInteger(count) || count < 0 || count > MAX_VARIANTS) {
      throw new StudioError(
        ErrorCode.InvalidRequest,
        `count must be an integer from 0 to ${MAX_VARIANTS}, got ${count}`,
      );
    }
    const messages = paraphraseMessages(text, role);
    const accepted: Variant[] = [];
    const rejected: RejectedCandidate[] = [];
    const budget = count * attemptsPerText;
    let nextSeed = seedOffset;
    while (accepted.length < count && nextSeed - seedOffset < budget) {
      const wanted = Math.min(count - accepted.length, budget - (nextSeed - seedOffset));
      const seeds = Array.from({ length: wanted }, (_, i) => nextSeed + i);
      nextSeed += wanted;
      // One failure ends the call: the siblings still in flight are cancelled instead of running on unseen.
      const batch = new AbortController();
      const linked = signal === undefined ? batch.signal : AbortSignal.any([signal, batch.signal]);
      const samples = await Promise.all(
        seeds.map((seed) =>
          client.complete(messages, { seed, signal: linked }).then(
            (completion) => ({ seed, completion }),
            (err: unknown) => {
              batch.abort();
              throw err;
            },
          ),
        ),
      );
      for (const { seed, completion } of samples) {
        const check = judge(
          text,
          completion,
          accepted.map((v) => v.text),
        );
        if (check.ok) accepted.push({ text: check.text, seed, cached: completion.cached });
        else rejected.push({ seed, reason: check.reason, detail: check.detail });
      }
    }
    return { variants: accepted, rejected };
  }

  async function semanticRewrite(
    pair: PairTexts,
    mode: SemanticMode,
    signal?: AbortSignal,
  ): Promise<SemanticRewriteResult> {
    const side = mode === 'diverge-rejected' ? 'rejected' : 'chosen';
    const other = side === 'rejected' ? pair.chosen : pair.rejected;
    const messages = semanticRewriteMessages(pair, mode);
    const rejected: RejectedCandidate[] = [];
    for (let seed = seedOffset; seed < seedOffset + attemptsPerText; seed++) {
      const c = await client.complete(messages, { seed, signal });
      const check = judge(pair[side], c, [other]);
      if (check.ok)
        return { ok: true, side, variant: { text: check.text, seed, cached: c.cached }, rejected };
      rejected.push({ seed, reason: check.reason, detail: check.detail });
    }
    return { ok: false, side, rejected };
  }

  return { provenance, variants, semanticRewrite };
}
