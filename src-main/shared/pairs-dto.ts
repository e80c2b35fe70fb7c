// Pair DTOs: a pair and its list summary, where it came from and what reviewers said, and the filters, sorts and
// pages the browser, exports and training select pairs with.
import { z } from 'zod';

/** Where a pair came from. Later stages (MARS, REFORM, review) add rows with the other origins. */
export const Origin = z.enum(['original', 'augmented', 'discovered', 'edited']);
export type Origin = z.infer<typeof Origin>;

export const Split = z.enum(['train', 'validation', 'test']);
export type Split = z.infer<typeof Split>;

/** A reviewer's verdict on a pair, stored in pairs.review_status; null means nobody reviewed it yet. */
export const ReviewStatus = z.enum(['confirmed', 'tie', 'excluded', 'approved', 'discarded']);
export type ReviewStatus = z.infer<typeof ReviewStatus>;

/** What a reviewer can do to a pair; `approve` and `discard` apply to augmented pairs only. */
export const ReviewAction = z.enum(['confirm', 'flip', 'tie', 'exclude', 'edit', 'approve', 'discard']);
export type ReviewAction = z.infer<typeof ReviewAction>;

export const ChatMessage = z.object({ role: z.string(), content: z.string() });
export type ChatMessage = z.infer<typeof ChatMessage>;

/** One model's scores for a pair: r(chosen), r(rejected) and margin = r(chosen) − r(rejected). */
export const PairScore = z.object({ rChosen: z.number(), rRejected: z.number(), margin: z.number() });
export type PairScore = z.infer<typeof PairScore>;

/** A pair as the list shows it: previews, not whole transcripts. */
export const PairSummary = z.object({
  id: z.number().int(),
  datasetId: z.number().int(),
  promptPreview: z.string(),
  chosenPreview: z.string(),
  rejectedPreview: z.string(),
  origin: Origin,
  split: Split,
  tie: z.boolean(),
  chosenLen: z.number().int(),
  rejectedLen: z.number().int(),
  promptLen: z.number().int(),
  createdAt: z.string(),
  reviewStatus: ReviewStatus.nullable(),
  /** Present when the page query named a `modelId` and that model scored the pair. */
  score: PairScore.optional(),
});
export type PairSummary = z.infer<typeof PairSummary>;

/** A whole pair with its provenance and the source columns the importer did not recognise. */
export const Pair = z.object({
  id: z.number().int(),
  datasetId: z.number().int(),
  prompt: z.string(),
  chosen: z.string(),
  rejected: z.string(),
  promptMessages: z.array(ChatMessage).nullable(),
  tie: z.boolean(),
  strength: z.number().nullable(),
  split: Split,
  origin: Origin,
  parentId: z.number().int().nullable(),
  round: z.number().int().nullable(),
  modelId: z.number().int().nullable(),
  provenance: z.record(z.string(), z.unknown()).nullable(),
  sourceFormat: z.string().nullable(),
  sourceLine: z.number().int().nullable(),
  extra: z.record(z.string(), z.unknown()).nullable(),
  contentHash: z.string(),
  createdAt: z.string(),
  reviewStatus: ReviewStatus.nullable(),
});
export type Pair = z.infer<typeof Pair>;

/** `margin` and `absMargin` need `modelId`: they sort by that model's score. */
export const SortKey = z.enum(['id', 'createdAt', 'promptLen', 'chosenLen', 'rejectedLen', 'margin', 'absMargin']);
export type SortKey = z.infer<typeof SortKey>;

/** Filters shared by the browser, export and (later) training selections. */
export const PairFilter = z.object({
  datasetId: z.number().int().optional(),
  origin: Origin.optional(),
  split: Split.optional(),
  /** FTS5 full-text query over prompt and responses (plain words; quoted phrases allowed). */
  search: z.string().max(500).optional(),
  /** The reward model whose scores the margin sort and filters use (and whose scores the rows carry). */
  modelId: z.number().int().optional(),
  /** |margin| band: keep pairs with absMarginMin ≤ |margin| ≤ absMarginMax (needs modelId). */
  absMarginMin: z.number().min(0).optional(),
  absMarginMax: z.number().min(0).optional(),
  /** Only pairs the model ranks against the label (margin < 0; needs modelId). */
  disagree: z.boolean().optional(),
  /** Only pairs a reviewer gave this status (not-reviewed pairs have no index entry, so they cannot be asked). */
  reviewStatus: ReviewStatus.optional(),
});
export type PairFilter = z.infer<typeof PairFilter>;

export const PageQuery = PairFilter.extend({
  sort: SortKey.default('id'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  /** Opaque keyset cursor from the previous page's `nextCursor`. */
  after: z.string().optional(),
  limit: z.number().int().min(1).max(500).default(50),
  /**
   * false: skip the exact total and answer `total: -1`. Later pages of a list pass it, keeping the first page's
   * total: a |margin| band total counts index entries on every call.
   */
  withTotal: z.boolean().default(true),
});
export type PageQuery = z.input<typeof PageQuery>;

export const PairPage = z.object({
  rows: z.array(PairSummary),
  nextCursor: z.string().nullable(),
  /** Total rows matching the filter (exact); -1 when the query asked `withTotal: false`. */
  total: z.number().int(),
});
export type PairPage = z.infer<typeof PairPage>;
