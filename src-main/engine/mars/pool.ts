// A pair's variant pool (prompt × chosen × rejected variants, minus the original) and the MARS selection step over many pairs.
import { mulberry32, type Rng } from '../rng';
import { guardedVariants, type GuardOptions, type RejectReason } from './operators/guard';
import { normalise } from './operators/text';
import type { AugmentOperator, Provenance, TextRole } from './operators/types';
import {
  allocateBudget,
  DEFAULT_ALPHA,
  DEFAULT_TAU,
  drawVariants,
  redistributeShortfall,
  samplingWeights,
  type WeightOptions,
} from './sampler';

export interface PairTexts {
  prompt: string;
  chosen: string;
  rejected: string;
}

export interface SourcePair extends PairTexts {
  id: number;
}

/** One candidate pair of a pool: which parts were rewritten, and by what (null: the original text). */
export interface Candidate extends PairTexts {
  edits: Record<TextRole, Provenance | null>;
}

export interface PoolOptions {
  /** Variants asked of each operator for each text. */
  perText: number;
  /** Which parts get variants; default all three. */
  roles?: readonly TextRole[];
  guard?: GuardOptions;
  /** A last check on whole candidate pairs (e.g. that a prompt variant still asks about the same thing). */
  acceptTriple?: (original: PairTexts, candidate: PairTexts) => boolean;
}

export type RejectCounts = Record<RejectReason | 'triple', number>;

export interface Pool {
  candidates: Candidate[];
  /** Accepted variants per part (originals not counted). */
  variantCounts: Record<TextRole, number>;
  rejected: RejectCounts;
}

const ROLES: readonly TextRole[] = ['prompt', 'chosen', 'rejected'];

function noRejects(): RejectCounts {
  return { empty: 0, identical: 0, duplicate: 0, length: 0, 'label-flip': 0, triple: 0 };
}

/**
 * Variants of each part from every operator (guarded, deduplicated across operators), then every combination
 * P × C × R with the originals included, minus the original triple: (|P|)(|C|)(|R|) − 1 candidates, in a fixed order.
 */
export function buildPool(
  pair: PairTexts,
  operators: readonly AugmentOperator[],
  rng: Rng,
  options: PoolOptions,
): Pool {
  const roles = options.roles ?? ROLES;
  const rejected = noRejects();
  const variantCounts: Record<TextRole, number> = { prompt: 0, chosen: 0, rejected: 0 };
  const options_: Record<TextRole, Array<{ text: string; provenance: Provenance | null }>> = {
    prompt: [{ text: pair.prompt, provenance: null }],
    chosen: [{ text: pair.chosen, provenance: null }],
    rejected: [{ text: pair.rejected, provenance: null }],
  };
  for (const role of ROLES) {
    if (!roles.includes(role)) continue;
    const seen = new Set([normalise(pair[role])]);
    for (const op of operators) {
      const got = guardedVariants(
        op,
        pair[role],
        rng,
        options.perText,
        { role, prompt: pair.prompt },
        options.guard,
      );
      for (const r of got.rejected) rejected[r.reason]++;
      for (const v of got.variants) {
        const key = normalise(v.text);
        if (seen.has(key)) {
          rejected.duplicate++;
          continue;
        }
        seen.add(key);
        options_[role].push(v);
        variantCounts[role]++;
      }
    }
  }
  const candidates: Candidate[] = [];
  for (const p of options_.prompt) {
    for (const c of options_.chosen) {
      for (const r of options_.rejected) {
        if (!p.provenance && !c.provenance && !r.provenance) continue;
        const texts = { prompt: p.text, chosen: c.text, rejected: r.text };
        if (options.acceptTriple && !options.acceptTriple(pair, texts)) {
          rejected.triple++;
          continue;
        }
        candidates.push({
          ...texts,
          edits: { prompt: p.provenance, chosen: c.provenance, rejected: r.provenance },
        });
      }
    }
  }
  return { candidates, variantCounts, rejected };
}

/** Where an augmented pair came from and why it was picked: stored as the new pair's provenance. */
export interface MarsProvenance {
  method: 'mars';
  sourcePairId: number;
  weighting: WeightOptions['weighting'];
  /** The temperature used: `alpha` for signed, `tau` for abs, neither for uniform. */
  alpha?: number;
  tau?: number;
  margin: number;
  weight: number;
  /** Distinct operators that rewrote some part, in the order prompt, chosen, rejected. */
  operators: string[];
  edits: Record<TextRole, Provenance | null>;
}

export interface AugmentedPair extends PairTexts {
  provenance: MarsProvenance;
}

