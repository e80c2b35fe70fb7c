// MARS DTOs: the options of a refinement run, its per-round ledger, a pair's margin history and the LLM settings.
import { z } from 'zod';
import { DEFAULT_MODEL_PRESET, ModelPreset, Pair, RewardMetrics } from './dto';
import { numberSchema, PARAMS, withDefault } from './params';

export const Weighting = z.enum(['signed', 'abs', 'uniform']);
export type Weighting = z.infer<typeof Weighting>;

/** Offline operators are always available; `llm` needs an endpoint in the settings (`settings.llm`). */
export const OperatorName = z.enum(['synonym', 'span-delete', 'reorder', 'llm']);
export type OperatorName = z.infer<typeof OperatorName>;

export const DEFAULT_OPERATORS: OperatorName[] = ['synonym', 'span-delete', 'reorder'];

export const MarsOptions = z
  .object({
    name: z.string().min(1).max(200).optional(),
    /** Refinement rounds: each augments, retrains and rescores once. */
    rounds: withDefault(PARAMS.rounds),
    /**
     * New pairs per round; default 5× the selected base. `0` retrains without augmentation (the bench's no-aug arm).
     */
    budget: numberSchema(PARAMS.budget).optional(),
    /** The selected base: this share of trainable training pairs, those with the lowest margins. */
    selectShare: withDefault(PARAMS.selectShare),
    weighting: Weighting.default('signed'),
    /** Signed weighting: q = softmax(−α·Δ). */
    alpha: withDefault(PARAMS.alpha),
    /** |Δ| weighting: q ∝ exp(−τ·|Δ|). */
    tau: withDefault(PARAMS.tau),
    operators: z.array(OperatorName).min(1).default(DEFAULT_OPERATORS),
    /** Variants each operator is asked for, per text. */
    perText: withDefault(PARAMS.perText),
    /** `auto`: variants train at once; `manual`: the run waits after augmenting until a reviewer approves them. */
    approve: z.enum(['auto', 'manual']).default('auto'),
    /** Rewrite pairs whose responses are close in meaning (needs the LLM endpoint). */
    semantic: z.boolean().default(false),
    seed: withDefault(PARAMS.seed),
    /** The model round 1 starts from; default the newest ready reward model, else one is trained first. */
    baseModelId: z.number().int().positive().optional(),
    /** Preset of the base model when one has to be trained. */
    preset: ModelPreset.default(DEFAULT_MODEL_PRESET),
    /** Epochs of each retraining (default: the preset's). */
    epochs: numberSchema(PARAMS.epochs).optional(),
    learningRate: numberSchema(PARAMS.learningRate).optional(),
    /** Refine on one data set only (default: every pair of the project). */
    datasetId: z.number().int().optional(),
  })
  .strict();
export type MarsOptions = z.input<typeof MarsOptions>;
export type MarsConfig = z.output<typeof MarsOptions>;

export const MarsRunStatus = z.enum([
  'running',
  'awaiting-approval',
  'done',
  'failed',
  'cancelled',
  'interrupted',
]);
export type MarsRunStatus = z.infer<typeof MarsRunStatus>;

export const MarsRun = z.object({
  id: z.number().int(),
  name: z.string(),
  status: MarsRunStatus,
  config: MarsOptions,
  /** The model round 1 scored with (trained by the run when none was given). */
  baseModelId: z.number().int().nullable(),
  roundsDone: z.number().int(),
  /** The job that last worked on the run. */
  jobId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MarsRun = z.infer<typeof MarsRun>;

/** Where a round is: variants committed, then (after approval) the retrained model, then its scores and metrics. */
export const RoundPhase = z.enum(['augmented', 'training', 'done']);
export type RoundPhase = z.infer<typeof RoundPhase>;

export const CrossedPair = z.object({ pairId: z.number().int(), before: z.number(), after: z.number() });

export const MarsRound = z.object({
  runId: z.number().int(),
  round: z.number().int(),
  phase: RoundPhase,
  /** The model whose margins chose this round's pairs, and the one retrained in it. */
  sourceModelId: z.number().int(),
  modelId: z.number().int().nullable(),
  selected: z.number().int(),
  budget: z.number().int(),
  spent: z.number().int(),
  /** New pairs each operator took part in (a pair rewritten by two operators counts for both). */
  operatorBudget: z.record(z.string(), z.number().int()),
  /** Guard rejections by reason. */
  rejected: z.record(z.string(), z.number().int()),
  /** Semantic layer: pairs under the distance threshold, and how many were rewritten; null when off. */
  semantic: z
    .object({ threshold: z.number(), candidates: z.number().int(), rewritten: z.number().int() })
    .nullable(),
  /** The retrained model on the held-out and training originals (null until the round is done). */
  validation: RewardMetrics.nullable(),
  train: RewardMetrics.nullable(),
  /** Original pairs whose margin changed sign against the source model: counts and the largest moves. */
  crossed: z
    .object({ toCorrect: z.number().int(), toWrong: z.number().int(), examples: z.array(CrossedPair) })
    .nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type MarsRound = z.infer<typeof MarsRound>;

/** One model's margin on a pair: the pair's history across rounds. */
export const MarginPoint = z.object({
  modelId: z.number().int(),
  modelName: z.string(),
  round: z.number().int().nullable(),
  margin: z.number(),
});
export type MarginPoint = z.infer<typeof MarginPoint>;

export const AugmentRequest = z
  .object({
    pairId: z.number().int().positive(),
    /** New pairs to draw from the pair's pool. */
    count: withDefault(PARAMS.augmentCount),
    operators: z.array(OperatorName).min(1).default(DEFAULT_OPERATORS),
    seed: withDefault(PARAMS.seed),
    reviewer: z.string().min(1).max(200).default('local'),
  })
  .strict();

export const AugmentResult = z.object({
  variants: z.array(Pair),
  poolSize: z.number().int(),
  logEntryId: z.number().int(),
});
export type AugmentResult = z.infer<typeof AugmentResult>;

/** The LLM endpoint as the settings show it: the key itself never leaves the store. */
export const LlmSettingsView = z.object({
  configured: z.boolean(),
  baseUrl: z.string().nullable(),
  model: z.string().nullable(),
  hasApiKey: z.boolean(),
  maxConcurrency: z.number().int().nullable(),
  requestsPerMinute: z.number().nullable(),
  timeoutMs: z.number().int().nullable(),
  warnings: z.array(z.string()),
});
export type LlmSettingsView = z.infer<typeof LlmSettingsView>;
