// Reward-model metrics against values computed by hand (see the comments for the arithmetic).
import { describe, expect, it } from 'vitest';
import { computeCalibration, sigmoid } from '../../../../src-main/engine/metrics/calibration';
import {
  btLoss,
  computeRewardMetrics,
  marginHistogram,
} from '../../../../src-main/engine/metrics/reward-metrics';

// Non-tie margins 2, −1, 0, 0.5; pair 5 is a tie and must not count.
const PAIRS = [
  { pairId: 1, margin: 2 },
  { pairId: 2, margin: -1 },
  { pairId: 3, margin: 0 },
  { pairId: 4, margin: 0.5 },
  { pairId: 5, margin: 3, tie: true },
];

describe('computeRewardMetrics', () => {
  const m = computeRewardMetrics(PAIRS);

  it('excludes ties and scores accuracy with a zero margin as half right', () => {
    expect(m.pairs).toBe(4);
    expect(m.tiesExcluded).toBe(1);
    // (1 + 0 + 0.5 + 1) / 4
    expect(m.accuracy).toBe(0.625);
  });

  it('averages the Bradley-Terry loss −log σ(margin)', () => {
    // (log(1+e^−2) + log(1+e) + log 2 + log(1+e^−0.5)) / 4
    expect(m.meanLoss).toBeCloseTo(0.6518534658, 9);
  });

  it('reports margin mean, population std and their ratio', () => {
    // mean 1.5/4; variance (1.625² + 1.375² + 0.375² + 0.125²)/4 = 1.171875
    expect(m.marginMean).toBe(0.375);
    expect(m.marginStd).toBeCloseTo(Math.sqrt(1.171875), 12);
    expect(m.marginSnr).toBeCloseTo(0.3464101615, 9);
  });

  it('lists the pairs ranked against the label, most negative first', () => {
    const more = computeRewardMetrics([...PAIRS, { pairId: 9, margin: -4 }, { pairId: 8, margin: -1 }]);
    expect(more.disagreements).toEqual([
      { pairId: 9, margin: -4 },
      { pairId: 2, margin: -1 },
      { pairId: 8, margin: -1 },
    ]);
    expect(m.disagreements).toEqual([{ pairId: 2, margin: -1 }]);
  });

  it('gives null SNR when every margin is equal', () => {
    expect(
      computeRewardMetrics([
        { pairId: 1, margin: 1 },
        { pairId: 2, margin: 1 },
      ]).marginSnr,
    ).toBeNull();
  });

  it('refuses empty input and non-finite margins with the pair named', () => {
    expect(() => computeRewardMetrics([{ pairId: 1, margin: 1, tie: true }])).toThrow(/no non-tie pairs/);
    expect(() => computeRewardMetrics([{ pairId: 7, margin: NaN }])).toThrow(
      /pair 7 has a non-finite margin/,
    );
  });
});

describe('computeCalibration', () => {
  it('bins both orders of each pair and weighs |accuracy − confidence| by bin size', () => {
    const { ece, bins } = computeCalibration([2, -1, 0, 0.5], 10);
    // Eight predictions: σ(2)=.8808 hit (bin 8), σ(−2)=.1192 miss (bin 1), σ(−1)=.2689 hit (bin 2), σ(1)=.7311 miss
    // (bin 7), 0.5 hit and 0.5 miss (bin 5), σ(.5)=.6225 hit (bin 6), σ(−.5)=.3775 miss (bin 3).
    // ECE = (.1192 + .7311 + .3775 + 0 + .3775 + .7311 + .1192) / 8
    expect(ece).toBeCloseTo(0.3069505424, 9);
    expect(bins.map((b) => b.count)).toEqual([0, 1, 1, 1, 0, 2, 1, 1, 1, 0]);
    expect(bins[5]).toEqual({ lower: 0.5, upper: 0.6, count: 2, confidence: 0.5, accuracy: 0.5 });
    expect(bins[8]!.confidence).toBeCloseTo(0.880797078, 9);
    expect(bins[8]!.accuracy).toBe(1);
    expect(bins[0]).toMatchObject({ count: 0, confidence: null, accuracy: null });
  });

  it('is zero for predictions that match their observed frequency', () => {
    // Margin 0 everywhere: every prediction is 0.5 and half of them are right.
    expect(computeCalibration([0, 0, 0], 15).ece).toBe(0);
  });

  it('puts P = 1 in the last bin', () => {
    expect(computeCalibration([100], 10).bins[9]!.count).toBe(1);
  });
});

describe('marginHistogram', () => {
  it('counts margins in fixed bins and keeps out-of-range ones apart', () => {
    const h = marginHistogram([2, -1, 0, 0.5, -5, 2.5, -2], 4, 2);
    expect(h.edges).toEqual([-2, -1, 0, 1, 2]);
    // −2 → bin 0, −1 → 1, 0 and 0.5 → 2, 2 (the upper edge) → 3
    expect(h.counts).toEqual([1, 1, 2, 1]);
    expect([h.below, h.above]).toEqual([1, 1]);
  });
});

describe('numerics', () => {
  it('keeps the loss and sigmoid finite for huge margins', () => {
    expect(btLoss(800)).toBe(0);
    expect(btLoss(-800)).toBe(800);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(800)).toBe(1);
  });
});
