// Does every perturbation family keep the label of held-out demo pairs under the demo's hidden rule (demoQuality)?
import { describe, expect, it } from 'vitest';
import { demoQuality, generateDemoPairs } from '../../../../src-main/demo/generate';
import { perturbPairs, type HeldOutPair } from '../../../../src-main/engine/robustness/perturb';
import { FAMILY_NAMES, type PairLabelCheck, type PairText } from '../../../../src-main/engine/robustness/types';

const HELD_OUT: HeldOutPair[] = generateDemoPairs({ pairs: 2000, seed: 11 })
  .map((p, i) => ({ id: i + 1, prompt: p.prompt, chosen: p.chosen, rejected: p.rejected, split: p.split }))
  .filter((p) => p.split === 'validation')
  .map(({ id, prompt, chosen, rejected }) => ({ id, prompt, chosen, rejected }));

const better = (p: PairText): boolean => demoQuality(p.prompt, p.chosen) > demoQuality(p.prompt, p.rejected);
const demoCheck: PairLabelCheck = (_o, v) => better(v);

/** These rewrite words the rule matches verbatim, so on demo pairs the app runs them with the rule as the check. */
const CHECKED = new Set(['typos', 'paraphrase']);

describe('perturbation families on the demo', () => {
  it('held-out demo pairs are clean: the hidden rule prefers every chosen response', () => {
    expect(HELD_OUT.length).toBeGreaterThan(300);
    expect(HELD_OUT.every(better)).toBe(true);
  });

  it('families that keep the label by construction keep it on every held-out pair, with no check', () => {
    const sets = perturbPairs(HELD_OUT, { seed: 5, families: FAMILY_NAMES.filter((f) => !CHECKED.has(f)) });
    expect(sets.map((s) => s.family)).toEqual(FAMILY_NAMES.filter((f) => !CHECKED.has(f)));
    for (const set of sets) {
      const flipped = set.pairs.filter((p) => !better(p));
      expect(flipped, `${set.family}: ${JSON.stringify(flipped[0])}`).toEqual([]);
      // Each family applies to a real share of the pairs (reorder needs two free-standing sentences on one side).
      expect(set.pairs.length, set.family).toBeGreaterThan(0.3 * HELD_OUT.length);
    }
  });

  it('with the hidden rule as the check, typos and paraphrase keep every label and still cover most pairs', () => {
    const sets = perturbPairs(HELD_OUT, { seed: 5, families: ['typos', 'paraphrase'], check: () => demoCheck });
    for (const set of sets) {
      expect(set.pairs.every(better), set.family).toBe(true);
      expect(set.pairs.length, set.family).toBeGreaterThan(0.6 * HELD_OUT.length);
    }
  });

  it('without the check, typos and paraphrase do touch the step sentences the rule reads (so the check is needed)', () => {
    const sets = perturbPairs(HELD_OUT, { seed: 5, families: ['typos', 'paraphrase'] });
    for (const set of sets) expect(set.pairs.some((p) => !better(p)), set.family).toBe(true);
  });

  it('every perturbed pair differs from its source in the side the family names', () => {
    const byId = new Map(HELD_OUT.map((p) => [p.id, p]));
    const sets = perturbPairs(HELD_OUT, { seed: 5, check: () => demoCheck });
    const side: Record<string, 'chosen' | 'rejected' | 'either'> = {
      verbosity: 'rejected',
      sycophancy: 'rejected',
      'refusal-opener': 'chosen',
      typos: 'chosen',
      paraphrase: 'either',
      reorder: 'either',
      markdown: 'rejected',
      truncation: 'chosen',
    };
    for (const set of sets) {
      for (const p of set.pairs) {
        const o = byId.get(p.pairId)!;
        expect(p.prompt).toBe(o.prompt);
        const s = side[set.family];
        if (s === 'chosen') expect([p.chosen !== o.chosen, p.rejected]).toEqual([true, o.rejected]);
        else if (s === 'rejected') expect([p.rejected !== o.rejected, p.chosen]).toEqual([true, o.chosen]);
        else expect(p.chosen !== o.chosen || p.rejected !== o.rejected).toBe(true);
      }
    }
  });

  it('is deterministic for a seed and changes with it; a pair does not depend on the others', () => {
    const a = perturbPairs(HELD_OUT, { seed: 5, families: ['verbosity', 'typos'] });
    const b = perturbPairs(HELD_OUT, { seed: 5, families: ['verbosity', 'typos'] });
    const c = perturbPairs(HELD_OUT, { seed: 6, families: ['verbosity', 'typos'] });
    expect(b).toEqual(a);
    expect(c[0]!.pairs.map((p) => p.rejected)).not.toEqual(a[0]!.pairs.map((p) => p.rejected));
    const alone = perturbPairs(HELD_OUT.slice(7, 8), { seed: 5, families: ['verbosity'] });
    expect(alone[0]!.pairs[0]).toEqual(a[0]!.pairs.find((p) => p.pairId === HELD_OUT[7]!.id));
  });
});
