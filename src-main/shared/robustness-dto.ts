// Robustness suite DTOs: the options of a `robustness` job and the per-model report with paired comparisons.
import { z } from 'zod';

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

export const RobustnessOptions = z
  .object({
    /** Models under test; the first is the reference the others are compared with. */
    modelIds: z.array(z.number().int().positive()).min(1).max(8),
    /** Families to run; all by default. */
    families: z.array(PerturbationFamilyName).min(1).optional(),
    seed: z.number().int().default(1),
  })
  .strict();
export type RobustnessOptions = z.input<typeof RobustnessOptions>;

/** A share with its standard error (binomial, or paired over the same held-out pairs for differences). */
export const Estimate = z.object({ value: z.number(), se: z.number() });
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

export const ModelRobustness = z.object({
  modelId: z.number().int(),
  /** Accuracy on the unperturbed held-out pairs. */
  inDistribution: Estimate.extend({ n: z.number().int() }),
  families: z.array(FamilyMetrics),
  /** The robustness score: mean over families of the accuracy on perturbed pairs (docs/robustness.md). */
  score: Estimate,
});
export type ModelRobustness = z.infer<typeof ModelRobustness>;

/** Model minus reference, with paired standard errors over the held-out pairs both models scored. */
export const RobustnessDiff = z.object({
  modelId: z.number().int(),
  referenceId: z.number().int(),
  inDistribution: Estimate,
  score: Estimate,
  families: z.array(z.object({ family: PerturbationFamilyName, accuracy: Estimate, flipRate: Estimate })),
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
});
export type RobustnessResult = z.infer<typeof RobustnessResult>;