export interface PairSelection {
  sourcePairId: number;
  margin: number;
  weight: number;
  /** Budget before redistribution (largest remainder of B·q). */
  initialBudget: number;
  /** Budget after shortfalls were moved around: equals `variants.length`. */
  budget: number;
  poolSize: number;
  variants: AugmentedPair[];
}

export interface ExpandOptions extends WeightOptions, PoolOptions {
  operators: readonly AugmentOperator[];
  seed: number;
}

export interface ExpandResult {
  weights: number[];
  initialBudgets: number[];
  budgets: number[];
  /** New pairs produced: B minus `unspent`. */
  spent: number;
  /** Budget no pool could absorb (every built pool exhausted and no other pair has room). */
  unspent: number;
  /** Pairs with a non-zero final budget, in input order. */
  selections: PairSelection[];
  /** Guard rejections summed over every pool built. */
  rejected: RejectCounts;
  poolsBuilt: number;
}

/** Per-pair seeds from the pair id, so a pair's pool and draw do not depend on the order or set of other pairs. */
function pairSeed(seed: number, id: number, salt: number): number {
  return (Math.imul(seed ^ salt, 0x85ebca6b) ^ Math.imul(id + 1, 0x9e3779b1)) >>> 0;
}

/**
 * The MARS selection step: weights from margins, integer budgets summing to B, pools built for funded pairs only,
 * shortfalls of small pools moved to pairs with room (building their pools as they get funded), then seeded draws.
 */
export function expandBudget(
  pairs: readonly SourcePair[],
  margins: readonly number[],
  total: number,
  options: ExpandOptions,
): ExpandResult {
  if (pairs.length !== margins.length) {
    throw new RangeError(
      `got ${pairs.length} pairs but ${margins.length} margins: one margin per pair is needed`,
    );
  }
  const weights = samplingWeights(margins, options);
  const initialBudgets = pairs.length === 0 ? [] : allocateBudget(weights, total);
  const pools = new Map<number, Pool>();
  const capacities = pairs.map(() => Infinity);
  let budgets = initialBudgets;
  let unspent = pairs.length === 0 ? total : 0;
  for (;;) {
    const unbuilt = budgets.flatMap((b, i) => (b > 0 && !pools.has(i) ? [i] : []));
    for (const i of unbuilt) {
      const pair = pairs[i] as SourcePair;
      const pool = buildPool(
        pair,
        options.operators,
        mulberry32(pairSeed(options.seed, pair.id, 1)),
        options,
      );
      pools.set(i, pool);
      capacities[i] = pool.candidates.length;
    }
    const next = redistributeShortfall(budgets, capacities, weights);
    budgets = next.budgets;
    unspent = pairs.length === 0 ? total : next.unspent;
    if (budgets.every((b, i) => b === 0 || pools.has(i))) break;
  }
  const rejected = noRejects();
  for (const pool of pools.values()) {
    for (const k of Object.keys(rejected) as Array<keyof RejectCounts>) rejected[k] += pool.rejected[k];
  }
  const temperature =
    options.weighting === 'signed'
      ? { alpha: options.alpha ?? DEFAULT_ALPHA }
      : options.weighting === 'abs'
        ? { tau: options.tau ?? DEFAULT_TAU }
        : {};
  const selections: PairSelection[] = [];
  budgets.forEach((budget, i) => {
    const pool = pools.get(i);
    if (budget === 0 || !pool) return;
    const pair = pairs[i] as SourcePair;
    const margin = margins[i] as number;
    const weight = weights[i] as number;
    const { drawn } = drawVariants(pool.candidates, budget, mulberry32(pairSeed(options.seed, pair.id, 2)));
    const variants = drawn.map((c) => ({
      prompt: c.prompt,
      chosen: c.chosen,
      rejected: c.rejected,
      provenance: {
        method: 'mars' as const,
        sourcePairId: pair.id,
        weighting: options.weighting,
        ...temperature,
        margin,
        weight,
        operators: [...new Set(ROLES.flatMap((r) => (c.edits[r] ? [c.edits[r].operator] : [])))],
        edits: c.edits,
      },
    }));
    selections.push({
      sourcePairId: pair.id,
      margin,
      weight,
      initialBudget: initialBudgets[i] ?? 0,
      budget,
      poolSize: pool.candidates.length,
      variants,
    });
  });
  return {
    weights,
    initialBudgets,
    budgets,
    spent: total - unspent,
    unspent,
    selections,
    rejected,
    poolsBuilt: pools.size,
  };
}
