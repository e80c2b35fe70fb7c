// What each job kind returns as its result: a schema per kind, checked when the job reports it (jobs/host.ts), and
// read back typed by `jobResult`, so neither the renderer nor the CLI guesses at a result's fields.
import { z } from 'zod';
import { CountBy, CvResult, type Job, type JobKind, RewardMetrics } from './dto';
import { ErrorCode, StudioError } from './errors';
import { RobustnessExportResult, RobustnessReport } from './robustness-dto';

/** Every kind that can stop early says so with this flag (and then reports only what it had done). */
const cancelled = z.literal(true).optional();
const id = z.number().int().positive();
const count = z.number().int().nonnegative();

export const ImportJobResult = z.object({
  datasetId: id,
  pairs: count,
  errors: count,
  duplicates: count,
  crossDuplicates: count,
  /** Pairs of the data set in the validation split after the import. */
  validation: count,
  lastLine: count,
});

export const DemoJobResult = z.object({
  datasetId: id,
  /** Pairs written by this job (0 when the demo data set was already complete). */
  pairs: count,
  /** Set when the data set was already there: its pair count. */
  existing: count.optional(),
});

/** A JSONL/Parquet/HF export counts rows by origin and split; a patch counts its changes; a cancel only says so. */
export const ExportJobResult = z.object({
  path: z.string(),
  manifestPath: z.string().optional(),
  rows: count.optional(),
  sha256: z.string().optional(),
  byOrigin: CountBy.optional(),
  bySplit: CountBy.optional(),
  changes: CountBy.optional(),
  cancelled,
});

export const TrainJobResult = z.object({
  modelId: id,
  steps: count,
  validationAccuracy: z.number().nullable().optional(),
  trainAccuracy: z.number().nullable().optional(),
  scored: count.optional(),
  cancelled,
});

/** Scores computed by one of our models. */
export const ComputedScoresResult = z.object({
  modelId: id,
  scored: count,
  validationAccuracy: z.number().nullable(),
});

/** Scores read from an external JSONL file. */
export const ImportedScoresResult = z.object({
  modelId: id,
  rows: count,
  scored: count,
  unmatched: count,
  invalid: count,
  accuracy: z.number().nullable(),
  problems: z.array(z.string()),
});

export const ScoreJobResult = z.union([ImportedScoresResult, ComputedScoresResult]);

export const EvalMargin = z.object({ line: z.number().int(), rChosen: z.number(), rRejected: z.number(), margin: z.number() });

export const EvalJobResult = z.object({
  file: z.string(),
  modelId: id,
  pairs: count,
  skipped: count,
  metrics: RewardMetrics.nullable(),
  /** The first pairs' margins (`marginsTruncated` when the file held more). */
  margins: z.array(EvalMargin),
  marginsTruncated: z.boolean(),
});

/** A MARS job ends done (rounds, last model), awaiting approval of a round's variants, or cancelled. */
export const MarsJobResult = z.object({
  runId: id,
  rounds: count.optional(),
  modelId: id.optional(),
  awaitingApproval: z.number().int().positive().optional(),
  augmented: count.optional(),
  cancelled,
});

export const CvJobResult = z.union([
  CvResult,
  z.object({ cancelled: z.literal(true), finished: count, total: count }),
]);

export const DecodeJobResult = z.object({
  runId: id,
  promptsDone: count,
  promptsTotal: count,
  generated: count,
  failures: count,
  tokens: count,
  seconds: z.number().nonnegative(),
});

export const RobustnessJobResult = z.union([
  RobustnessReport.extend({ heldOut: count, perturbed: CountBy }),
  z.object({ cancelled: z.literal(true) }),
]);

export const RobustnessExportJobResult = z.union([RobustnessExportResult, z.object({ cancelled: z.literal(true) })]);

/** A trained policy: its perplexities before and after; a cancel keeps the steps done (the job can be resumed). */
export const PolicyTrainJobResult = z.object({
  modelId: id,
  steps: count,
  role: z.enum(['aligned', 'misaligned']).optional(),
  initialPerplexity: z.number().optional(),
  finalPerplexity: z.number().optional(),
  validationPerplexity: z.number().nullable().optional(),
  seconds: z.number().nonnegative().optional(),
  cancelled,
});

/** A REFORM job ends done (rounds, last model), awaiting review of a round's failures, or cancelled. */
export const ReformJobResult = z.object({
  runId: id,
  rounds: count.optional(),
  modelId: id.optional(),
  awaitingReview: z.number().int().positive().optional(),
  candidates: count.optional(),
  cancelled,
});

/** One schema per kind: a kind without an entry does not compile. */
export const JOB_RESULTS = {
  import: ImportJobResult,
  export: ExportJobResult,
  demo: DemoJobResult,
  train: TrainJobResult,
  score: ScoreJobResult,
  eval: EvalJobResult,
  mars: MarsJobResult,
  decode: DecodeJobResult,
  cv: CvJobResult,
  robustness: RobustnessJobResult,
  'policy-train': PolicyTrainJobResult,
  reform: ReformJobResult,
  'robustness-export': RobustnessExportJobResult,
} as const satisfies Record<JobKind, z.ZodType>;

export type JobResult<K extends JobKind> = z.output<(typeof JOB_RESULTS)[K]>;

/** The same table seen per kind, so a generic `kind` indexes to its own schema. */
const schemas: { [K in JobKind]: z.ZodType<JobResult<K>> } = JOB_RESULTS;

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'result'}: ${issue.message}` : 'invalid';
}

/** Checks what a job of `kind` returned; a result that does not fit its kind is a bug, said plainly. */
export function parseJobResult<K extends JobKind>(kind: K, value: unknown): JobResult<K> {
  const parsed = schemas[kind].safeParse(value);
  if (parsed.success) return parsed.data;
  throw new StudioError(ErrorCode.Internal, `the ${kind} job's result does not fit its kind: ${describeIssue(parsed.error)}`);
}

/**
 * The result of a finished job of `kind`, typed; null while it runs, when it ended without one, when it is a job of
 * another kind, or when a stored result does not fit (a project written by another version of the app).
 */
export function jobResult<K extends JobKind>(job: Job | null | undefined, kind: K): JobResult<K> | null {
  if (!job || job.kind !== kind || job.result === null) return null;
  const parsed = schemas[kind].safeParse(job.result);
  return parsed.success ? parsed.data : null;
}
