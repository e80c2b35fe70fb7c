// Chart data shaped for uPlot: histogram bins trimmed to where the data is, and a smoothed copy of a noisy curve.
import type { RewardMetrics } from '@shared/dto';

export type Histogram = RewardMetrics['histogram'];

export interface Bins {
  /** Lower and upper edge of each bin, and its count; only the span from the first to the last non-empty bin. */
  lower: number[];
  upper: number[];
  counts: number[];
}

/** A histogram's bins as edges and counts (the DTO stores its range and counts only). */
export function binsOf({ min, max, counts }: Histogram): Bins {
  const step = counts.length === 0 ? 0 : (max - min) / counts.length;
  return {
    lower: counts.map((_, i) => min + i * step),
    upper: counts.map((_, i) => min + (i + 1) * step),
    counts: [...counts],
  };
}

/**
 * The bins from the first to the last non-empty one over all `histograms` (same bin edges assumed per histogram,
 * not across them): the stored range is fixed (±8) while margins often sit within ±1, so an untrimmed plot is a
 * thin spike in an empty frame. Returns the x range that fits, or null when every bin is empty.
 */
export function fittedRange(histograms: readonly Histogram[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const h of histograms) {
    const b = binsOf(h);
    b.counts.forEach((c, i) => {
      if (c === 0) return;
      lo = Math.min(lo, b.lower[i] as number);
      hi = Math.max(hi, b.upper[i] as number);
    });
  }
  return lo === Infinity ? null : [lo, hi];
}

/** Only the bins inside [lo, hi] (a fitted range), so bars and their data table list the same bins. */
export function binsWithin(h: Histogram, [lo, hi]: [number, number]): Bins {
  const b = binsOf(h);
  const keep = b.counts.map((_, i) => (b.upper[i] as number) > lo && (b.lower[i] as number) < hi);
  const pick = (xs: number[]) => xs.filter((_, i) => keep[i]);
  return { lower: pick(b.lower), upper: pick(b.upper), counts: pick(b.counts) };
}

/**
 * Exponential moving average with the bias correction Adam uses, so the first points are not pulled towards 0;
 * `weight` is TensorBoard's smoothing knob (0 = raw, 0.9 = heavy). Nulls (steps with no value) stay null.
 */
export function smoothed(values: readonly (number | null)[], weight = 0.8): (number | null)[] {
  let avg = 0;
  let n = 0;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return null;
    n++;
    avg = weight * avg + (1 - weight) * v;
    return avg / (1 - weight ** n);
  });
}

/** One point of a line chart. */
export interface XY {
  x: number;
  y: number;
}
