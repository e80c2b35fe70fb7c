// Reward-model configuration: the Hugging Face GPT-2 config.json fields we use, plus our pooling choice and presets.
import type { ModelPreset } from '../../shared/dto';

/** How the reward head reads the response: the hidden state of its last real token, or the mean over its tokens. */
export type Pooling = 'last' | 'mean';

/**
 * Mirrors the fields of a Hugging Face GPT-2 `config.json` (same names, so the weights helper can read and write
 * them verbatim); `pooling` is ours. `activation_function` is always `gelu_new` (the tanh approximation).
 */
export interface GPT2Config {
  vocab_size: number;
  n_positions: number;
  n_embd: number;
  n_layer: number;
  n_head: number;
  layer_norm_epsilon: number;
  activation_function: 'gelu_new';
  pooling: Pooling;
  /**
   * Ours: when true the reward head adds `score.length_weight` · ln(1 + response tokens). Neither pooling lets the
   * head see the response's length (its last position also counts the prompt), yet length is a real preference
   * signal in many data sets; one scalar weight learns it from few pairs where the body would need many.
   */
  length_feature?: boolean;
}

/**
 * The transformer presets: the contract's preset list (shared/models-dto.ts) less the two that are not (or not only) a
 * transformer. `ngram` is a linear model; `combined` is an n-gram model plus a `tiny` transformer.
 */
export type PresetName = Exclude<ModelPreset, 'ngram' | 'combined'>;

type Shape = Pick<GPT2Config, 'n_positions' | 'n_embd' | 'n_layer' | 'n_head' | 'pooling' | 'length_feature'>;

/**
 * Sizes, smallest first. `bow` is depth 0 with mean pooling: a bag-of-embeddings baseline from the same code.
 * `tiny` is the default: D=64 keeps a step's batched attention (a naive kernel on wasm) cheap, so 1,000 pairs
 * train on two CPU cores in a few minutes; `mini` doubles the width at ~3× the cost. `tiny` has the length feature:
 * on the HH sample the same run without it scores 0.54-0.60 held-out, with it 0.595-0.62 (bench/reference/README.md).
 */
export const PRESETS: Readonly<Record<PresetName, Shape>> = {
  bow: { n_positions: 512, n_embd: 64, n_layer: 0, n_head: 1, pooling: 'mean' },
  tiny: { n_positions: 256, n_embd: 64, n_layer: 2, n_head: 2, pooling: 'last', length_feature: true },
  mini: { n_positions: 256, n_embd: 128, n_layer: 2, n_head: 4, pooling: 'last' },
  small: { n_positions: 512, n_embd: 256, n_layer: 4, n_head: 4, pooling: 'last' },
  base: { n_positions: 512, n_embd: 384, n_layer: 6, n_head: 6, pooling: 'last' },
  'gpt2-small': { n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12, pooling: 'last' },
};

/** The default transformer (also the transformer half of the app's default preset, `combined`). */
export const DEFAULT_PRESET: PresetName = 'tiny';

/** A full config for `preset` over a vocabulary of `vocabSize` ids; `overrides` win over the preset. */
export function presetConfig(preset: PresetName, vocabSize: number, overrides: Partial<GPT2Config> = {}): GPT2Config {
  const config: GPT2Config = {
    vocab_size: vocabSize,
    layer_norm_epsilon: 1e-5,
    activation_function: 'gelu_new',
    ...PRESETS[preset],
    ...overrides,
  };
  validateConfig(config);
  return config;
}

/** Throws a RangeError naming the field when a config cannot build a model. */
export function validateConfig(config: GPT2Config): void {
  const positive: (keyof GPT2Config)[] = ['vocab_size', 'n_positions', 'n_embd', 'n_head'];
  for (const field of positive) {
    const value = config[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      throw new RangeError(`GPT2Config.${field} must be a positive integer, got ${String(value)}`);
    }
  }
  if (!Number.isInteger(config.n_layer) || config.n_layer < 0) {
    throw new RangeError(`GPT2Config.n_layer must be a non-negative integer, got ${config.n_layer}`);
  }
  if (config.n_embd % config.n_head !== 0) {
    throw new RangeError(`GPT2Config.n_embd (${config.n_embd}) must be divisible by n_head (${config.n_head})`);
  }
  if (config.activation_function !== 'gelu_new') {
    throw new RangeError(`GPT2Config.activation_function must be gelu_new, got ${String(config.activation_function)}`);
  }
  if (config.pooling !== 'last' && config.pooling !== 'mean') {
    throw new RangeError(`GPT2Config.pooling must be 'last' or 'mean', got ${String(config.pooling)}`);
  }
}
