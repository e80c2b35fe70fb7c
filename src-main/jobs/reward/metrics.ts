// Engine metrics → the contract's RewardMetrics: the disagreement list becomes a count (the pair browser lists them).
import { computeRewardMetrics } from '../../engine/metrics/reward-metrics';
import type { LengthBaseline, RewardMetrics } from '../../shared/dto';

/** Null when there is nothing to measure (e.g. a project with no validation split). */
export function rewardMetrics(margins: readonly number[]): RewardMetrics | null {
  if (margins.length === 0) return null;
  const m = computeRewardMetrics(margins.map((margin, i) => ({ pairId: i, margin })));
  return {
    pairs: m.pairs,
    accuracy: m.accuracy,
    accuracySe: Math.sqrt((m.accuracy * (1 - m.accuracy)) / m.pairs),
    meanLoss: m.meanLoss,
    ece: m.ece,
    reliability: m.reliability,
    marginMean: m.marginMean,
    marginStd: m.marginStd,
    marginSnr: m.marginSnr,
    histogram: { min: -m.histogram.range, max: m.histogram.range, counts: m.histogram.counts, below: m.histogram.below, above: m.histogram.above },
    disagreements: m.disagreements.length,
  };
}

/**
 * The model against "the shorter response wins" on the same validation pairs: the paired difference of their
 * per-pair correctness, its standard error, and whether it is within noise (less than two standard errors above 0),
 * in which case the model's margins are little more than a length rule and not worth reviewing.
 */
export function lengthBaseline(margins: readonly number[], shorter: readonly number[]): LengthBaseline | null {
  const n = margins.length;
  if (n === 0 || shorter.length !== n) return null;
  const diffs = margins.map((m, i) => (m > 0 ? 1 : m === 0 ? 0.5 : 0) - shorter[i]!);
  const mean = diffs.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? diffs.reduce((a, d) => a + (d - mean) ** 2, 0) / (n - 1) : 0;
  const se = Math.sqrt(variance / n);
  const shorterWins = shorter.reduce((a, b) => a + b, 0) / n;
  return { pairs: n, shorterWins, shorterWinsSe: Math.sqrt((shorterWins * (1 - shorterWins)) / n), difference: mean, differenceSe: se, withinNoise: mean < 2 * se };
}
