// Params of each job kind as a schema: what a service stores with the job, parsed again by the runner (the job
// row is JSON, and a resumed job reads it back from disk), so no runner has to trust a cast.
import { z } from 'zod';
import { ErrorCode, StudioError } from './errors';
import { ColumnMapping, CvOptions, ExportOptions, type JobKind, ImportFormat, PkuPreference, Split, TrainOptions } from './dto';
import { PARAMS, withDefault } from './params';
import { PolicyTrainOptions } from './policy-dto';
import { AttackOptions, PerturbationFamilyName } from './robustness-dto';

export const ImportJobParams = z.object({
  path: z.string().min(1),
  format: ImportFormat,
  mapping: ColumnMapping.optional(),
  pkuPreference: PkuPreference,
  split: Split,
  /** Seeded validation split of rows without a source split (absent in jobs queued before it existed: none). */
  validationShare: z.number().min(0).max(0.5).optional(),
  splitSeed: z.number().int().optional(),
  datasetId: z.number().int().positive(),
  skipCrossDuplicates: z.boolean().optional(),
});
export type ImportJobParams = z.output<typeof ImportJobParams>;

export const EvalJobParams = z.object({
  path: z.string().min(1),
  format: ImportFormat,
  mapping: ColumnMapping.optional(),
  pkuPreference: PkuPreference,
  modelId: z.number().int().positive(),
  modelDir: z.string().min(1),
});
export type EvalJobParams = z.output<typeof EvalJobParams>;

/** The train options with their defaults applied, plus where the model row and its files are. */
export const TrainJobParams = TrainOptions.extend({
  modelId: z.number().int().positive(),
  modelDir: z.string().min(1),
});
export type TrainJobParams = z.output<typeof TrainJobParams>;

/** The policy.train options with their defaults applied, plus where the model row and its files are. */
export const PolicyTrainJobParams = PolicyTrainOptions.extend({
  modelId: z.number().int().positive(),
  modelDir: z.string().min(1),
  /** Steps between checkpoints (how the job runs, not a user option). */
  checkpointEvery: z.number().int().min(0).default(25),
});
export type PolicyTrainJobParams = z.output<typeof PolicyTrainJobParams>;

/** The export options with their defaults applied; `path` is absolute (the service resolved it). */
export const ExportJobParams = ExportOptions;
export type ExportJobParams = z.output<typeof ExportJobParams>;

export const DemoJobParams = z.object({
  pairs: withDefault(PARAMS.demoPairs),
  seed: withDefault(PARAMS.demoSeed),
  labelNoise: withDefault(PARAMS.labelNoise),
  /** The data set to write into (default `demo-<seed>`). */
  datasetName: z.string().min(1).optional(),
});

/** Scores computed by our model (its weights folder), or read from an external JSONL file. */
export const ScoreJobParams = z.union([
  z.object({ modelId: z.number().int().positive(), file: z.string().min(1) }),
  z.object({ modelId: z.number().int().positive(), modelDir: z.string().min(1) }),
]);

/** MARS and discovery jobs work on a run recorded before the job starts: the params only name it. */
export const RunJobParams = z.object({ runId: z.number().int().positive() });

/** A policy as the decoder opens it (mirrors the engine's `PolicySource`): a local folder or a completions endpoint. */
const PolicySourceParam = z.union([
  z.object({ kind: z.literal('local'), dir: z.string().min(1) }),
  z.object({
    kind: z.literal('endpoint'),
    baseUrl: z.string().min(1),
    model: z.string().min(1),
    apiKey: z.string().optional(),
    topLogprobs: z.number().int().positive(),
  }),
]);

/** What the robustness handler passes: models in report order (the first is the reference), each with its weights folder. */
export const RobustnessJobParams = z.object({
  seed: z.number().int(),
  /** Two or more suite seeds: one measurement per seed, combined (`seed` is then the first). */
  seeds: z.array(z.number().int()).min(1).optional(),
  families: z.array(PerturbationFamilyName).optional(),
  models: z.array(z.object({ id: z.number().int(), dir: z.string() })),
  /** The handler's resolved attack: settings and policies, or why it is skipped; `false` when switched off. */
  attack: z
    .union([
      z.object({
        config: AttackOptions,
        policies: z.array(z.object({ role: z.enum(['aligned', 'misaligned']), id: z.number().int(), source: PolicySourceParam })).min(1),
      }),
      z.object({ skipped: z.string() }),
      z.literal(false),
    ])
    .default(false),
  /** External models measured from their scores folders (after the weights-backed models). */
  externals: z.array(z.object({ id: z.number().int(), dir: z.string() })).default([]),
});

/** Writes the held-out and perturbed pairs to a folder (an absolute path the handler resolved) for external scoring. */
export const RobustnessExportJobParams = z.object({
  dir: z.string().min(1),
  seed: z.number().int(),
  families: z.array(PerturbationFamilyName).optional(),
});

/** A REFORM job names its run; `reviewedRound` is the round whose failures the reviewer has just finished with. */
export const ReformJobParams = RunJobParams.extend({ reviewedRound: z.number().int().positive().optional() });

/** One params schema per kind: the host checks params when a job starts, the runner parses them back from the row. */
export const JOB_PARAMS = {
  import: ImportJobParams,
  export: ExportJobParams,
  demo: DemoJobParams,
  train: TrainJobParams,
  score: ScoreJobParams,
  eval: EvalJobParams,
  mars: RunJobParams,
  decode: RunJobParams,
  cv: CvOptions,
  robustness: RobustnessJobParams,
  'policy-train': PolicyTrainJobParams,
  reform: ReformJobParams,
  'robustness-export': RobustnessExportJobParams,
} as const satisfies Record<JobKind, z.ZodType>;

/** What a service passes to start a job of kind K (fields with defaults optional). */
export type JobParamsInput<K extends JobKind> = z.input<(typeof JOB_PARAMS)[K]>;
/** What a runner of kind K reads: defaults applied. */
export type JobParams<K extends JobKind> = z.output<(typeof JOB_PARAMS)[K]>;

/** The same table seen per kind, so a generic `kind` indexes to its own schema. */
const paramSchemas: { [K in JobKind]: z.ZodType<JobParams<K>, JobParamsInput<K>> } = JOB_PARAMS;

/** A job's params for its kind, defaults applied; a row or a call that does not fit is said plainly. */
export function jobParams<K extends JobKind>(kind: K, params: unknown): JobParams<K> {
  return parseJobParams(paramSchemas[kind], kind, params);
}

/** Parses a job's stored params; a job row that does not fit its kind is a bug or a foreign file, said plainly. */
export function parseJobParams<S extends z.ZodType>(schema: S, kind: string, params: unknown): z.output<S> {
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new StudioError(
    ErrorCode.Internal,
    `the ${kind} job's params do not fit its kind: ${issue ? `${issue.path.join('.') || 'params'}: ${issue.message}` : 'invalid'}`,
  );
}
