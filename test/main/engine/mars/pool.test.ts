// Variant pools (P × C × R minus the original) and the full MARS selection step on demo pairs with the real operators.
import { describe, expect, it } from 'vitest';
import { demoQuality, generateDemoPairs } from '../../../../src-main/demo/generate';
import { mulberry32 } from '../../../../src-main/engine/rng';
import { defaultOperators } from '../../../../src-main/engine/mars/operators/defaults';
import type { AugmentOperator } from '../../../../src-main/engine/mars/operators/types';
import { buildPool, expandBudget, type SourcePair } from '../../../../src-main/engine/mars/pool';
import { samplingWeights } from '../../../../src-main/engine/mars/sampler';

/** A stand-in operator with a known output count: appends a numbered marker. */
function suffixer(n: number): AugmentOperator {
  return {
    name: `suffix${n}`,
    params: { n },
    variants: (text, _rng, count) => Array.from({ length: Math.min(n, count) }, (_, i) => `${text} [${i}]`),
  };
}

const PAIR = {
  prompt: 'How do I cook rice?',
  chosen: 'Rinse the rice first.',
  rejected: 'Figure it out yourself.',
};

describe('buildPool', () => {
  it('has |P|·|C|·|R| − 1 distinct candidates, never the original triple', () => {
    const pool = buildPool(PAIR, [suffixer(2)], mulberry32(1), { perText: 5 });
    expect(pool.variantCounts).toEqual({ prompt: 2, chosen: 2, rejected: 2 });
    expect(pool.candidates).toHaveLength(3 * 3 * 3 - 1);
    const keys = pool.candidates.map((c) => `${c.prompt}|${c.chosen}|${c.rejected}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).not.toContain(`${PAIR.prompt}|${PAIR.chosen}|${PAIR.rejected}`);
    const untouched = pool.candidates.find((c) => c.prompt === PAIR.prompt && c.rejected === PAIR.rejected);
    expect(untouched?.edits).toEqual({
      prompt: null,
      chosen: { operator: 'suffix2', params: { n: 2 } },
      rejected: null,
    });
  });

  it('without prompt variants gives the paper count (n⁺+1)(n⁻+1) − 1, and perText caps each operator', () => {
    const pool = buildPool(PAIR, [suffixer(3)], mulberry32(1), { perText: 2, roles: ['chosen', 'rejected'] });
    expect(pool.candidates).toHaveLength((2 + 1) * (2 + 1) - 1);
    expect(pool.candidates.every((c) => c.prompt === PAIR.prompt)).toBe(true);
  });

  it('drops variants the guard or the triple check refuses, and counts why', () => {
    const pool = buildPool(PAIR, [suffixer(2), suffixer(2)], mulberry32(1), {
      perText: 2,
      roles: ['chosen'],
      guard: { preserves: (_o, v) => !v.endsWith('[1]') },
      acceptTriple: (_o, c) => c.chosen.length < 100,
    });
    expect(pool.candidates.map((c) => c.chosen)).toEqual([`${PAIR.chosen} [0]`]);
    expect(pool.rejected).toMatchObject({ 'label-flip': 2, duplicate: 1, triple: 0 });
  });
});

describe('expandBudget', () => {
  const demo = generateDemoPairs({ pairs: 60, seed: 11 });
  const pairs: SourcePair[] = demo.map((p, i) => ({
    id: 100 + i,
    prompt: p.prompt,
    chosen: p.chosen,
    rejected: p.rejected,
  }));
  const margins = demo.map((_, i) => Math.sin(i) * 3);
  const preserves = (o: string, v: string, ctx: { prompt: string }) =>
    demoQuality(ctx.prompt, o) === demoQuality(ctx.prompt, v);
  const options = {
    weighting: 'signed' as const,
    alpha: 0.5,
    operators: defaultOperators(),
    perText: 2,
    roles: ['chosen', 'rejected'] as const,
    guard: { preserves },
    seed: 5,
  };

  it('spends exactly B on distinct, label-preserving variants with full provenance', () => {
    const r = expandBudget(pairs, margins, 150, options);
    expect(r.spent).toBe(150);
    expect(r.unspent).toBe(0);
    expect(r.initialBudgets.reduce((a, b) => a + b, 0)).toBe(150);
    expect(r.weights).toEqual(samplingWeights(margins, options));
    const all = r.selections.flatMap((s) => s.variants);
    expect(all).toHaveLength(150);
    for (const s of r.selections) {
      expect(s.variants).toHaveLength(s.budget);
      expect(s.budget).toBeLessThanOrEqual(s.poolSize);
      const source = pairs.find((p) => p.id === s.sourcePairId) as SourcePair;
      const keys = new Set(s.variants.map((v) => `${v.chosen}|${v.rejected}`));
      expect(keys.size).toBe(s.variants.length);
      for (const v of s.variants) {
        expect(v.provenance).toMatchObject({
          method: 'mars',
          sourcePairId: source.id,
          weighting: 'signed',
          alpha: 0.5,
          margin: s.margin,
        });
        expect(v.provenance.operators.length).toBeGreaterThan(0);
        expect(demoQuality(v.prompt, v.chosen)).toBe(demoQuality(source.prompt, source.chosen));
        expect(demoQuality(v.prompt, v.rejected)).toBe(demoQuality(source.prompt, source.rejected));
      }
    }
  });

  it('is reproducible for a seed and favours low margins', () => {
    const a = expandBudget(pairs, margins, 150, options);
    expect(expandBudget(pairs, margins, 150, options)).toEqual(a);
    const lowest = margins.indexOf(Math.min(...margins));
    const highest = margins.indexOf(Math.max(...margins));
    expect(a.initialBudgets[lowest]).toBeGreaterThan(a.initialBudgets[highest] as number);
  });

  it('moves the shortfall of small pools to other pairs, and reports what no pool can absorb', () => {
    const small = { ...options, operators: [suffixer(1)], roles: ['chosen'] as const, guard: {} };
    const r = expandBudget(pairs.slice(0, 5), [-5, 0, 0, 0, 0], 4, small);
    expect(r.initialBudgets[0]).toBeGreaterThan(1);
    expect(r.budgets).toEqual([1, 1, 1, 1, 0]);
    expect(r.spent).toBe(4);
    const over = expandBudget(pairs.slice(0, 5), [0, 0, 0, 0, 0], 9, small);
    expect({ spent: over.spent, unspent: over.unspent, pools: over.poolsBuilt }).toEqual({
      spent: 5,
      unspent: 4,
      pools: 5,
    });
  });

  it('handles no pairs, and refuses mismatched margins', () => {
    expect(expandBudget([], [], 3, options)).toMatchObject({ spent: 0, unspent: 3, selections: [] });
    expect(() => expandBudget(pairs, [1], 3, options)).toThrow(/60 pairs but 1 margins/);
  });
});
