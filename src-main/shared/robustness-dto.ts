// Robustness suite DTOs: the options of a `robustness` job and the per-model report with paired comparisons.
import { z } from 'zod';
import { numberSchema, PARAMS, withDefault } from './params';

export const PerturbationFamilyName = z.enum([
  'verbosity',
  'sycophancy',
  'refusal-opener',
  'typos',
  'paraphrase',
  'reorder',
  'markdown',
  'truncation',
]);
export type PerturbationFamilyName = z.infer<typeof PerturbationFamilyName>;

/**
 * The adaptive attack: guided discovery against each model under test on held-out prompts, with fixed policies,
 * budget and seed. Nothing it decodes is stored as a pair: it is a measurement, not a source of training data.
 */
export const AttackOptions = z
  .object({
    /** Held-out prompts attacked (a seeded draw from the validation split's originals). */
    prompts: withDefault(PARAMS.robustAttackPrompts),
    /** Responses decoded per prompt and role: the attack's budget, with maxNewTokens. */
    samples: withDefault(PARAMS.robustAttackSamples),
    maxNewTokens: withDefault(PARAMS.robustAttackTokens),
    k: withDefault(PARAMS.decodeK),
    temperature: withDefault(PARAMS.decodeTemperature),
    role: z.enum(['aligned', 'misaligned', 'both']).default('both'),
    /** Policy per role; default the newest ready policy of that role. */
    alignedPolicyId: z.number().int().positive().optional(),
    misalignedPolicyId: z.number().int().positive().optional(),
    /** `sample` decodes without guidance: the non-adaptive baseline of the same budget. */
    mode: z.enum(['guided', 'sample']).default('guided'),
    seed: withDefault(PARAMS.seed),
  })
  .strict();
export type AttackOptions = z.input<typeof AttackOptions>;
export type AttackConfig = z.output<typeof AttackOptions>;

/** Models scored from files instead of weights: an external model id (or a new one) and the scores folder. */
export const ExternalScores = z
  .object({
    /** An existing external model; without it the job registers a new external model named `name`. */
    modelId: z.number().int().positive().optional(),
    name: z.string().min(1).max(200).optional(),
    /** The folder written by `robustness.exportPerturbed`, with a `*.scores.jsonl` file per family scored. */
    dir: z.string().min(1),
  })
  .strict();
export type ExternalScores = z.infer<typeof ExternalScores>;

/** Suite seeds one run takes at most: each seed rescores every family and reruns the attack. */
export const MAX_SEEDS = 10;

export const RobustnessOptions = z
  .object({
    /** Models under test; the first is the reference the others are compared with. */
    /** Models with weights under test; the first is the reference. May be empty when `scores` names a model. */
    modelIds: z.array(z.number().int().positive()).max(8),
    /** Families to run; all by default. */
    families: z.array(PerturbationFamilyName).min(1).optional(),
    seed: withDefault(PARAMS.seed),
    /**
     * Several suite seeds: the families and the attack run once per seed (each seed also seeds the attack), numbers are
     * means over seeds ± SE over seeds, differences paired by seed (docs/robustness.md). Replaces `seed` when given.
     */
    seeds: z.array(numberSchema(PARAMS.seed)).min(1).max(MAX_SEEDS).optional(),
    /** The adaptive attack's options; `false` switches it off. On by default, skipped when no ready policy exists. */
    attack: z.union([AttackOptions, z.literal(false)]).prefault({}),
    /** External models measured from scores files (reported after the models in `modelIds`). */
    scores: z.array(ExternalScores).max(8).optional(),
  })
  .strict();
export type RobustnessOptions = z.input<typeof RobustnessOptions>;

/**
 * A run over several suite seeds: each seed's value and its within-seed SE (pairs or prompts as units), and the root
 * mean square of those SEs: the SE one seed's run gives. The estimate's `value` and `se` are then the mean over seeds
 * and the SE over seeds.
 */
export const SeedSpread = z.object({ values: z.array(z.number()), ses: z.array(z.number()), withinSe: z.number() });
export type SeedSpread = z.infer<typeof SeedSpread>;

/** A share with its standard error (binomial, or paired over the same held-out pairs for differences). */
export const Estimate = z.object({ value: z.number(), se: z.number(), overSeeds: SeedSpread.optional() });
export type Estimate = z.infer<typeof Estimate>;

