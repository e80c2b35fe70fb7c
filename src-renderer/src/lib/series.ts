// Live training curves: append points from throttled progress events and keep the series short enough to draw.

export interface CurvePoint {
  step: number;
  loss: number | null;
  accuracy: number | null;
}

/** More points than an inline chart has pixels for only costs time; past this the series is thinned. */
export const MAX_CURVE_POINTS = 400;

/**
 * Returns the series with `point` added. A step at or before the last one means the job went back to a
 * checkpoint (resume), so the points it will redo are dropped first. Past `max` points every other point
 * is dropped (the newest always kept), which keeps the shape and halves the density.
 */
export function appendCurvePoint(
  points: readonly CurvePoint[],
  point: CurvePoint,
  max = MAX_CURVE_POINTS,
): CurvePoint[] {
  let kept = points.length;
  while (kept > 0 && (points[kept - 1] as CurvePoint).step >= point.step) kept--;
  const next = points.slice(0, kept);
  next.push(point);
  if (next.length <= max) return next;
  const thinned = next.filter((_, i) => i % 2 === 0);
  if (thinned[thinned.length - 1] !== point) thinned.push(point);
  return thinned;
}

/** Reads the numbers of one progress event; null when the event carries no training step. */
export function curvePointFrom(metrics: Record<string, number> | undefined, done: number): CurvePoint | null {
  if (metrics === undefined) return null;
  const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
  const loss = finite(metrics.loss);
  const accuracy = finite(metrics.accuracy);
  if (loss === null && accuracy === null) return null;
  return { step: finite(metrics.step) ?? done, loss, accuracy };
}
