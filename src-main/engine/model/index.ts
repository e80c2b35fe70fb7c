// Public surface of the reward model: configuration, presets, the model class and the pair layout types.
export { DEFAULT_PRESET, PRESETS, presetConfig, validateConfig, type GPT2Config, type Pooling, type PresetName } from './config';
export { parameterShapes, initialWeights, type WeightData, type WeightMap } from './params';
export { truncatePair, type TokPair, type TokenIds } from './pair-batch';
export { RewardModel } from './reward-model';
export { SeededRng } from './rng';
