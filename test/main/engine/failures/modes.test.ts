// Failure modes on a fixture with a planted cue: the cue, the length change and a shared apology must surface,
// and a cue-free control must produce no term modes.
import { describe, expect, it } from 'vitest';
import { failureModes, type ModeInput } from '../../../../src-main/engine/failures/modes';
import { bonferroniZ, weightedLogOdds } from '../../../../src-main/engine/failures/log-odds';
import { mulberry32, pick } from '../../../../src-main/engine/rng';

const STEPS = [
  'Rinse the rice until the water runs clear.',
  'Soak the whetstone before you start.',
  'Turn off the water supply first.',
  'Water the plant a day before you move it.',
  'Lay the sweater flat on a towel to dry.',
  'Keep the battery between twenty and eighty percent.',
];
const FILL = ['Take your time with it.', 'Many people ask about this.', 'It gets easier with practice.'];

/** 40 aligned failures: 28 carry the planted "hope this helps", 10 open with an apology; all shorter than references. */
function plantedFixture(): ModeInput[] {
  const rng = mulberry32(3);
  return Array.from({ length: 40 }, (_, i) => {
    const body = pick(rng, STEPS);
    const response = `${i < 10 ? "I'm sorry, " : ''}${body}${i % 10 < 7 ? ' Hope this helps.' : ''}`;
    const reference = `${pick(rng, STEPS)} ${pick(rng, STEPS)} ${pick(rng, FILL)} ${pick(rng, FILL)}`;
    return { pairId: 100 + i, role: 'aligned' as const, response, reference };
  });
}

describe('bonferroniZ', () => {
  it('is the one-sided 5% normal quantile for one test and grows with the number of tests', () => {
    expect(bonferroniZ(1)).toBeCloseTo(1.645, 2);
    expect(bonferroniZ(100)).toBeCloseTo(3.29, 2);
  });
});

describe('weightedLogOdds', () => {
  it('ranks a term only the focus corpus uses first and gives shared terms z near 0', () => {
    const focus = Array.from({ length: 20 }, () => ['cue', 'the', 'rice']);
    const other = Array.from({ length: 20 }, () => ['the', 'rice', 'water']);
    const scores = weightedLogOdds(focus, other);
    expect(scores[0]?.term).toBe('cue');
    expect(scores[0]?.z).toBeGreaterThan(3);
    expect(Math.abs(scores.find((s) => s.term === 'the')?.z ?? 99)).toBeLessThan(0.5);
    expect(scores.at(-1)?.term).toBe('water');
  });
});

describe('failureModes', () => {
  const modes = failureModes(plantedFixture());

  it('finds the planted cue among the top term modes with its members and statistics', () => {
    const termModes = modes.filter((m) => m.kind === 'term');
    const cue = termModes.find((m) => m.id === 'term:aligned:hope this');
    expect(cue).toBeDefined();
    expect(cue?.count).toBe(28);
    expect(cue?.stats.failureRate).toBeCloseTo(0.7, 12);
    expect(cue?.stats.referenceRate).toBe(0);
    expect(cue?.stats.z).toBeGreaterThan(3);
    expect(termModes.slice(0, 6).map((m) => m.id)).toContain('term:aligned:this helps');
    expect(cue?.examples).toEqual([100, 101, 102]);
  });

  it('reports the length change: every failure is shorter than the reference it lost to', () => {
    const shorter = modes.find((m) => m.id === 'length:aligned:shorter');
    expect(shorter?.count).toBe(40);
    expect(shorter?.stats.meanChange).toBeLessThan(0);
    expect(shorter?.stats.meanWords).toBeLessThan(shorter?.stats.meanReferenceWords ?? 0);
    expect(modes.find((m) => m.id === 'length:aligned:longer')).toBeUndefined();
  });

  it('groups the shared apology opening and names it', () => {
    const opening = modes.find((m) => m.kind === 'opening' && m.label.includes('apology'));
    expect(opening?.id).toBe("opening:aligned:i'm sorry");
    expect(opening?.count).toBe(10);
    expect(opening?.label).toBe("opens with “i'm sorry” (apology)");
    expect(opening?.stats.referenceShare).toBe(0);
  });

  it('finds no term mode in a control without a cue (responses and references from one distribution)', () => {
    const rng = mulberry32(11);
    const control = Array.from({ length: 40 }, (_, i) => ({
      pairId: i + 1,
      role: 'misaligned' as const,
      response: `${pick(rng, STEPS)} ${pick(rng, FILL)}`,
      reference: `${pick(rng, STEPS)} ${pick(rng, FILL)}`,
    }));
    expect(failureModes(control).filter((m) => m.kind === 'term')).toEqual([]);
  });
});
