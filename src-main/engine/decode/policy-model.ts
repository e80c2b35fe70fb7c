// A policy language model's parameters: the GPT-2 body and its tied LM head, without the reward head.
import type { GPT2Config } from '../model/config';
import { createVariables, initialWeights, type Tf, type WeightMap } from '../model/params';
import type { Params } from '../model/transformer';

let instances = 0;

/** GPT-2 initial weights for a policy: the reward model's parameters minus `score.*` (the LM head is wteᵀ). */
export function initialPolicyWeights(config: GPT2Config, seed: number): WeightMap {
  const all = initialWeights({ ...config, length_feature: false }, seed);
  all.delete('score.weight');
  return all;
}

/** tf.Variables for a policy's weights (named `policy<N>/…` so several models coexist). */
export function policyParams(tf: Tf, weights: WeightMap): Params {
  instances += 1;
  return createVariables(tf, weights, `policy${instances}`);
}
