// The one interface every augmentation operator implements, and the provenance each variant carries.
import type { Rng } from '../../rng';

/** Which operator made a variant and with which settings: stored with every augmented pair. */
export interface Provenance {
  operator: string;
  params: Record<string, unknown>;
}

export interface AugmentOperator {
  /** Stable identifier stored in provenance, e.g. `synonym`. */
  name: string;
  /** The operator's settings, recorded verbatim in provenance. */
  params: Record<string, unknown>;
  /**
   * Up to `count` distinct rewrites of `text` (fewer when the text offers fewer); never the text itself.
   * Deterministic for a given rng state. Outputs still pass the guard before use.
   */
  variants(text: string, rng: Rng, count: number): string[];
}

/** A guarded rewrite of one text with its provenance. */
export interface Variant {
  text: string;
  provenance: Provenance;
}

/** Which part of a pair a text is: the label check applies to responses only. */
export type TextRole = 'prompt' | 'chosen' | 'rejected';
