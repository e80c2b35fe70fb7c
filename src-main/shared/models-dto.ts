// Reward-model DTOs: presets and training options, metrics and summaries, evaluation on a file, external scores
// and k-fold cross-validation.
import { z } from 'zod';
import { ImportOptions } from './import-dto';
import { numberSchema, PARAMS, withDefault } from './params';

/** Model architecture presets: `bow` is depth 0 with mean pooling (bag of embeddings); `tiny` trains on two cores. */
export const ModelPreset = z.enum(['bow', 'tiny', 'mini', 'small', 'base', 'gpt2-small', 'ngram', 'combined']);
export type ModelPreset = z.infer<typeof ModelPreset>;
/** The one preset list is `ModelPreset`; the engine's `PRESETS` table is keyed by it. */
export const DEFAULT_MODEL_PRESET: ModelPreset = 'combined';

export const TrainOptions = z.object({
  name: z.string().min(1).max(200).optional(),
  /** `combined` (n-gram + tiny transformer on its residual) is the default: best 5-fold CV on HH, 1.00 on the demo. */
  preset: ModelPreset.default(DEFAULT_MODEL_PRESET),
  /** Omitted values take the preset's defaults (see `train.presets`). */
  epochs: numberSchema(PARAMS.epochs).optional(),
  learningRate: numberSchema(PARAMS.learningRate).optional(),
  batchSize: numberSchema(PARAMS.batchSize).optional(),
  weightDecay: numberSchema(PARAMS.weightDecay).optional(),
  /** Share of all steps spent warming the learning rate up. */
  warmupFraction: numberSchema(PARAMS.warmupFraction).optional(),
  /** Use each pair's strength column as a margin: −log σ(r_c − r_r − m). */
  useMargins: z.boolean().default(false),
  /** Reward-centring weight λ·(r_c + r_r)². */
  centering: withDefault(PARAMS.centering),
  seed: withDefault(PARAMS.seed),
  /** Train on one data set only (default: every pair of the project). */
  datasetId: z.number().int().optional(),
  /** Start from a pretrained GPT-2-family model in a local Hugging Face folder. */
  initFrom: z.string().min(1).optional(),
  checkpointEvery: z.number().int().min(1).default(50),
});
export type TrainOptions = z.input<typeof TrainOptions>;

export const PresetInfo = z.object({
  name: ModelPreset,
  description: z.string(),
  layers: z.number().int(),
  width: z.number().int(),
  heads: z.number().int(),
  context: z.number().int(),
  defaults: z.object({ epochs: z.number(), learningRate: z.number(), batchSize: z.number().int() }),
});
export type PresetInfo = z.infer<typeof PresetInfo>;

export const ReliabilityBin = z.object({
  lower: z.number(),
  upper: z.number(),
  count: z.number().int(),
  confidence: z.number().nullable(),
  accuracy: z.number().nullable(),
});

/** How good a reward model is on a set of pairs. */
export const RewardMetrics = z.object({
  pairs: z.number().int(),
  accuracy: z.number(),
  meanLoss: z.number(),
  /** Expected calibration error of P(chosen) = σ(margin). */
  ece: z.number(),
  reliability: z.array(ReliabilityBin),
  marginMean: z.number(),
  marginStd: z.number(),
  marginSnr: z.number().nullable(),
  histogram: z.object({ min: z.number(), max: z.number(), counts: z.array(z.number().int()), below: z.number().int(), above: z.number().int() }),
  /** Pairs ranked against their label (margin < 0). */
  disagreements: z.number().int(),
  /** Binomial standard error of `accuracy`, √(p(1−p)/n) (absent for metrics stored before it existed). */
  accuracySe: z.number().optional(),
});
export type RewardMetrics = z.infer<typeof RewardMetrics>;

