// Engine metrics → the contract's RewardMetrics: the disagreement list becomes a count (the pair browser lists them).
import { computeRewardMetrics } from '../../engine/metrics/reward-metrics';
import type { RewardMetrics } from '../../shared/dto';

/** Null when there is nothing to measure (e.g. a project with no validation split). */
export function rewardMetrics(margins: readonly number[]): RewardMetrics | null {
  if (margins.length === 0) return null;
  const m = computeRewardMetrics(margins.map((margin, i) => ({ pairId: i, margin })));
  return {
    pairs: m.pairs,
    accuracy: m.accuracy,
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
