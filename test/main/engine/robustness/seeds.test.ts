// The robustness report over several suite seeds on hand-computed numbers: means ± SE over seeds, differences paired
// by seed, the within-seed SE kept, families and attacks only where every seed has them, one seed unchanged.
import { describe, expect, it } from 'vitest';
import { combineSeeds, overSeeds } from '../../../../src-main/engine/robustness/seeds';
import type { AttackMetrics, Estimate, FamilyMetrics, ModelRobustness, RobustnessDiff, RobustnessReport } from '../../../../src-main/shared/robustness-dto';

const e = (value: number, se: number): Estimate => ({ value, se });
const fam = (family: FamilyMetrics['family'], n: number, acc: Estimate): FamilyMetrics => ({ family, n, accuracy: acc, baseline: e(0.9, 0.01), flipRate: e(1 - acc.value, 0.01) });

function attack(rate: number): AttackMetrics {
  return {
    prompts: 10,
    outputsPerPrompt: 4,
    roles: ['misaligned'],
    policies: { misaligned: 7 },
    mode: 'guided',
    seed: 1,
    attackSuccessRate: e(rate, 0.1),
    failuresPerPrompt: e(rate * 2, 0.2),
    byRole: { misaligned: { attackSuccessRate: e(rate, 0.1), failuresPerPrompt: e(rate * 2, 0.2) } },
  };
}

function model(modelId: number, score: Estimate, families: FamilyMetrics[], rate?: number): ModelRobustness {
  return { modelId, inDistribution: { value: 0.9, se: 0.03, n: 50 }, families, score, ...(rate === undefined ? {} : { attack: attack(rate) }) };
}

function diff(score: Estimate, typos: Estimate, markdown?: Estimate): RobustnessDiff {
  return {
    modelId: 2,
    referenceId: 1,
    inDistribution: e(0.02, 0.01),
    score,
    families: [{ family: 'typos', accuracy: typos, flipRate: e(-typos.value, 0.01) }, ...(markdown ? [{ family: 'markdown' as const, accuracy: markdown, flipRate: e(0, 0) }] : [])],
  };
}

// Model 1's score over seeds 1, 2, 3: 0.6, 0.7, 0.8 with within-seed SEs 0.05, 0.04, 0.03. B − A: 0.10, 0.05, 0.15, each ± 0.02.
// Markdown is too small in seed 3 (left out there), so it cannot be averaged over every seed.
const reports: RobustnessReport[] = [
  { models: [model(1, e(0.6, 0.05), [fam('typos', 40, e(0.5, 0.08)), fam('markdown', 10, e(0.4, 0.1))], 0.5), model(2, e(0.7, 0.05), [fam('typos', 40, e(0.6, 0.08))], 0.4)], diffs: [diff(e(0.1, 0.02), e(0.1, 0.05), e(0.2, 0.1))] },
  { models: [model(1, e(0.7, 0.04), [fam('typos', 41, e(0.6, 0.08)), fam('markdown', 9, e(0.5, 0.1))], 0.6), model(2, e(0.75, 0.04), [fam('typos', 41, e(0.7, 0.08))], 0.3)], diffs: [diff(e(0.05, 0.02), e(0.1, 0.05), e(0.1, 0.1))] },
  { models: [model(1, e(0.8, 0.03), [fam('typos', 43, e(0.7, 0.08))], 0.7), model(2, e(0.95, 0.03), [fam('typos', 43, e(0.9, 0.08))])], diffs: [diff(e(0.15, 0.02), e(0.2, 0.05))] },
];

describe('robustness over seeds', () => {
  const combined = combineSeeds([1, 2, 3], reports);
  const [a, b] = combined.models;

  it('gives each model the mean over seeds ± SE over seeds, and keeps every seed and the within-seed SE', () => {
    expect(a!.seeds).toEqual([1, 2, 3]);
    expect(a!.score.value).toBeCloseTo(0.7, 12);
    // sd of 0.6, 0.7, 0.8 is 0.1; over √3 seeds.
    expect(a!.score.se).toBeCloseTo(0.1 / Math.sqrt(3), 12);
    expect(a!.score.overSeeds!.values).toEqual([0.6, 0.7, 0.8]);
    expect(a!.score.overSeeds!.ses).toEqual([0.05, 0.04, 0.03]);
    expect(a!.score.overSeeds!.withinSe).toBeCloseTo(Math.sqrt((0.05 ** 2 + 0.04 ** 2 + 0.03 ** 2) / 3), 12);
    // The unperturbed held-out pairs do not depend on the seed: in-distribution accuracy stays one measurement.
    expect(a!.inDistribution).toEqual({ value: 0.9, se: 0.03, n: 50 });
  });

  it('averages a family only over seeds that all have it, with its mean pair count', () => {
    expect(a!.families.map((f) => f.family)).toEqual(['typos']);
    expect(a!.families[0]!.n).toBe(41);
    expect(a!.families[0]!.accuracy.value).toBeCloseTo(0.6, 12);
    expect(a!.families[0]!.flipRate.value).toBeCloseTo(0.4, 12);
  });

  it('pairs each difference by seed: the mean of the seeds\' differences ± their SE over seeds, beside the within-seed SE', () => {
    const d = combined.diffs[0]!;
    expect(d).toMatchObject({ modelId: 2, referenceId: 1, inDistribution: e(0.02, 0.01) });
    expect(d.score.value).toBeCloseTo(0.1, 12);
    // sd of 0.10, 0.05, 0.15 is 0.05: paired by seed, far below the unpaired sqrt(se_A² + se_B²) over seeds.
    expect(d.score.se).toBeCloseTo(0.05 / Math.sqrt(3), 12);
    expect(d.score.overSeeds!.withinSe).toBeCloseTo(0.02, 12);
    expect(d.families.map((f) => f.family)).toEqual(['typos']);
    expect(d.families[0]!.accuracy.value).toBeCloseTo(0.4 / 3, 12);
    expect(d.families[0]!.accuracy.se).toBeCloseTo(Math.sqrt(((0.1 - 0.4 / 3) ** 2 * 2 + (0.2 - 0.4 / 3) ** 2) / 2 / 3), 12);
  });

  it('combines the attack when every seed attacked the model, and leaves it out otherwise', () => {
    expect(a!.attack!.attackSuccessRate.value).toBeCloseTo(0.6, 12);
    expect(a!.attack!.attackSuccessRate.se).toBeCloseTo(0.1 / Math.sqrt(3), 12);
    expect(a!.attack!.byRole.misaligned!.failuresPerPrompt.value).toBeCloseTo(1.2, 12);
    expect(a!.attack!.prompts).toBe(10);
    expect(b!.attack).toBeUndefined();
  });

  it('returns a single seed\'s report as it is, without seed fields', () => {
    expect(combineSeeds([5], [reports[0]!])).toBe(reports[0]);
    expect(reports[0]!.models[0]!.score.overSeeds).toBeUndefined();
    expect(() => combineSeeds([1, 2], [reports[0]!])).toThrow(/one report per seed/);
  });

  it('gives an undefined SE over one value, not zero', () => {
    expect(overSeeds([e(0.5, 0.1)]).se).toBeNaN();
  });
});
