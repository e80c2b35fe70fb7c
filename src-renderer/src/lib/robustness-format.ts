// Formatting of robustness estimates for the view: percentages with their standard errors.
import type { Estimate } from '@shared/robustness-dto';

export function pctSe(e: Estimate): string {
  return Number.isFinite(e.value) ? `${(e.value * 100).toFixed(1)} ± ${(e.se * 100).toFixed(1)}` : '–';
}

/** Width of a bar for a share in [0, 1], clamped so a bad value cannot overflow its track. */
export function barWidth(share: number): string {
  return `${Math.max(0, Math.min(1, Number.isFinite(share) ? share : 0)) * 100}%`;
}

/** A paired difference in percentage points, signed, with its SE. */
export function signedPctSe(e: Estimate): string {
  return Number.isFinite(e.value) ? `${e.value >= 0 ? '+' : ''}${(e.value * 100).toFixed(1)} ± ${(e.se * 100).toFixed(1)}` : '–';
}

/** A count per prompt with its SE (failures per prompt). */
export function countSe(e: Estimate, signed = false): string {
  return Number.isFinite(e.value) ? `${signed && e.value >= 0 ? '+' : ''}${e.value.toFixed(2)} ± ${e.se.toFixed(2)}` : '–';
}

/**
 * A difference is called out when it is more than two standard errors from zero (about 95% two-sided). Over several
 * seeds both sources of noise count: the SE over seeds (the perturbation draw) and the within-seed SE (the held-out
 * pairs, the same in every seed, so more seeds do not shrink it), added in quadrature.
 */
export function beyondNoise(e: Estimate): boolean {
  const se = e.overSeeds ? Math.hypot(e.se, e.overSeeds.withinSe) : e.se;
  return Number.isFinite(e.value) && Number.isFinite(se) && Math.abs(e.value) > 2 * se;
}

/** What a class-confirmed attack number counts (the REFORM ledger and the Robustness view show it on the demo). */
export const CONFIRMED_TITLE = "Only failures the demo's rule confirms keep their policy's class (REFORM's failures)";
