// The GPT-2 config.json (Hugging Face field names plus our `prefstudio` object) and the tensor shapes it implies.
import { z } from 'zod';

/** Our additions to config.json; Python transformers ignores unknown keys, so the folder still loads there. */
export const PrefstudioModelInfo = z.object({
  /** How the reward head reads the sequence: the last real token (HF GPT2ForSequenceClassification) or the mean. */
  pooling: z.enum(['last', 'mean']),
  /** Name of the size preset the model was built from, e.g. `tiny`. */
  preset: z.string(),
  head: z.enum(['reward', 'lm']),
  /** The reward head adds `score.length_weight` · 100 · ln(1 + response tokens); Python transformers ignores it. */
  length_feature: z.boolean().optional(),
});
export type PrefstudioModelInfo = z.infer<typeof PrefstudioModelInfo>;

const posInt = z.number().int().positive();

/** config.json of a GPT-2 model; unknown HF fields (dropouts, architectures, ...) are kept as they are. */
export const Gpt2Config = z
  .looseObject({
    model_type: z.literal('gpt2'),
    vocab_size: posInt,
    n_positions: posInt,
    n_embd: posInt,
    n_layer: z.number().int().nonnegative(),
    n_head: posInt,
    /** Width of the MLP; HF writes null for the default 4 × n_embd. */
    n_inner: posInt.nullable().optional(),
    layer_norm_epsilon: z.number().positive().default(1e-5),
    activation_function: z.literal('gelu_new').default('gelu_new'),
    prefstudio: PrefstudioModelInfo.optional(),
  })
  .refine((c) => c.n_embd % c.n_head === 0, {
    message: 'n_embd must be divisible by n_head',
    path: ['n_head'],
  });
export type Gpt2Config = z.infer<typeof Gpt2Config>;

/** MLP width: n_inner when set, else 4 × n_embd as in HF. */
export function mlpWidth(config: Gpt2Config): number {
  return config.n_inner ?? 4 * config.n_embd;
}

/**
 * Every parameter a GPT-2 body has, with its shape, under the HF GPT-2 names (Conv1D weights stored in × out).
 * `withScore` adds the reward head `score.weight` [1, n_embd] (HF GPT2ForSequenceClassification, no bias).
 */
export function gpt2TensorShapes(config: Gpt2Config, withScore: boolean): Map<string, number[]> {
  const d = config.n_embd;
  const inner = mlpWidth(config);
  const shapes = new Map<string, number[]>([
    ['wte.weight', [config.vocab_size, d]],
    ['wpe.weight', [config.n_positions, d]],
  ]);
  for (let i = 0; i < config.n_layer; i++) {
    const p = `h.${i}.`;
    shapes.set(`${p}ln_1.weight`, [d]);
    shapes.set(`${p}ln_1.bias`, [d]);
    shapes.set(`${p}attn.c_attn.weight`, [d, 3 * d]);
    shapes.set(`${p}attn.c_attn.bias`, [3 * d]);
    shapes.set(`${p}attn.c_proj.weight`, [d, d]);
    shapes.set(`${p}attn.c_proj.bias`, [d]);
    shapes.set(`${p}ln_2.weight`, [d]);
    shapes.set(`${p}ln_2.bias`, [d]);
    shapes.set(`${p}mlp.c_fc.weight`, [d, inner]);
    shapes.set(`${p}mlp.c_fc.bias`, [inner]);
    shapes.set(`${p}mlp.c_proj.weight`, [inner, d]);
    shapes.set(`${p}mlp.c_proj.bias`, [d]);
  }
  shapes.set('ln_f.weight', [d]);
  shapes.set('ln_f.bias', [d]);
  if (withScore) shapes.set('score.weight', [1, d]);
  if (withScore && config.prefstudio?.length_feature) shapes.set('score.length_weight', [1]);
  return shapes;
}
