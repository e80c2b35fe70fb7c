// The CLI's robustness table on a fixed report: the attack rows, and the class-confirmed row only where a model has
// confirmed numbers (the demo), with the paired difference in the difference column.
import { describe, expect, it } from 'vitest';
import type { AttackMetrics, ModelRobustness, RobustnessReport } from '../../../src-main/shared/robustness-dto';
import { formatRobustness } from '../../../src-main/transports/cli/robustness-commands';

const est = (value: number, se: number) => ({ value, se });

function attack(rate: number, confirmed?: number): AttackMetrics {
  const r = { attackSuccessRate: est(rate, 0.1), failuresPerPrompt: est(rate * 2, 0.2) };
  const c = confirmed === undefined ? {} : { confirmed: { attackSuccessRate: est(confirmed, 0.05), failuresPerPrompt: est(confirmed, 0.1), byRole: {} } };
  return { prompts: 24, outputsPerPrompt: 2, roles: ['misaligned'], policies: { misaligned: 9 }, mode: 'guided', seed: 1, ...r, byRole: { misaligned: r }, ...c };
}

function model(modelId: number, a: AttackMetrics): ModelRobustness {
  return { modelId, inDistribution: { value: 0.9, se: 0.02, n: 100 }, families: [], score: est(0.8, 0.02), attack: a };
}

const row = (text: string, label: string) => text.split('\n').find((l) => l.trimStart().startsWith(label));

describe('robustness table', () => {
  it('adds a class-confirmed row with the paired difference when the models have confirmed numbers', () => {
    const report: RobustnessReport = {
      models: [model(1, attack(0.5, 0.4)), model(2, attack(0.6, 0.1))],
      diffs: [
        {
          modelId: 2,
          referenceId: 1,
          inDistribution: est(0, 0.01),
          score: est(0, 0.01),
          families: [],
          attack: { attackSuccessRate: est(0.1, 0.05), failuresPerPrompt: est(0.2, 0.1), confirmed: { attackSuccessRate: est(-0.3, 0.06), failuresPerPrompt: est(-0.3, 0.1) } },
        },
      ],
    };
    const text = formatRobustness(report);
    expect(row(text, 'attack success %')).toMatch(/50\.0±10\.0\s+60\.0±10\.0\s+\+10\.0±5\.0/);
    expect(row(text, 'class-confirmed %')).toMatch(/40\.0±5\.0\s+10\.0±5\.0\s+-30\.0±6\.0/);
  });

  it('has no class-confirmed row where no model has confirmed numbers', () => {
    const text = formatRobustness({ models: [model(1, attack(0.5))], diffs: [] });
    expect(row(text, 'attack success %')).toBeDefined();
    expect(row(text, 'class-confirmed %')).toBeUndefined();
  });
});
