// Evaluation of a reward model on preference pairs from its margins: accuracy, Bradley-Terry loss, calibration, margin spread.
import { computeCalibration, type ReliabilityBin } from './calibration';

/** One scored pair: margin = r(chosen) − r(rejected); the label says chosen is preferred. */
export interface PairMargin {
  pairId: number;
  margin: number;
  /** Tied pairs carry no preference and are left out of every metric. */
  tie?: boolean;
}

export interface MarginHistogram {
  /** Bins cover [−range, range) in equal widths; the last bin also takes +range. */
  range: number;
  edges: number[];
  counts: number[];
  /** Margins outside the range, kept apart so fixed bins stay comparable between models. */
  below: number;
  above: number;
}

export interface RewardMetrics {
  /** Pairs evaluated (ties excluded). */
  pairs: number;
  tiesExcluded: number;
  /** Share of pairs with margin > 0; a margin of exactly 0 counts as half right (a coin flip). */
  accuracy: number;
  /** Mean Bradley-Terry loss −log σ(margin). */
  meanLoss: number;
  ece: number;
  reliability: ReliabilityBin[];
  marginMean: number;
  /** Population standard deviation of the margins. */
  marginStd: number;
  /** marginMean / marginStd; null when every margin is equal. */
  marginSnr: number | null;
  histogram: MarginHistogram;
  /** Pairs the model ranks against the label (margin < 0), most confidently wrong first. */
  disagreements: PairMargin[];
}

export interface RewardMetricsOptions {
  /** Equal-width P(chosen) bins for the ECE and the reliability diagram (default 10). */
  calibrationBins?: number;
  /** Histogram bins over [−histogramRange, histogramRange] (defaults 32 and 8). */
  histogramBins?: number;
  histogramRange?: number;
}

/** −log σ(m) without overflow for large |m|. */
export function btLoss(margin: number): number {
  return margin >= 0 ? Math.log1p(Math.exp(-margin)) : -margin + Math.log1p(Math.exp(margin));
}

export function marginHistogram(margins: readonly number[], bins = 32, range = 8): MarginHistogram {
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`histogram bins must be a positive integer, got ${bins}`);
  if (!(range > 0)) throw new RangeError(`histogram range must be positive, got ${range}`);
  const width = (2 * range) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => -range + i * width);
  const counts = new Array<number>(bins).fill(0);
  let below = 0;
  let above = 0;
  for (const m of margins) {
    if (m < -range) below++;
    else if (m > range) above++;
    else counts[Math.min(Math.floor((m + range) / width), bins - 1)]!++;
  }
  return { range, edges, counts, below, above };
}

/** All metrics for one evaluation run; throws when no non-tie pair is left or a margin is not finite. */
export function computeRewardMetrics(
  input: readonly PairMargin[],
  options: RewardMetricsOptions = {},
): RewardMetrics {
  const pairs = input.filter((p) => !p.tie);
  if (pairs.length === 0) throw new RangeError('no non-tie pairs to evaluate');
  const bad = pairs.find((p) => !Number.isFinite(p.margin));
  if (bad) throw new RangeError(`pair ${bad.pairId} has a non-finite margin (${bad.margin})`);
  const margins = pairs.map((p) => p.margin);
  const n = margins.length;
  let right = 0;
  let loss = 0;
  let sum = 0;
  for (const m of margins) {
    right += m > 0 ? 1 : m === 0 ? 0.5 : 0;
    loss += btLoss(m);
    sum += m;
  }
  const mean = sum / n;
  const variance = margins.reduce((acc, m) => acc + (m - mean) ** 2, 0) / n;
  const std = Math.sqrt(variance);
  const { ece, bins } = computeCalibration(margins, options.calibrationBins ?? 10);
  return {
    pairs: n,
    tiesExcluded: input.length - n,
    accuracy: right / n,
    meanLoss: loss / n,
    ece,
    reliability: bins,
    marginMean: mean,
    marginStd: std,
    marginSnr: std > 0 ? mean / std : null,
    histogram: marginHistogram(margins, options.histogramBins ?? 32, options.histogramRange ?? 8),
    disagreements: pairs
      .filter((p) => p.margin < 0)
      .sort((a, b) => a.margin - b.margin || a.pairId - b.pairId)
      .map(({ pairId, margin }) => ({ pairId, margin })),
  };
}
