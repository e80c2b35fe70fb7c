// Formatters for reward-model numbers: accuracy as a percentage, losses and calibration errors to 3 places.
import type { ModelSummary, RewardMetrics } from '@shared/dto';

export function formatPercent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? '—'
    : `${(value * 100).toFixed(digits)}%`;
}

export function formatFixed(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

/** Accuracy with its standard error in points ("58.3% ± 1.4") when the metrics carry one. */
export function formatAccuracy(m: RewardMetrics | null | undefined): string {
  if (!m) return '—';
  return m.accuracySe === undefined ? formatPercent(m.accuracy) : `${formatPercent(m.accuracy)} ± ${(m.accuracySe * 100).toFixed(1)}`;
}

/** A signed margin: `+1.23` / `−0.45` (a real minus sign, so columns of numbers line up). */
export function formatMargin(value: number): string {
  const text = Math.abs(value).toFixed(2);
  return value < 0 ? `−${text}` : `+${text}`;
}

/** The metrics a model is judged by: validation when it has a validation split, training pairs otherwise. */
export function headlineMetrics(
  model: ModelSummary,
): { metrics: RewardMetrics; on: 'validation' | 'train' } | null {
  const m = model.metrics;
  if (m?.validation) return { metrics: m.validation, on: 'validation' };
  if (m?.train) return { metrics: m.train, on: 'train' };
  return null;
}
