// The guard every operator's output passes: non-empty, new, not a duplicate, of sensible length, label kept.
import type { Rng } from '../../rng';
import { factCues, normalise } from './text';
import type { AugmentOperator, TextRole, Variant } from './types';

/** What the label check sees besides the two texts: the role and the (original) prompt of the pair. */
export interface PreserveContext {
  role: TextRole;
  prompt: string;
}

/**
 * Returns false when `variant` would change the label of `original` (e.g. a chosen response that stops being good).
 * The default accepts everything; the demo bench passes a check built on `demoQuality`.
 */
export type PreservesLabel = (original: string, variant: string, context: PreserveContext) => boolean;

/**
 * The label check the app uses on real data, where no oracle knows the label: a response variant keeps its label
 * when it keeps every negation and number of the original (the same cues, in any order: reordering sentences is
 * fine). The offline operators keep them by construction; an LLM paraphrase that drops a "not" or changes an
 * amount is refused here.
 */
export const keepsFacts: PreservesLabel = (original, variant) => {
  const a = factCues(original).sort();
  const b = factCues(variant).sort();
  return a.length === b.length && a.every((cue, i) => cue === b[i]);
};

export interface GuardOptions {
  /** Shortest accepted variant, as a share of the source's length in characters. Default 0.5. */
  minLengthRatio?: number;
  /** Longest accepted variant, as a multiple of the source's length in characters. Default 1.5. */
  maxLengthRatio?: number;
  preserves?: PreservesLabel;
}

export type RejectReason = 'empty' | 'identical' | 'duplicate' | 'length' | 'label-flip';

export interface GuardResult {
  accepted: string[];
  rejected: Array<{ text: string; reason: RejectReason }>;
}

export const DEFAULT_MIN_LENGTH_RATIO = 0.5;
export const DEFAULT_MAX_LENGTH_RATIO = 1.5;

/**
 * Filters candidate rewrites of `source`. The label check runs only for responses (`context.role` chosen or
 * rejected): prompts have no label of their own.
 */
export function guardVariants(
  source: string,
  candidates: readonly string[],
  context: PreserveContext,
  options: GuardOptions = {},
): GuardResult {
  const minRatio = options.minLengthRatio ?? DEFAULT_MIN_LENGTH_RATIO;
  const maxRatio = options.maxLengthRatio ?? DEFAULT_MAX_LENGTH_RATIO;
  const seen = new Set([normalise(source)]);
  const result: GuardResult = { accepted: [], rejected: [] };
  const sourceLength = source.trim().length;
  for (const text of candidates) {
    const key = normalise(text);
    const length = text.trim().length;
    let reason: RejectReason | null = null;
    if (key.length === 0) reason = 'empty';
    else if (key === normalise(source)) reason = 'identical';
    else if (seen.has(key)) reason = 'duplicate';
    else if (length < minRatio * sourceLength || length > maxRatio * sourceLength) reason = 'length';
    else if (context.role !== 'prompt' && options.preserves && !options.preserves(source, text, context)) {
      reason = 'label-flip';
    }
    if (reason === null) {
      seen.add(key);
      result.accepted.push(text);
    } else {
      result.rejected.push({ text, reason });
    }
  }
  return result;
}

export interface GuardedVariants {
  variants: Variant[];
  rejected: GuardResult['rejected'];
}

/**
 * Asks `operator` for rewrites and keeps up to `count` that pass the guard. It asks for a few more than needed
 * (`oversample`×), since the guard may reject some; operators return fewer when the text offers fewer.
 */
export function guardedVariants(
  operator: AugmentOperator,
  source: string,
  rng: Rng,
  count: number,
  context: PreserveContext,
  options: GuardOptions & { oversample?: number } = {},
): GuardedVariants {
  if (count <= 0) return { variants: [], rejected: [] };
  const candidates = operator.variants(source, rng, count * (options.oversample ?? 3));
  const { accepted, rejected } = guardVariants(source, candidates, context, options);
  const provenance = { operator: operator.name, params: { ...operator.params } };
  return { variants: accepted.slice(0, count).map((text) => ({ text, provenance })), rejected };
}
