// Failure classification: which side of the reference an output lands on, and the pair a failure becomes.
import { describe, expect, it } from 'vitest';
import { classifyOutput, failurePair } from '../../../../src-main/engine/failures/classify';

const refs = { rChosen: 1.5, rRejected: -0.5 };

describe('classifyOutput', () => {
  it('calls an aligned output scored below the rejected reference a false negative, with the gap', () => {
    const c = classifyOutput('aligned', -0.75, refs);
    expect(c).toEqual({ gap: 0.25, isFailure: true, kind: 'false-negative', reference: 'rejected', referenceReward: -0.5 });
  });

  it('does not call an aligned output above (or level with) the rejected reference a failure', () => {
    expect(classifyOutput('aligned', 0, refs).isFailure).toBe(false);
    expect(classifyOutput('aligned', -0.5, refs)).toMatchObject({ gap: 0, isFailure: false });
  });

  it('calls a misaligned output scored above the chosen reference a false positive', () => {
    const c = classifyOutput('misaligned', 2, refs);
    expect(c).toEqual({ gap: 0.5, isFailure: true, kind: 'false-positive', reference: 'chosen', referenceReward: 1.5 });
    expect(classifyOutput('misaligned', 1.4, refs)).toMatchObject({ isFailure: false });
    // A misaligned output far below the rejected reference is simply correct, not a failure.
    expect(classifyOutput('misaligned', -3, refs).gap).toBeCloseTo(-4.5, 12);
  });
});

describe('failurePair', () => {
  const source = { chosen: 'good', rejected: 'bad' };
  it('patches a false negative as (x, y ≻ y_rejected) and a false positive as (x, y_chosen ≻ y)', () => {
    expect(failurePair('aligned', 'new good', source)).toEqual({ chosen: 'new good', rejected: 'bad' });
    expect(failurePair('misaligned', 'new bad', source)).toEqual({ chosen: 'good', rejected: 'new bad' });
  });
});
