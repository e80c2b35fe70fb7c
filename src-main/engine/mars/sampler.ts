// MARS budget selection: margin → sampling weight → integer per-pair budget, and seeded draws from a variant pool.
import type { Rng } from '../rng';

/**
 * `signed`: q = softmax(−α·Δ), the released MARS code — mis-ranked pairs (Δ < 0) get the most budget.
 * `abs`: q ∝ exp(−τ·|Δ|), the paper's first version — pairs near the boundary on either side get the most.
 * `uniform`: the baseline with the same total budget.
 */
export type Weighting = 'signed' | 'abs' | 'uniform';

export interface WeightOptions {
  weighting: Weighting;
  /** Temperature of the signed softmax; default 0.5 as in the released code. */
  alpha?: number;
  /** Temperature of the |Δ| variant; default 0.5 so both weightings compare at the same sharpness. */
  tau?: number;
}

export const DEFAULT_ALPHA = 0.5;
export const DEFAULT_TAU = 0.5;

function checkMargins(margins: readonly number[]): void {
  margins.forEach((m, i) => {
    if (!Number.isFinite(m))
      throw new RangeError(`margin ${i} is ${m}: every margin must be a finite number`);
  });
}

/** Softmax of the given logits, shifted by their maximum so exp never overflows. */
function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** Normalised sampling weights q (summing to 1) for margins Δ_i = r(chosen_i) − r(rejected_i). */
export function samplingWeights(margins: readonly number[], options: WeightOptions): number[] {
  checkMargins(margins);
  if (margins.length === 0) return [];
  switch (options.weighting) {
    case 'uniform':
      return margins.map(() => 1 / margins.length);
    case 'signed': {
      const alpha = options.alpha ?? DEFAULT_ALPHA;
      if (!(alpha >= 0)) throw new RangeError(`alpha is ${alpha}: it must be ≥ 0`);
      return softmax(margins.map((m) => -alpha * m));
    }
    case 'abs': {
      const tau = options.tau ?? DEFAULT_TAU;
      if (!(tau >= 0)) throw new RangeError(`tau is ${tau}: it must be ≥ 0`);
      return softmax(margins.map((m) => -tau * Math.abs(m)));
    }
  }
}

function checkWeights(weights: readonly number[]): number {
  let sum = 0;
  weights.forEach((w, i) => {
    if (!Number.isFinite(w) || w < 0)
      throw new RangeError(`weight ${i} is ${w}: weights must be finite and ≥ 0`);
    sum += w;
  });
  return sum;
}

/**
 * Largest-remainder apportionment of `total` units among the eligible indices, in proportion to their weights
 * (equal shares when all their weights are 0). Ties: larger remainder, then larger weight, then lower index.
 */
function apportion(
  weights: readonly number[],
  eligible: readonly number[],
  total: number,
): Map<number, number> {
  const out = new Map<number, number>();
  if (eligible.length === 0 || total === 0) return out;
  const wsum = eligible.reduce((s, i) => s + (weights[i] ?? 0), 0);
  const share = (i: number) => (wsum > 0 ? (weights[i] ?? 0) / wsum : 1 / eligible.length);
  const exact = eligible.map((i) => ({ i, x: total * share(i) }));
  let given = 0;
  for (const { i, x } of exact) {
    const f = Math.floor(x);
    out.set(i, f);
    given += f;
  }
  const byRemainder = [...exact].sort(
    (a, b) =>
      b.x - Math.floor(b.x) - (a.x - Math.floor(a.x)) ||
      (weights[b.i] ?? 0) - (weights[a.i] ?? 0) ||
      a.i - b.i,
  );
  // Rounding error in the shares can leave the floors one unit above or below `total`; settle it at the margin.
  for (let k = 0; given < total; k = (k + 1) % byRemainder.length, given++) {
    const i = (byRemainder[k] as { i: number }).i;
    out.set(i, (out.get(i) ?? 0) + 1);
  }
  for (let k = byRemainder.length - 1; given > total; k = (k - 1 + byRemainder.length) % byRemainder.length) {
    const i = (byRemainder[k] as { i: number }).i;
    if ((out.get(i) ?? 0) > 0) {
      out.set(i, (out.get(i) ?? 0) - 1);
      given--;
    }
  }
  return out;
}

function checkBudget(total: number, what: string): void {
  if (!Number.isInteger(total) || total < 0)
    throw new RangeError(`${what} is ${total}: it must be a non-negative integer`);
}

/** Integer budgets b_i ≥ 0 with Σb_i = B exactly and |b_i − B·q_i| < 1 (largest remainder; deterministic). */
export function allocateBudget(weights: readonly number[], total: number): number[] {
  checkBudget(total, 'budget B');
  checkWeights(weights);
  if (weights.length === 0) {
    if (total > 0) throw new RangeError(`cannot allocate a budget of ${total} among no pairs`);
    return [];
  }
  const shares = apportion(
    weights,
    weights.map((_, i) => i),
    total,
  );
  return weights.map((_, i) => shares.get(i) ?? 0);
}

export interface Draw<T> {
  drawn: T[];
  /** How many of the requested b could not be drawn because the pool was smaller. */
  shortfall: number;
}

/** Draws b items without replacement (partial Fisher–Yates); the whole pool, in pool order, when it is too small. */
export function drawVariants<T>(pool: readonly T[], b: number, rng: Rng): Draw<T> {
  checkBudget(b, 'draw size b');
  if (b >= pool.length) return { drawn: [...pool], shortfall: b - pool.length };
  const idx = pool.map((_, i) => i);
  for (let k = 0; k < b; k++) {
    const j = k + Math.floor(rng() * (idx.length - k));
    [idx[k], idx[j]] = [idx[j] as number, idx[k] as number];
  }
  return { drawn: idx.slice(0, b).map((i) => pool[i] as T), shortfall: 0 };
}

export interface Redistribution {
  budgets: number[];
  /** Units no pair could absorb: every pool is exhausted. */
  unspent: number;
}

/**
 * Clamps each budget to its pool's capacity and hands the excess to pairs with room left, in proportion to their
 * weights (largest remainder, repeated until nothing is left or every pool is full). `Infinity` marks a capacity
 * not known yet (a pool not built); the caller builds it and calls again.
 */
export function redistributeShortfall(
  budgets: readonly number[],
  capacities: readonly number[],
  weights: readonly number[],
): Redistribution {
  if (budgets.length !== capacities.length || budgets.length !== weights.length) {
    throw new RangeError(
      `budgets (${budgets.length}), capacities (${capacities.length}) and weights (${weights.length}) must have the same length`,
    );
  }
  checkWeights(weights);
  budgets.forEach((b, i) => checkBudget(b, `budget ${i}`));
  const cap = (i: number) => capacities[i] ?? 0;
  const out = budgets.map((b, i) => Math.min(b, cap(i)));
  let left = budgets.reduce((s, b, i) => s + b - (out[i] ?? 0), 0);
  while (left > 0) {
    const room = out.map((b, i) => i).filter((i) => (out[i] ?? 0) < cap(i));
    if (room.length === 0) break;
    const shares = apportion(weights, room, left);
    for (const [i, add] of shares) {
      const taken = Math.min(add, cap(i) - (out[i] ?? 0));
      out[i] = (out[i] ?? 0) + taken;
      left -= taken;
    }
  }
  return { budgets: out, unspent: left };
}
