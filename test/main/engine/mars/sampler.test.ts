// Property tests of the MARS budget maths: seeded random cases, hundreds of them, against the stated invariants.
import { describe, expect, it } from 'vitest';
import { mulberry32, type Rng } from '../../../../src-main/engine/rng';
import {
  allocateBudget,
  drawVariants,
  redistributeShortfall,
  samplingWeights,
} from '../../../../src-main/engine/mars/sampler';

const CASES = 400;

function randomMargins(rng: Rng): number[] {
  const n = 1 + Math.floor(rng() * 40);
  const scale = [0.1, 1, 5, 50][Math.floor(rng() * 4)] as number;
  // Some cases repeat margins, to exercise ties.
  return Array.from({ length: n }, () => (rng() < 0.2 ? 1 : (rng() * 2 - 1) * scale));
}

function forCases(body: (rng: Rng, c: number) => void): void {
  for (let c = 0; c < CASES; c++) body(mulberry32(1000 + c), c);
}

describe('samplingWeights', () => {
  it('gives a distribution that falls with the signed margin, finite even for huge margins', () => {
    forCases((rng) => {
      const margins = randomMargins(rng).map((m) => (rng() < 0.05 ? m * 1e6 : m));
      const q = samplingWeights(margins, { weighting: 'signed', alpha: 0.5 });
      expect(q.every((w) => Number.isFinite(w) && w >= 0)).toBe(true);
      expect(q.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      for (let i = 0; i < margins.length; i++) {
        for (let j = 0; j < margins.length; j++) {
          if ((margins[i] as number) < (margins[j] as number))
            expect(q[i]).toBeGreaterThanOrEqual(q[j] as number);
        }
      }
    });
  });

  it('matches softmax(−α·Δ) and exp(−τ|Δ|)/Z on a worked example', () => {
    const q = samplingWeights([-2, 0, 2], { weighting: 'signed', alpha: 0.5 });
    const e = [Math.E, 1, 1 / Math.E];
    const z = e[0]! + e[1]! + e[2]!;
    q.forEach((w, i) => expect(w).toBeCloseTo(e[i]! / z, 12));
    const a = samplingWeights([-2, 0, 2], { weighting: 'abs', tau: 0.5 });
    expect(a[0]).toBeCloseTo(a[2]!, 12);
    expect(a[1]! / a[0]!).toBeCloseTo(Math.E, 12);
  });

  it('rejects non-finite margins and negative temperatures', () => {
    expect(() => samplingWeights([0, Number.NaN], { weighting: 'signed' })).toThrow(/margin 1/);
    expect(() => samplingWeights([0], { weighting: 'abs', tau: -1 })).toThrow(/tau/);
  });
});

describe('allocateBudget', () => {
  it('returns non-negative integers summing to B, each within 1 of B·q_i, monotone in the margin', () => {
    forCases((rng) => {
      const margins = randomMargins(rng);
      const B = Math.floor(rng() * 500);
      const weighting = (['signed', 'abs', 'uniform'] as const)[Math.floor(rng() * 3)]!;
      const q = samplingWeights(margins, { weighting, alpha: 0.5, tau: 0.5 });
      const b = allocateBudget(q, B);
      expect(b.reduce((s, x) => s + x, 0)).toBe(B);
      b.forEach((x, i) => {
        expect(Number.isInteger(x) && x >= 0).toBe(true);
        expect(Math.abs(x - B * q[i]!)).toBeLessThan(1);
      });
      if (weighting === 'signed') {
        for (let i = 0; i < b.length; i++) {
          for (let j = 0; j < b.length; j++) {
            if (margins[i]! < margins[j]!) expect(b[i]).toBeGreaterThanOrEqual(b[j]!);
          }
        }
      }
      if (weighting === 'uniform') expect(Math.max(...b) - Math.min(...b)).toBeLessThanOrEqual(1);
    });
  });

  it('gives mis-ranked pairs (Δ < 0) at least as much under signed as under abs, strictly more weight', () => {
    let strictlyMore = 0;
    forCases((rng) => {
      const margins = randomMargins(rng);
      const B = 1 + Math.floor(rng() * 500);
      const neg = (xs: number[]) => xs.reduce((s, x, i) => s + (margins[i]! < 0 ? x : 0), 0);
      const qs = samplingWeights(margins, { weighting: 'signed', alpha: 0.5 });
      const qa = samplingWeights(margins, { weighting: 'abs', tau: 0.5 });
      const hasBoth = margins.some((m) => m < 0) && margins.some((m) => m > 0);
      if (hasBoth) expect(neg(qs)).toBeGreaterThan(neg(qa));
      const bs = neg(allocateBudget(qs, B));
      const ba = neg(allocateBudget(qa, B));
      expect(bs).toBeGreaterThanOrEqual(ba);
      if (bs > ba) strictlyMore++;
    });
    expect(strictlyMore).toBeGreaterThan(CASES / 4);
  });

  it('is deterministic and breaks exact ties by index', () => {
    expect(allocateBudget([1, 1, 1], 4)).toEqual([2, 1, 1]);
    expect(allocateBudget([1, 1, 1], 4)).toEqual(allocateBudget([1, 1, 1], 4));
    expect(allocateBudget([0.5, 0.25, 0.25], 0)).toEqual([0, 0, 0]);
  });

  it('refuses budgets it cannot honour', () => {
    expect(() => allocateBudget([], 3)).toThrow(/no pairs/);
    expect(() => allocateBudget([1], 2.5)).toThrow(/non-negative integer/);
    expect(() => allocateBudget([1, -1], 2)).toThrow(/weight 1/);
  });
});

describe('drawVariants', () => {
  it('draws b distinct items, reproducibly for a seed, and the whole pool with the shortfall when it is small', () => {
    forCases((rng, c) => {
      const pool = Array.from({ length: Math.floor(rng() * 30) }, (_, i) => i);
      const b = Math.floor(rng() * 40);
      const first = drawVariants(pool, b, mulberry32(c));
      expect(drawVariants(pool, b, mulberry32(c))).toEqual(first);
      expect(new Set(first.drawn).size).toBe(first.drawn.length);
      expect(first.drawn.length).toBe(Math.min(b, pool.length));
      expect(first.shortfall).toBe(Math.max(0, b - pool.length));
      expect(first.drawn.every((x) => pool.includes(x))).toBe(true);
    });
  });

  it('is not stuck on one subset: different seeds draw different items', () => {
    const pool = Array.from({ length: 50 }, (_, i) => i);
    const seen = new Set<number>();
    for (let s = 0; s < 20; s++) for (const x of drawVariants(pool, 5, mulberry32(s)).drawn) seen.add(x);
    expect(seen.size).toBeGreaterThan(30);
  });
});

describe('redistributeShortfall', () => {
  it('spends B whenever the pools allow it, never exceeds a capacity, and reports the rest as unspent', () => {
    forCases((rng) => {
      const margins = randomMargins(rng);
      const q = samplingWeights(margins, { weighting: 'signed' });
      const B = Math.floor(rng() * 300);
      const caps = margins.map(() => (rng() < 0.1 ? Infinity : Math.floor(rng() * 12)));
      const { budgets, unspent } = redistributeShortfall(allocateBudget(q, B), caps, q);
      budgets.forEach((b, i) => expect(b).toBeLessThanOrEqual(caps[i]!));
      const capacity = caps.reduce((s, c) => s + c, 0);
      expect(unspent).toBe(Math.max(0, B - capacity));
      expect(budgets.reduce((s, b) => s + b, 0) + unspent).toBe(B);
    });
  });

  it('gives the excess to pairs in weight order, and leaves budgets within capacity untouched', () => {
    const r = redistributeShortfall([6, 2, 2], [1, 10, 10], [0.6, 0.3, 0.1]);
    expect(r).toEqual({ budgets: [1, 6, 3], unspent: 0 });
    expect(redistributeShortfall([2, 2], [5, 5], [0.5, 0.5])).toEqual({ budgets: [2, 2], unspent: 0 });
  });
});