export const FamilyMetrics = z.object({
  family: PerturbationFamilyName,
  /** Perturbed pairs scored (held-out pairs the family applies to). */
  n: z.number().int(),
  /** Accuracy on the perturbed pairs. */
  accuracy: Estimate,
  /** Accuracy of the same model on the same pairs before perturbation. */
  baseline: Estimate,
  /** Share of pairs whose margin changed sign under the perturbation. */
  flipRate: Estimate,
});
export type FamilyMetrics = z.infer<typeof FamilyMetrics>;

const AttackRates = z.object({ attackSuccessRate: Estimate, failuresPerPrompt: Estimate });

/**
 * The attack's numbers counting only failures a class check confirms keep their policy's class (the built-in demo's
 * rule): REFORM's failures. Present only where the class of every attacked prompt is known.
 */
const ConfirmedAttack = AttackRates.extend({ byRole: z.record(z.string(), AttackRates) });

/** The adaptive attack on one model: prompts are the units of every standard error. */
export const AttackMetrics = z.object({
  prompts: z.number().int(),
  /** Outputs decoded per prompt over all roles. */
  outputsPerPrompt: z.number().int(),
  roles: z.array(z.enum(['aligned', 'misaligned'])),
  policies: z.record(z.string(), z.number().int()),
  mode: z.enum(['guided', 'sample']),
  seed: z.number().int(),
  /** Share of prompts with at least one failure (any role, any sample). */
  attackSuccessRate: Estimate,
  /** Failures per prompt (all roles and samples). */
  failuresPerPrompt: Estimate,
  /** The same two numbers per role. */
  byRole: z.record(z.string(), AttackRates),
  confirmed: ConfirmedAttack.optional(),
});
export type AttackMetrics = z.infer<typeof AttackMetrics>;

export const ModelRobustness = z.object({
  modelId: z.number().int(),
  /** Accuracy on the unperturbed held-out pairs. */
  inDistribution: Estimate.extend({ n: z.number().int() }),
  families: z.array(FamilyMetrics),
  /** The robustness score: mean over families of the accuracy on perturbed pairs (docs/robustness.md). */
  score: Estimate,
  /** Weights-backed models: the adaptive attack, or why it was not run. External models: never attacked. */
  attack: AttackMetrics.optional(),
  attackSkipped: z.string().optional(),
  /** Set for an external model measured from scores files (the folder read). */
  scoresDir: z.string().optional(),
  /** A run over two or more suite seeds, in the order of every estimate's `overSeeds.values`. */
  seeds: z.array(z.number().int()).optional(),
});
export type ModelRobustness = z.infer<typeof ModelRobustness>;

/** Model minus reference, with paired standard errors over the held-out pairs both models scored. */
export const RobustnessDiff = z.object({
  modelId: z.number().int(),
  referenceId: z.number().int(),
  inDistribution: Estimate,
  score: Estimate,
  families: z.array(z.object({ family: PerturbationFamilyName, accuracy: Estimate, flipRate: Estimate })),
  /** Paired over the prompts both models were attacked on; absent unless both were attacked. */
  attack: AttackRates.extend({ confirmed: AttackRates.optional() }).optional(),
});
export type RobustnessDiff = z.infer<typeof RobustnessDiff>;

export const RobustnessReport = z.object({
  models: z.array(ModelRobustness),
  diffs: z.array(RobustnessDiff),
});
export type RobustnessReport = z.infer<typeof RobustnessReport>;

/** One stored result: a model's robustness on this project's held-out pairs, as the job last measured it. */
export const RobustnessResult = ModelRobustness.extend({
  seed: z.number().int(),
  jobId: z.string().nullable(),
  createdAt: z.string(),
  /** This model minus the reference of the run that measured it (absent for the reference itself). */
  diff: RobustnessDiff.optional(),
});
export type RobustnessResult = z.infer<typeof RobustnessResult>;

/** Writes the held-out pairs and each family's perturbed pairs to a folder, for scoring with a model outside the app. */
export const RobustnessExportOptions = z
  .object({
    dir: z.string().min(1),
    families: z.array(PerturbationFamilyName).min(1).optional(),
    /** The suite seed: the run that reads the scores back must use the same one. */
    seed: withDefault(PARAMS.seed),
  })
  .strict();
export type RobustnessExportOptions = z.input<typeof RobustnessExportOptions>;

export const RobustnessExportResult = z.object({
  dir: z.string(),
  seed: z.number().int(),
  /** `held-out`, then each family written: its pairs file, the scores file the suite will read, the pair count. */
  parts: z.array(z.object({ name: z.string(), pairs: z.number().int(), file: z.string(), scoresFile: z.string() })),
});
export type RobustnessExportResult = z.infer<typeof RobustnessExportResult>;
