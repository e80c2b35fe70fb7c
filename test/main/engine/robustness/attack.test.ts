// The adaptive attack's numbers on fixed outcomes: success rate, failures per prompt, their SEs and paired differences.
import { describe, expect, it } from 'vitest';
import { attackDiff, attackMetrics, type AttackOutcome } from '../../../../src-main/engine/robustness/attack';

function outcome(failures: Array<[number, number, number]>): AttackOutcome {
  return {
    roles: ['aligned', 'misaligned'],
    policies: { aligned: 10, misaligned: 11 },
    mode: 'guided',
    seed: 3,
    samples: 2,
    failures: new Map(failures.map(([id, aligned, misaligned]) => [id, { aligned, misaligned }])),
  };
}

describe('attack metrics', () => {
  // Per prompt (aligned, misaligned): totals 3, 0, 1, 0 → success 1, 0, 1, 0.
  const a = outcome([
    [1, 1, 2],
    [2, 0, 0],
    [3, 0, 1],
    [4, 0, 0],
  ]);

  it('counts a prompt as attacked when any output of any role failed; SEs over prompts', () => {
    const m = attackMetrics(a);
    expect(m.prompts).toBe(4);
    expect(m.outputsPerPrompt).toBe(4);
    expect(m.attackSuccessRate.value).toBe(0.5);
    // sd of (1,0,1,0) = sqrt(1/3); SE = sd/2.
    expect(m.attackSuccessRate.se).toBeCloseTo(Math.sqrt(1 / 3) / 2, 12);
    expect(m.failuresPerPrompt.value).toBe(1);
    // values 3,0,1,0: mean 1, sample variance (4+1+0+1)/3 = 2, SE = sqrt(2/4).
    expect(m.failuresPerPrompt.se).toBeCloseTo(Math.sqrt(0.5), 12);
    expect(m.byRole.aligned!.attackSuccessRate.value).toBe(0.25);
    expect(m.byRole.misaligned!.failuresPerPrompt.value).toBe(0.75);
    expect(m.policies).toEqual({ aligned: 10, misaligned: 11 });
  });

  it('pairs differences over the prompts both models were attacked on', () => {
    // b: totals 1, 1, 1 on prompts 1-3, prompt 5 only in b (left out of the pairing).
    const b = outcome([
      [1, 1, 0],
      [2, 1, 0],
      [3, 0, 1],
      [5, 4, 4],
    ]);
    const d = attackDiff(b, a);
    // Shared prompts 1, 2, 3: success b (1,1,1) − a (1,0,1) = (0,1,0); failures b (1,1,1) − a (3,0,1) = (−2,1,0).
    expect(d.attackSuccessRate.value).toBeCloseTo(1 / 3, 12);
    expect(d.attackSuccessRate.se).toBeCloseTo(Math.sqrt(1 / 3) / Math.sqrt(3), 12);
    expect(d.failuresPerPrompt.value).toBeCloseTo(-1 / 3, 12);
    const mean = -1 / 3;
    const v = ((-2 - mean) ** 2 + (1 - mean) ** 2 + (0 - mean) ** 2) / 2;
    expect(d.failuresPerPrompt.se).toBeCloseTo(Math.sqrt(v / 3), 12);
  });

  it('counts class-confirmed failures apart, and pairs them only when both attacks have them', () => {
    // Of a's failures, the check confirmed prompt 1's misaligned pair and prompt 3's one: success (1,0,1,0).
    const confirmed = new Map([
      [1, { aligned: 0, misaligned: 2 }],
      [2, {}],
      [3, { misaligned: 1 }],
      [4, {}],
    ]);
    const m = attackMetrics({ ...a, confirmed });
    expect(m.confirmed?.attackSuccessRate.value).toBe(0.5);
    expect(m.confirmed?.failuresPerPrompt.value).toBe(0.75);
    expect(m.confirmed?.byRole['aligned']?.attackSuccessRate.value).toBe(0);
    expect(attackMetrics(a).confirmed).toBeUndefined();
    // b confirmed nothing: the paired difference is 0 − (1,0,1,0).
    const b = { ...a, confirmed: new Map([1, 2, 3, 4].map((id) => [id, {}])) };
    expect(attackDiff(b, { ...a, confirmed }).confirmed?.attackSuccessRate.value).toBe(-0.5);
    expect(attackDiff(b, a).confirmed).toBeUndefined();
  });

  it('compares only the roles both attacks ran', () => {
    const misalignedOnly: AttackOutcome = { ...a, roles: ['misaligned'] };
    const d = attackDiff(a, misalignedOnly);
    expect(d.failuresPerPrompt.value).toBe(0);
    expect(d.attackSuccessRate.value).toBe(0);
  });
});
