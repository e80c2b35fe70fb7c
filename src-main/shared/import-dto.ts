// Import DTOs: source formats and options, the preview, row-level issues, and the data sets imports make.
import { z } from 'zod';
import { JobState } from './jobs-dto';
import { Split } from './pairs-dto';
import { PARAMS, withDefault } from './params';

/** Import formats; `auto` asks the detector. */
export const ImportFormat = z.enum([
  'hh',
  'flat',
  'trl-standard',
  'trl-conversational',
  'ultrafeedback',
  'pku',
]);
export type ImportFormat = z.infer<typeof ImportFormat>;

/** Which PKU-SafeRLHF preference becomes the pair's label. */
export const PkuPreference = z.enum(['better', 'safer']);
export type PkuPreference = z.infer<typeof PkuPreference>;

/** Column mapping for flat files: which source field holds prompt/chosen/rejected. */
export const ColumnMapping = z.object({
  prompt: z.string().min(1).optional(),
  chosen: z.string().min(1),
  rejected: z.string().min(1),
});
export type ColumnMapping = z.infer<typeof ColumnMapping>;

/** One row-level problem found while importing: enough to find and fix it in the source file. */
export const ImportIssue = z.object({
  id: z.number().int(),
  jobId: z.string().nullable(),
  datasetId: z.number().int().nullable(),
  file: z.string(),
  line: z.number().int(),
  field: z.string().nullable(),
  kind: z.enum(['error', 'duplicate']),
  reason: z.string(),
  message: z.string(),
  /** First characters of the offending row, for context. */
  excerpt: z.string(),
});
export type ImportIssue = z.infer<typeof ImportIssue>;

export const Dataset = z.object({
  id: z.number().int(),
  name: z.string(),
  sourcePath: z.string().nullable(),
  format: z.string().nullable(),
  createdAt: z.string(),
  pairCount: z.number().int(),
  issueCount: z.number().int(),
  /** State of the data set's latest import job (null for data sets no import made, e.g. the demo's). */
  importState: JobState.nullable().optional(),
  importJobId: z.string().nullable().optional(),
  /** Pairs of this import that were already in another data set (kept, or skipped when asked). */
  crossDuplicates: z.number().int().optional(),
});
export type Dataset = z.infer<typeof Dataset>;

export const ImportOptions = z.object({
  path: z.string().min(1),
  /** Omitted: detected from the file's first rows. */
  format: ImportFormat.optional(),
  mapping: ColumnMapping.optional(),
  pkuPreference: PkuPreference.default('better'),
  datasetName: z.string().min(1).max(200).optional(),
  /** Split given to rows whose source does not say. */
  split: Split.default('train'),
  /**
   * When this file (same content hash) was imported before: `ask` fails with ALREADY_IMPORTED naming the data set,
   * `resume` continues that import, `skip` returns its job untouched, `new` imports it again as a new data set.
   */
  ifImported: z.enum(['ask', 'resume', 'skip', 'new']).default('ask'),
  /** Leave out pairs already present in another data set (they are counted either way). */
  skipCrossDuplicates: z.boolean().default(false),
  /** When `split` is train: this share of those rows goes to validation instead, seeded (an existing split column is kept). */
  validationShare: withDefault(PARAMS.validationShare),
  splitSeed: withDefault(PARAMS.seed),
});
export type ImportOptions = z.input<typeof ImportOptions>;

export const ImportPreview = z.object({
  format: ImportFormat,
  detected: z.boolean(),
  /** Field names seen in the first rows (for the mapping UI). */
  fields: z.array(z.string()),
  sample: z.array(
    z.object({
      line: z.number().int(),
      prompt: z.string(),
      chosen: z.string(),
      rejected: z.string(),
    }),
  ),
  issues: z.array(ImportIssue.omit({ id: true, jobId: true, datasetId: true })),
  linesRead: z.number().int(),
});
export type ImportPreview = z.infer<typeof ImportPreview>;
