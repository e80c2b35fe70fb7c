// Export DTOs: shapes, formats, options, the preview and the manifest written beside every export.
import { z } from 'zod';
import { PairFilter } from './pairs-dto';
import { CountBy } from './project-dto';

/** Export shapes. */
export const ExportShape = z.enum([
  'flat',
  'hh',
  'trl-conversational',
  /** TRL standard: `prompt`/`chosen`/`rejected` strings, nothing else. */
  'trl-standard',
  /** TRL implicit-prompt conversational: `chosen`/`rejected` are whole conversations, no `prompt`. */
  'trl-implicit',
  /** UltraFeedback-binarized: `prompt`, `prompt_id`, conversations in `chosen`/`rejected`/`messages`. */
  'ultrafeedback',
  /** PKU-SafeRLHF: `prompt`, `response_0`/`response_1` and the preferred ids. */
  'pku',
]);
export type ExportShape = z.infer<typeof ExportShape>;

/** `hf`: a Hugging Face data-set folder (Parquet per split, README card, manifest); `patch`: the reviewers' changes against the source file. */
export const ExportFormat = z.enum(['jsonl', 'parquet', 'hf', 'patch']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** `patched`: what reviewers kept (no excluded or discarded pairs, augmented ones once approved); `all`: every pair. */
export const ExportInclude = z.enum(['patched', 'all']);
export type ExportInclude = z.infer<typeof ExportInclude>;

export const ExportOptions = z.object({
  path: z.string().min(1),
  shape: ExportShape.default('flat'),
  filter: PairFilter.default({}),
  format: ExportFormat.default('jsonl'),
  include: ExportInclude.default('patched'),
  /** JSONL only: gzip the file. */
  gzip: z.boolean().default(false),
  /** Replace an existing file or folder; without it an export never overwrites anything. */
  overwrite: z.boolean().default(false),
});
export type ExportOptions = z.input<typeof ExportOptions>;

/** `rows`: the first rows as written (JSON text); `card`: the README.md of a data-set folder, counts from the store. */
export const ExportPreview = z.object({ rows: z.array(z.string()), card: z.string().nullable() });
export type ExportPreview = z.infer<typeof ExportPreview>;

/** Written beside every export as `<file>.manifest.json`. */
export const ExportManifest = z.object({
  file: z.string(),
  shape: ExportShape,
  rows: z.number().int(),
  byOrigin: CountBy,
  sha256: z.string(),
  filter: PairFilter,
  createdAt: z.string(),
  app: z.string(),
  format: ExportFormat.optional(),
  include: ExportInclude.optional(),
  /** Every file written, with its own hash and rows (one for JSONL; one per split and the card for a folder). */
  files: z.array(z.object({ file: z.string(), sha256: z.string(), bytes: z.number().int(), rows: z.number().int().nullable() })).optional(),
  bySplit: CountBy.optional(),
  schemaVersion: z.number().int().optional(),
});
export type ExportManifest = z.infer<typeof ExportManifest>;
