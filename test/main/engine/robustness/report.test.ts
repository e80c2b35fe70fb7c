// The robustness report on a hand-computed fixture: accuracies, flip rates, the score and paired differences.
import { describe, expect, it } from 'vitest';
import { robustnessReport, type ModelMargins } from '../../../../src-main/engine/robustness/report';

const m = (entries: Array<[number, number]>) => new Map(entries);

const A: ModelMargins = {
  modelId: 1,
  heldOut: m([[1, 1], [2, 1], [3, -1], [4, 1]]),
  families: [
    { family: 'verbosity', margins: m([[1, -1], [2, 1], [3, -1]]) },
    { family: 'typos', margins: m([[2, 1], [4, 1]]) },
  ],
};
const B: ModelMargins = {
  modelId: 2,
  heldOut: m([[1, 1], [2, 1], [3, 1], [4, 1]]),
  families: [
    { family: 'verbosity', margins: m([[1, 2], [2, 1], [3, -1]]) },
    { family: 'typos', margins: m([[2, 1], [4, 3]]) },
  ],
};

describe('robustness report', () => {
  const report = robustnessReport([A, B]);
  const [a, b] = report.models;

  it('measures in-distribution accuracy, per-family accuracy, baseline and flip rate with binomial SEs', () => {
    expect(a!.inDistribution.value).toBe(0.75);
    expect(a!.inDistribution.n).toBe(4);
    expect(a!.inDistribution.se).toBeCloseTo(0.25, 10);
    const verbosity = a!.families[0]!;
    expect(verbosity.family).toBe('verbosity');
    expect(verbosity.n).toBe(3);
    expect(verbosity.accuracy.value).toBeCloseTo(1 / 3, 10);
    expect(verbosity.baseline.value).toBeCloseTo(2 / 3, 10);
    // Pair 1 went from right to wrong; pair 3 was wrong and stayed wrong: one flip in three.
    expect(verbosity.flipRate.value).toBeCloseTo(1 / 3, 10);
    expect(a!.families[1]).toMatchObject({ family: 'typos', n: 2, accuracy: { value: 1, se: 0 }, flipRate: { value: 0, se: 0 } });
  });

  it('scores robustness as the mean family accuracy, with an SE over held-out pairs as units', () => {
    expect(a!.score.value).toBeCloseTo(2 / 3, 10);
    expect(a!.score.se).toBeCloseTo(Math.sqrt(1 / 6), 10);
    expect(b!.score.value).toBeCloseTo(5 / 6, 10);
  });

  it('compares each model with the first, paired over the same pairs', () => {
    expect(report.diffs).toHaveLength(1);
    const d = report.diffs[0]!;
    expect(d).toMatchObject({ modelId: 2, referenceId: 1 });
    expect(d.inDistribution.value).toBeCloseTo(0.25, 10);
    expect(d.inDistribution.se).toBeCloseTo(0.25, 10);
    expect(d.score.value).toBeCloseTo(1 / 6, 10);
    const verbosity = d.families.find((f) => f.family === 'verbosity')!;
    expect(verbosity.accuracy.value).toBeCloseTo(1 / 3, 10);
    // B flips pair 3, A flips pair 1: the same flip rate, so the paired difference is zero.
    expect(verbosity.flipRate.value).toBeCloseTo(0, 10);
  });

  it('a single model has no differences; a family with no pairs reports NaN rather than a made-up number', () => {
    const alone = robustnessReport([{ ...A, families: [{ family: 'markdown', margins: m([]) }] }]);
    expect(alone.diffs).toEqual([]);
    expect(alone.models[0]!.families[0]!.n).toBe(0);
    expect(alone.models[0]!.families[0]!.accuracy.value).toBeNaN();
  });
});
