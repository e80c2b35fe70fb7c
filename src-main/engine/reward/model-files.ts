// Reward models on disk: our trained models and pretrained GPT-2-family folders, both in the Hugging Face layout.
import { PRESETS, type GPT2Config, type PresetName } from '../model/config';
import { initialWeights, type Tf, type WeightMap } from '../model/params';
import { RewardModel } from '../model/reward-model';
import { fastEncoder, type Encode } from '../tokenizer/fast-encoder';
import { HfTokenizer } from '../tokenizer/hf-tokenizer';
import type { TextTokenizer } from '../tokenizer/types';
import type { Gpt2Config } from '../weights/gpt2-config';
import { loadHfFolder, saveHfFolder } from '../weights/hf-folder';
import type { Tensor } from '../weights/tensor';

export interface LoadedRewardModel {
  model: RewardModel;
  tokenizer: TextTokenizer;
  encode: Encode;
  preset: string;
  /** prefstudio.json of a model we trained, if any. */
  training: Record<string, unknown> | null;
}

/** Our model config from an HF config.json: pooling comes from our `prefstudio` block, else HF's last-token head. */
export function modelConfigOf(hf: Gpt2Config): GPT2Config {
  return {
    vocab_size: hf.vocab_size,
    n_positions: hf.n_positions,
    n_embd: hf.n_embd,
    n_layer: hf.n_layer,
    n_head: hf.n_head,
    layer_norm_epsilon: hf.layer_norm_epsilon,
    activation_function: 'gelu_new',
    pooling: hf.prefstudio?.pooling ?? 'last',
    ...(hf.prefstudio?.length_feature ? { length_feature: true } : {}),
  };
}

export function hfConfigOf(config: GPT2Config, preset: string, eosId: number): Gpt2Config {
  const { pooling, length_feature, ...rest } = config;
  return {
    model_type: 'gpt2',
    ...rest,
    n_inner: null,
    bos_token_id: eosId,
    eos_token_id: eosId,
    prefstudio: { pooling, preset, head: 'reward', ...(length_feature ? { length_feature } : {}) },
  } as Gpt2Config;
}

/** Loads a folder (ours or a pretrained GPT-2); an LM-only checkpoint gets a fresh, seeded reward head. */
export async function loadRewardModel(tf: Tf, dir: string, seed = 1): Promise<LoadedRewardModel> {
  const folder = loadHfFolder(dir);
  const config = modelConfigOf(folder.config);
  const weights: WeightMap = new Map(folder.tensors);
  if (folder.head === 'lm') weights.set('score.weight', initialWeights(config, seed).get('score.weight')!);
  const names = folder.tokenizerConfig as { eos_token?: string; pad_token?: string } | null;
  const tokenizer = new HfTokenizer(folder.tokenizerJson as never, names ?? undefined);
  const preset = folder.config.prefstudio?.preset ?? presetNameFor(config);
  return {
    model: RewardModel.fromWeights(tf, config, weights),
    tokenizer,
    encode: await fastEncoder(tokenizer),
    preset,
    training: folder.training,
  };
}

/** A pretrained folder's shape may match a preset; otherwise it is named after its size. */
export function presetNameFor(config: GPT2Config): string {
  const match = (Object.keys(PRESETS) as PresetName[]).find((name) => {
    const p = PRESETS[name];
    return p.n_embd === config.n_embd && p.n_layer === config.n_layer && p.n_head === config.n_head;
  });
  return match ?? `custom-${config.n_layer}x${config.n_embd}`;
}

export async function saveRewardModel(
  dir: string,
  model: RewardModel,
  tokenizer: TextTokenizer,
  preset: string,
  training: Record<string, unknown>,
): Promise<void> {
  const tensors = new Map<string, Tensor>();
  for (const [name, w] of await model.getWeights()) tensors.set(name, { dtype: 'float32', shape: w.shape, data: w.data });
  saveHfFolder(dir, {
    config: hfConfigOf(model.config, preset, tokenizer.eosId),
    tensors,
    tokenizerJson: tokenizer.toJSON() as Record<string, unknown>,
    eosId: tokenizer.eosId,
    padId: tokenizer.padId,
    training,
  });
}
