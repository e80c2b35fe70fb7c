// Model parameters as tf.Variables keyed by their Hugging Face GPT-2 names, with seeded initialisation and raw I/O.
import type * as TF from '@tensorflow/tfjs';
import type { GPT2Config } from './config';
import { SeededRng } from './rng';

export type Tf = typeof TF;

/** One parameter as plain data: what the safetensors helper reads and writes. */
export interface WeightData {
  data: Float32Array;
  shape: number[];
}

/** Parameter name → value; names follow HF GPT2Model (`wte.weight`, `h.0.attn.c_attn.weight`, …) plus `score.weight`. */
export type WeightMap = Map<string, WeightData>;

/** The reward head's weight on ln(1 + response tokens), present when `config.length_feature` is set. */
export const LENGTH_WEIGHT = 'score.length_weight';

/** Every parameter name and shape for `config`, in a stable order (the order optimiser state is stored in). */
export function parameterShapes(config: GPT2Config): [string, number[]][] {
  const d = config.n_embd;
  const out: [string, number[]][] = [
    ['wte.weight', [config.vocab_size, d]],
    ['wpe.weight', [config.n_positions, d]],
  ];
  for (let i = 0; i < config.n_layer; i++) {
    const p = `h.${i}.`;
    out.push(
      [`${p}ln_1.weight`, [d]],
      [`${p}ln_1.bias`, [d]],
      [`${p}attn.c_attn.weight`, [d, 3 * d]],
      [`${p}attn.c_attn.bias`, [3 * d]],
      [`${p}attn.c_proj.weight`, [d, d]],
      [`${p}attn.c_proj.bias`, [d]],
      [`${p}ln_2.weight`, [d]],
      [`${p}ln_2.bias`, [d]],
      [`${p}mlp.c_fc.weight`, [d, 4 * d]],
      [`${p}mlp.c_fc.bias`, [4 * d]],
      [`${p}mlp.c_proj.weight`, [4 * d, d]],
      [`${p}mlp.c_proj.bias`, [d]],
    );
  }
  out.push(['ln_f.weight', [d]], ['ln_f.bias', [d]], ['score.weight', [1, d]]);
  if (config.length_feature) out.push([LENGTH_WEIGHT, [1]]);
  return out;
}

/**
 * GPT-2's initialisation: N(0, 0.02) for matrices and embeddings, residual projections scaled by 1/√(2·n_layer),
 * LayerNorm weight 1, biases and the length weight 0. Drawn from a seeded PRNG so a seed names one model exactly.
 */
export function initialWeights(config: GPT2Config, seed: number): WeightMap {
  const rng = new SeededRng(seed);
  const residualStd = 0.02 / Math.sqrt(2 * Math.max(1, config.n_layer));
  const out: WeightMap = new Map();
  for (const [name, shape] of parameterShapes(config)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (name.endsWith('ln_1.weight') || name.endsWith('ln_2.weight') || name === 'ln_f.weight') {
      data.fill(1);
    } else if (name.endsWith('.weight') && name !== LENGTH_WEIGHT) {
      const std = name.endsWith('c_proj.weight') ? residualStd : 0.02;
      for (let i = 0; i < size; i++) data[i] = rng.normal() * std;
    }
    out.set(name, { data, shape });
  }
  return out;
}

/** Creates one trainable tf.Variable per weight, named `rm/<hf name>` so several models can coexist. */
export function createVariables(tf: Tf, weights: WeightMap, prefix: string): Map<string, TF.Variable> {
  const vars = new Map<string, TF.Variable>();
  for (const [name, w] of weights) {
    vars.set(name, tf.variable(tf.tensor(w.data, w.shape, 'float32'), true, `${prefix}/${name}`));
  }
  return vars;
}

/** Copies variables out as plain data. Asynchronous: webgpu can read GPU buffers back only that way. */
export async function readVariables(vars: Map<string, TF.Variable>): Promise<WeightMap> {
  const out: WeightMap = new Map();
  for (const [name, v] of vars) out.set(name, { data: (await v.data()) as Float32Array, shape: [...v.shape] });
  return out;
}

/** Overwrites variables from plain data; every variable must be present with the same shape. */
export function assignVariables(tf: Tf, vars: Map<string, TF.Variable>, weights: WeightMap): void {
  // Validate everything before assigning anything, so a bad file leaves the model untouched.
  for (const name of weights.keys()) {
    if (!vars.has(name)) throw new RangeError(`weights carry unknown parameter ${name}`);
  }
  for (const [name, v] of vars) {
    const w = weights.get(name);
    if (!w) throw new RangeError(`weights are missing parameter ${name}`);
    if (w.shape.length !== v.shape.length || w.shape.some((s, i) => s !== v.shape[i])) {
      throw new RangeError(`parameter ${name} has shape [${w.shape.join(',')}], the model expects [${v.shape.join(',')}]`);
    }
  }
  for (const [name, v] of vars) {
    const w = weights.get(name) as WeightData;
    tf.tidy(() => v.assign(tf.tensor(w.data, w.shape, 'float32')));
  }
}
