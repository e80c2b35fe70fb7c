// Formatting of robustness estimates for the view: percentages with their standard errors.
import type { Estimate } from '@shared/robustness-dto';

export function pctSe(e: Estimate): string {
  return Number.isFinite(e.value) ? `${(e.value * 100).toFixed(1)} ± ${(e.se * 100).toFixed(1)}` : '–';
}

/** Width of a bar for a share in [0, 1], clamped so a bad value cannot overflow its track. */
export function barWidth(share: number): string {
  return `${Math.max(0, Math.min(1, Number.isFinite(share) ? share : 0)) * 100}%`;
}
