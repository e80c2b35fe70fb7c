// Policy weights from a Hugging Face GPT-2-family folder (ours, a pretrained GPT2LMHeadModel, or a reward model's
// body): the LM config, the body's weights without any reward head, and the folder's tokenizer.
import type { GPT2Config } from '../model/config';
import type { WeightMap } from '../model/params';
import { modelConfigOf, presetNameFor } from '../reward/model-files';
import { HfTokenizer } from '../tokenizer/hf-tokenizer';
import type { TextTokenizer } from '../tokenizer/types';
import { loadHfFolder } from '../weights/hf-folder';

export interface PolicyFolder {
  config: GPT2Config;
  weights: WeightMap;
  tokenizer: TextTokenizer;
  /** Our preset name when the shape matches one, else `custom-<layers>x<width>`. */
  preset: string;
}

/** Loads `dir` as a policy: the same reader as the reward model's --init-from, less the `score.*` head. */
export function loadPolicyFolder(dir: string): PolicyFolder {
  const folder = loadHfFolder(dir);
  const config: GPT2Config = { ...modelConfigOf(folder.config), length_feature: false };
  const weights: WeightMap = new Map([...folder.tensors].filter(([name]) => !name.startsWith('score.')));
  const names = folder.tokenizerConfig as { eos_token?: string; pad_token?: string } | null;
  const tokenizer = new HfTokenizer(folder.tokenizerJson as never, names ?? undefined);
  return { config, weights, tokenizer, preset: folder.config.prefstudio?.preset ?? presetNameFor(config) };
}
