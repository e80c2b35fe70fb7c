// The shapes the robustness suite works with: a pair's texts, a perturbation family, and what a family yields.
import { PerturbationFamilyName } from '../../shared/robustness-dto';
import type { Rng } from '../rng';

/** The texts of one preference pair: `chosen` is the better response. */
export interface PairText {
  prompt: string;
  chosen: string;
  rejected: string;
}

/** Every perturbation family the suite knows, in the order reports list them (one list, in the contract). */
export const FAMILY_NAMES = PerturbationFamilyName.options;
export type FamilyName = PerturbationFamilyName;

/**
 * A perturbation family: a seeded, pure rewrite of a held-out pair that keeps which response is better.
 * `candidates` lists rewrites in the order the suite should try them (most families give one, the rewriting
 * ones a few); the suite keeps the first that passes the label check, or skips the pair when none does or the
 * list is empty (the family does not apply to that pair). Families are model-independent: every model under test
 * scores the same perturbed pairs. A model-dependent probe (the adaptive attack of failure discovery) is not a
 * family: it produces its own pairs per model and reports beside the families (see docs/robustness.md).
 */
export interface PerturbationFamily {
  name: FamilyName;
  /** One line for the report and the view: what changes and why the label stays. */
  description: string;
  candidates(pair: PairText, rng: Rng): PairText[];
}

/**
 * Whether a perturbed pair still has the original's label. The app passes the demo's hidden rule for demo pairs;
 * on real data no oracle exists and the families keep the label by construction (documented per family).
 */
export type PairLabelCheck = (original: PairText, perturbed: PairText) => boolean;
