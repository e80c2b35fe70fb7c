// REFORM rounds DTOs: the options of a failure-patching run, its runs list and its per-round ledger.
import { z } from 'zod';
import { RewardMetrics } from './dto';
import { DecodeMode } from './discovery-dto';
import { CrossedPair } from './mars-dto';
import { numberSchema, PARAMS, withDefault } from './params';

export const ReformOptions = z
  .object({
    name: z.string().min(1).max(200).optional(),
    /** Rounds: each discovers, (waits for review,) adds, retrains and measures once. */
    rounds: withDefault(PARAMS.rounds),
    /** Most discovered failures a round adds as training pairs, largest reward gaps first; small by default. */
    budget: withDefault(PARAMS.reformBudget),
    /** `manual` (default): the run stops after discovering until a reviewer confirms failures; `auto` takes them. */
    approve: z.enum(['auto', 'manual']).default('manual'),
    /** Training prompts each round attacks (a seeded draw of the training originals, new each round). */
    prompts: withDefault(PARAMS.attackPrompts),
    role: z.enum(['aligned', 'misaligned', 'both']).default('both'),
    mode: DecodeMode.default('guided'),
    samples: withDefault(PARAMS.decodeSamples),
    k: withDefault(PARAMS.decodeK),
    temperature: withDefault(PARAMS.decodeTemperature),
    maxNewTokens: withDefault(PARAMS.maxNewTokens),
    seed: withDefault(PARAMS.seed),
    /** The reward model round 1 attacks; default the newest ready reward model. */
    baseModelId: z.number().int().positive().optional(),
    /** Policy per role; default the newest ready policy of that role. */
    alignedPolicyId: z.number().int().positive().optional(),
    misalignedPolicyId: z.number().int().positive().optional(),
    /** Epochs of each retraining (default: the preset's). */
    epochs: numberSchema(PARAMS.epochs).optional(),
    learningRate: numberSchema(PARAMS.learningRate).optional(),
    /** Patch one data set only (default: every pair of the project). */
    datasetId: z.number().int().optional(),
  })
  .strict();
export type ReformOptions = z.input<typeof ReformOptions>;
export type ReformConfig = z.output<typeof ReformOptions>;

export const ReformRunStatus = z.enum(['running', 'awaiting-review', 'done', 'failed', 'cancelled', 'interrupted']);
export type ReformRunStatus = z.infer<typeof ReformRunStatus>;

export const ReformRun = z.object({
  id: z.number().int(),
  name: z.string(),
  status: ReformRunStatus,
  config: ReformOptions,
  baseModelId: z.number().int(),
  /** Policy model id per role, fixed when the run starts. */
  policies: z.record(z.string(), z.number().int()),
  roundsDone: z.number().int(),
  jobId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ReformRun = z.infer<typeof ReformRun>;

/**
 * Where a round is: discovery run created (`discovering`), failures found and capped by the budget (`discovered`;
 * a manual run waits here), candidates added as training pairs (`added`), model retraining (`training`), `done`.
 */
export const ReformPhase = z.enum(['discovering', 'discovered', 'added', 'training', 'done']);
export type ReformPhase = z.infer<typeof ReformPhase>;

export const ShareEstimate = z.object({ value: z.number(), se: z.number(), n: z.number().int() });
export type ShareEstimate = z.infer<typeof ShareEstimate>;

/** Share of attacked prompts with at least one failure: any role, and per role. */
const RoleShares = z.object({
  overall: ShareEstimate,
  byRole: z.record(z.string(), ShareEstimate),
});

export const AttackRate = RoleShares.extend({
  /**
   * The same shares counting only failures a class check confirms keep their policy's class (the built-in demo's
   * rule): REFORM's failures. Absent where no check is known (any data set but the demo).
   */
  confirmed: RoleShares.optional(),
});
export type AttackRate = z.infer<typeof AttackRate>;

export const ReformRound = z.object({
  runId: z.number().int(),
  round: z.number().int(),
  phase: ReformPhase,
  /** The model the round attacked, and the one it retrained. */
  sourceModelId: z.number().int(),
  modelId: z.number().int().nullable(),
  discoveryRunId: z.number().int(),
  /** Training prompts attacked. */
  prompts: z.number().int(),
  budget: z.number().int(),
  /** Failures discovered per role (null until discovery ends). */
  found: z.record(z.string(), z.number().int()).nullable(),
  /** Failure pair ids kept for the round (largest gaps first, at most the budget); the rest were set aside. */
  candidates: z.array(z.number().int()).nullable(),
  setAside: z.number().int().nullable(),
  /** Candidates a reviewer confirmed (manual) or the run approved (auto), and those added per role. */
  confirmed: z.number().int().nullable(),
  added: z.record(z.string(), z.number().int()).nullable(),
  validation: RewardMetrics.nullable(),
  train: RewardMetrics.nullable(),
  /** Attack success rate on the round's prompts: the source model (from discovery) and the retrained model. */
  attackBefore: AttackRate.nullable(),
  attackAfter: AttackRate.nullable(),
  crossed: z
    .object({ toCorrect: z.number().int(), toWrong: z.number().int(), examples: z.array(CrossedPair) })
    .nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ReformRound = z.infer<typeof ReformRound>;
