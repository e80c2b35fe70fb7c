// What each model preset is for, and the hyper-parameters it trains with unless the user overrides them.
import { PRESETS, type PresetName } from '../model/config';
import { DEFAULT_HYPER, type TrainHyper } from '../train/types';
import type { PresetInfo } from '../../shared/dto';
import { DEFAULT_NGRAM_CONFIG } from '../ngram/model';

const DESCRIPTIONS: Record<PresetName, string> = {
  bow: 'Bag of embeddings (no attention): a fast baseline from the same code',
  tiny: 'Small transformer that trains on two CPU cores in minutes',
  mini: 'Twice as wide as tiny, about three times the cost',
  small: 'Four layers; a workstation GPU or patience on CPU',
  base: 'Six layers; meant for a GPU backend',
  'gpt2-small': 'GPT-2 small shape (124M with its vocabulary); load pretrained weights into it',
};

/**
 * Bigger models want smaller steps; the bag of embeddings has nothing to destabilise. `tiny` trains for one epoch,
 * as reward models usually do: on the 1,000-pair HH sample a second or third epoch memorises the training pairs
 * (train accuracy 0.72-0.90) and held-out accuracy falls to 0.54-0.595; 128 positions keep the recent turns of a
 * dialogue and halve the attention cost. Every configuration tried is in bench/reference/README.md.
 */
const OVERRIDES: Record<PresetName, Partial<TrainHyper>> = {
  bow: { learningRate: 3e-3, epochs: 4 },
  tiny: { epochs: 1, learningRate: 2e-3, maxLength: 128 },
  mini: {},
  small: { learningRate: 5e-4 },
  base: { learningRate: 3e-4 },
  'gpt2-small': { learningRate: 5e-5, epochs: 1, batchSize: 8 },
};

/** The options a user may set on top of a preset (the contract's TrainOptions; undefined: the preset's). */
/** The hyper-parameters a user may set (TrainOptions in the contract carries each, with its bound in PARAMS). */
export const USER_HYPER_KEYS = [
  'epochs',
  'learningRate',
  'batchSize',
  'weightDecay',
  'warmupFraction',
  'useMargins',
  'centering',
] as const satisfies readonly (keyof TrainHyper)[];

export type UserHyper = Partial<Pick<TrainHyper, (typeof USER_HYPER_KEYS)[number]>>;

/** The user's hyper-parameters out of a job's options (which also hold data set, model and run fields). */
export function pickUserHyper(options: UserHyper): UserHyper {
  const picked: UserHyper = {};
  for (const key of USER_HYPER_KEYS) if (options[key] !== undefined) Object.assign(picked, { [key]: options[key] });
  return picked;
}

/**
 * The one merge of training options: engine defaults, then the preset's, then what the user set. A new training
 * option goes into TrainOptions (contract), TrainHyper/DEFAULT_HYPER and `USER_HYPER_KEYS` (engine) and the form.
 */
export function trainingHyper(preset: PresetName, user: UserHyper = {}): TrainHyper {
  const set = Object.fromEntries(Object.entries(user).filter(([, v]) => v !== undefined)) as UserHyper;
  return { ...DEFAULT_HYPER, ...OVERRIDES[preset], ...set };
}

/** A preset's hyper-parameters with nothing set by the user. */
export function presetHyper(preset: PresetName): TrainHyper {
  return trainingHyper(preset);
}

/** The n-gram model is not a transformer: no layers or heads; its width is the number of hash buckets. */
const NGRAM_INFO: PresetInfo = {
  name: 'ngram',
  description: 'Linear TF-IDF word uni+bigram model: trains in seconds, readable weights, incremental scoring',
  layers: 0,
  width: 1 << DEFAULT_NGRAM_CONFIG.hashBits,
  heads: 0,
  context: 0,
  defaults: { epochs: 1, learningRate: 0, batchSize: 0 },
};

export function presetInfos(): PresetInfo[] {
  const transformers = transformerPresetInfos();
  const tiny = transformers.find((p) => p.name === 'tiny')!;
  // The combined model's shape and hyper-parameters are those of its transformer half.
  const combined: PresetInfo = { ...tiny, name: 'combined', description: 'n-gram model plus a tiny transformer trained on its residual (default)' };
  return [...transformers, NGRAM_INFO, combined];
}

function transformerPresetInfos(): PresetInfo[] {
  return (Object.keys(PRESETS) as PresetName[]).map((name) => {
    const shape = PRESETS[name];
    const hyper = presetHyper(name);
    return {
      name,
      description: DESCRIPTIONS[name],
      layers: shape.n_layer,
      width: shape.n_embd,
      heads: shape.n_head,
      context: shape.n_positions,
      defaults: { epochs: hyper.epochs, learningRate: hyper.learningRate, batchSize: hyper.batchSize },
    };
  });
}
