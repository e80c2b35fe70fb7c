// Params of each job kind as a schema: what a service stores with the job, parsed again by the runner (the job
// row is JSON, and a resumed job reads it back from disk), so no runner has to trust a cast.
import { z } from 'zod';
import { ErrorCode, StudioError } from './errors';
import { ColumnMapping, ExportOptions, ImportFormat, PkuPreference, Split, TrainOptions } from './dto';

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

/** The export options with their defaults applied; `path` is absolute (the service resolved it). */
export const ExportJobParams = ExportOptions;
export type ExportJobParams = z.output<typeof ExportJobParams>;

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
