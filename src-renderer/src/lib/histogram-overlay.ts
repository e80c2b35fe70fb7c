// Geometry of two margin histograms drawn over each other: a shared x domain and y scale, one bar list each.
import type { RewardMetrics } from '@shared/dto';
import { linearScale } from './chart';

export type Histogram = RewardMetrics['histogram'];

export interface OverlayBar {
  count: number;
  lower: number;
  upper: number;
  x: number;
  width: number;
  y: number;
  height: number;
}

export interface OverlayBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The x range both histograms fit in (their bins may differ when the margins spread out). */
export function sharedDomain(histograms: readonly Histogram[]): [number, number] {
  const lo = Math.min(...histograms.map((h) => h.min));
  const hi = Math.max(...histograms.map((h) => h.max));
  return Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : [0, 1];
}

/**
 * Bars of every histogram on one scale: x from the shared domain, heights from the tallest bin of any of them, so
 * a bin that grew between rounds is visibly taller.
 */
export function overlayBars(histograms: readonly Histogram[], box: OverlayBox): OverlayBar[][] {
  const domain = sharedDomain(histograms);
  const peak = Math.max(1, ...histograms.flatMap((h) => h.counts));
  const x = linearScale(domain, [box.left, box.width - box.right]);
  const h = linearScale([0, peak], [0, box.height - box.top - box.bottom]);
  return histograms.map(({ min, max, counts }) => {
    const step = counts.length === 0 ? 0 : (max - min) / counts.length;
    return counts.map((count, i) => {
      const lower = min + i * step;
      const upper = lower + step;
      const height = h(count);
      return {
        count,
        lower,
        upper,
        x: x(lower),
        width: Math.max(0.5, x(upper) - x(lower) - 1),
        y: box.height - box.bottom - height,
        height,
      };
    });
  });
}
