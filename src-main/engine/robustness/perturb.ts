// Applies the enabled families to held-out pairs: per-pair seeds, the first candidate that passes the label check.
import { mulberry32 } from '../rng';
import { normalise } from '../mars/operators/text';
import { perturbationFamilies } from './families';
import { FAMILY_NAMES, type FamilyName, type PairLabelCheck, type PairText } from './types';

export interface HeldOutPair extends PairText {
  id: number;
}

export interface PerturbedPair extends PairText {
  /** The held-out pair it was made from. */
  pairId: number;
}

export interface FamilySet {
  family: FamilyName;
  pairs: PerturbedPair[];
  /** Pairs the family does not apply to, or whose every candidate failed the label check. */
  skipped: number;
}

export interface PerturbOptions {
  seed: number;
  /** Families to run; all by default. */
  families?: readonly FamilyName[];
  /** Extra label check per pair (the demo's hidden rule on demo pairs); none on real data. */
  check?: (pairId: number) => PairLabelCheck | null;
}

/**
 * A seed per (suite seed, family, pair): a pair's perturbation depends on neither the other pairs nor the other
 * families, so switching a family off or adding pairs leaves every other perturbed pair as it was.
 */
export function familySeed(seed: number, family: FamilyName, pairId: number): number {
  const salt = FAMILY_NAMES.indexOf(family) + 1;
  return (Math.imul(seed ^ Math.imul(salt, 0x27d4eb2d), 0x85ebca6b) ^ Math.imul(pairId + 1, 0x9e3779b1)) >>> 0;
}

function unchanged(a: PairText, b: PairText): boolean {
  return normalise(a.chosen) === normalise(b.chosen) && normalise(a.rejected) === normalise(b.rejected);
}

/** The perturbed pairs of every enabled family, in pair order; deterministic for a seed. */
export function perturbPairs(pairs: readonly HeldOutPair[], options: PerturbOptions): FamilySet[] {
  const all = perturbationFamilies();
  const names = FAMILY_NAMES.filter((f) => options.families?.includes(f) ?? true);
  return names.map((name) => {
    const family = all[name];
    const out: PerturbedPair[] = [];
    let skipped = 0;
    for (const pair of pairs) {
      const source: PairText = { prompt: pair.prompt, chosen: pair.chosen, rejected: pair.rejected };
      const check = options.check?.(pair.id) ?? null;
      const rng = mulberry32(familySeed(options.seed, name, pair.id));
      const kept = family
        .candidates(source, rng)
        .find((c) => !unchanged(source, c) && c.chosen.trim() !== '' && c.rejected.trim() !== '' && (check?.(source, c) ?? true));
      if (kept) out.push({ pairId: pair.id, ...kept });
      else skipped++;
    }
    return { family: name, pairs: out, skipped };
  });
}