/** A model against "the shorter response wins" on its validation pairs (paired difference of per-pair correctness). */
export const LengthBaseline = z.object({
  pairs: z.number().int(),
  shorterWins: z.number(),
  shorterWinsSe: z.number(),
  difference: z.number(),
  differenceSe: z.number(),
  /** difference < 2·SE: the model's margins are not clearly better than a length rule. */
  withinNoise: z.boolean(),
});
export type LengthBaseline = z.infer<typeof LengthBaseline>;

/** An n-gram model's strongest features ("what this model rewards"); collisions of the hash show as "a | b". */
export const NgramFeatures = z.object({
  positive: z.array(z.object({ ngram: z.string(), weight: z.number() })),
  negative: z.array(z.object({ ngram: z.string(), weight: z.number() })),
});
export type NgramFeatures = z.infer<typeof NgramFeatures>;

export const ModelMetrics = z.object({
  validation: RewardMetrics.nullable(),
  train: RewardMetrics.nullable(),
  training: z
    .object({
      backend: z.string(),
      /** Pairs trained on: trainable originals plus approved augmented pairs (absent for models trained before). */
      pairs: z.number().int().optional(),
      steps: z.number().int(),
      epochs: z.number(),
      seconds: z.number(),
      pairsPerSecond: z.number(),
      tokensPerSecond: z.number(),
      /** Loss/accuracy curve sampled during training. */
      history: z.array(z.object({ step: z.number().int(), loss: z.number(), accuracy: z.number() })),
    })
    .nullable(),
  /** Against "the shorter response wins" on the validation pairs (absent without validation pairs). */
  baseline: LengthBaseline.nullable().optional(),
  /** N-gram models: the top positive and negative features. */
  features: NgramFeatures.optional(),
});
export type ModelMetrics = z.infer<typeof ModelMetrics>;

export const ModelSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(['reward', 'policy', 'external']),
  preset: z.string().nullable(),
  status: z.string(),
  round: z.number().int().nullable(),
  parentModelId: z.number().int().nullable(),
  /** Folder in the Hugging Face layout, relative to the artifacts folder. */
  artifactPath: z.string().nullable(),
  createdAt: z.string(),
  metrics: ModelMetrics.nullable(),
  /** How many pairs carry this model's scores. */
  scoredPairs: z.number().int(),
});
export type ModelSummary = z.infer<typeof ModelSummary>;

/** Accuracy and margins of a model on an external file of pairs (`prefstudio eval`). */
export const EvalOptions = ImportOptions.extend({ modelId: z.number().int().optional() });
export type EvalOptions = z.input<typeof EvalOptions>;

/** External reward-model scores: JSONL rows of `{ pair_id | content_hash, r_chosen, r_rejected }`. */
export const ScoresImportOptions = z.object({ path: z.string().min(1), name: z.string().min(1).max(200) });
export type ScoresImportOptions = z.input<typeof ScoresImportOptions>;

/** k-fold cross-validation of presets on the project's pairs (`prefstudio cv`). */
export const CvOptions = z.object({
  presets: z.array(ModelPreset).min(1).max(8).default(['ngram', 'combined']),
  folds: withDefault(PARAMS.folds),
  seed: withDefault(PARAMS.seed),
  /** One data set only (default: every trainable pair of the project, train and validation splits together). */
  datasetId: z.number().int().optional(),
});
export type CvOptions = z.input<typeof CvOptions>;

/** One preset's k-fold result: pooled held-out accuracy, its binomial SE, and each fold's accuracy. */
export const CvPresetResult = z.object({
  preset: ModelPreset,
  accuracy: z.number(),
  se: z.number(),
  foldAccuracies: z.array(z.number()),
  seconds: z.number(),
});
export type CvPresetResult = z.infer<typeof CvPresetResult>;

export const CvResult = z.object({
  pairs: z.number().int(),
  folds: z.number().int(),
  /** "The shorter response wins" on the same pairs, for reference. */
  shorterWins: z.object({ accuracy: z.number(), se: z.number() }),
  results: z.array(CvPresetResult),
});
export type CvResult = z.infer<typeof CvResult>;
