// The attack success rate from stored outputs: every failure per prompt and role, and apart the failures a class
// check confirms (REFORM's failures); no confirmed shares where the check knows no class.
import { describe, expect, it } from 'vitest';
import { attackFromOutputs } from '../../../../src-main/jobs/reform/attack';
import type { DiscoveryOutput } from '../../../../src-main/store/discovery-types';

function output(role: 'aligned' | 'misaligned', sourcePairId: number, response: string, isFailure: boolean): DiscoveryOutput {
  return {
    id: sourcePairId * 10 + (role === 'aligned' ? 1 : 2),
    runId: 1,
    role,
    mode: 'guided',
    sourcePairId,
    sample: 0,
    response,
    reward: 0,
    rChosen: 0,
    rRejected: 0,
    gap: isFailure ? 1 : -1,
    isFailure,
    failurePairId: isFailure ? 100 + sourcePairId : null,
    tokens: 3,
  };
}

// Prompts 1–4: prompt 1 fails on both roles, 2 on the aligned role only, 3 on the misaligned role only, 4 not at all.
const outputs = [
  output('aligned', 1, 'kept', true),
  output('misaligned', 1, 'out of class', true),
  output('aligned', 2, 'out of class', true),
  output('misaligned', 3, 'kept', true),
  output('aligned', 4, 'kept', false),
  output('misaligned', 4, 'kept', false),
];
const prompts = [1, 2, 3, 4];
const roles = ['aligned', 'misaligned'] as const;

describe('attack success rate', () => {
  it('counts a prompt once when any role fails, with a binomial SE', () => {
    const rate = attackFromOutputs(outputs, prompts, roles);
    expect(rate.overall).toEqual({ value: 0.75, se: Math.sqrt((0.75 * 0.25) / 4), n: 4 });
    expect(rate.byRole['aligned']?.value).toBe(0.5);
    expect(rate.byRole['misaligned']?.value).toBe(0.5);
    expect(rate.confirmed).toBeUndefined();
  });

  it('with a class check, counts the confirmed failures apart and never a non-failure', () => {
    const seen: string[] = [];
    const rate = attackFromOutputs(outputs, prompts, roles, {
      knows: () => true,
      keeps: (id, role, response) => {
        seen.push(`${role}:${id}`);
        return response === 'kept';
      },
    });
    // The check is asked about failures only.
    expect(seen.sort()).toEqual(['aligned:1', 'aligned:2', 'misaligned:1', 'misaligned:3']);
    expect(rate.overall.value).toBe(0.75);
    expect(rate.confirmed?.overall.value).toBe(0.5);
    expect(rate.confirmed?.byRole['aligned']?.value).toBe(0.25);
    expect(rate.confirmed?.byRole['misaligned']?.value).toBe(0.25);
  });

  it('reports confirmed shares of 0 where nothing failed, and none unless the class of every prompt is known', () => {
    const none = outputs.map((o) => ({ ...o, isFailure: false }));
    const everyKnown = { knows: () => true, keeps: () => true };
    expect(attackFromOutputs(none, prompts, roles, everyKnown).confirmed?.overall).toEqual({ value: 0, se: 0, n: 4 });
    const oneUnknown = { knows: (id: number) => id !== 3, keeps: () => true };
    expect(attackFromOutputs(outputs, prompts, roles, oneUnknown).confirmed).toBeUndefined();
  });
});
