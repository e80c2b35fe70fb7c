// REFORM's token-choice rule as pure functions: the mixing of policy probabilities and rewards, and the draw.
import type { PolicyRole } from './types';

/** Numerically stable softmax of `x / temperature`. */
export function softmax(x: readonly number[], temperature = 1): number[] {
  let max = -Infinity;
  for (const v of x) max = Math.max(max, v / temperature);
  const e = x.map((v) => Math.exp(v / temperature - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** s in the rule: the aligned policy is pushed towards LOW reward (−1), the misaligned one towards HIGH reward (+1). */
export function guidanceSign(role: PolicyRole): 1 | -1 {
  return role === 'aligned' ? -1 : 1;
}

/**
 * The authors' rule (samplers/counterfractual.py), for the top-k candidates of one step:
 * w = softmax((softmax(p / T) + softmax(s · r / T)) / T), where p are the candidates' policy PROBABILITIES (not
 * logits) and r their rewards. The two softmaxes enter with equal weight: REFORM has no β.
 */
export function guidedWeights(probs: readonly number[], rewards: readonly number[], sign: 1 | -1, temperature: number): number[] {
  if (probs.length !== rewards.length) throw new RangeError(`${probs.length} probabilities but ${rewards.length} rewards`);
  const a = softmax(probs, temperature);
  const b = softmax(rewards.map((r) => sign * r), temperature);
  return softmax(
    a.map((v, i) => v + (b[i] as number)),
    temperature,
  );
}

/**
 * Plain sampling's weights over the same top-k: p^(1/T) renormalised, i.e. temperature sampling restricted to the
 * k most likely tokens — the unguided baseline draws from the very candidates guidance would have scored.
 */
export function sampleWeights(probs: readonly number[], temperature: number): number[] {
  return softmax(
    probs.map((p) => Math.log(Math.max(p, 1e-30))),
    temperature,
  );
}

/** The index whose cumulative weight first exceeds `u` ∈ [0, 1) (the multinomial draw). */
export function drawIndex(weights: readonly number[], u: number): number {
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i] as number;
    if (u < acc) return i;
  }
  return weights.length - 1;
}
