// Maps snake_case SQLite rows to the camelCase DTOs (booleans, parsed JSON) and back.
import type { ChatMessage, Origin, Pair, PairSummary, ReviewStatus, Split } from '../shared/dto';

export function toJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

export function fromJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

export function now(): string {
  return new Date().toISOString();
}

export interface PairSummaryRow {
  id: number;
  dataset_id: number;
  prompt_preview: string;
  chosen_preview: string;
  rejected_preview: string;
  origin: Origin;
  split: Split;
  tie: number;
  prompt_len: number;
  chosen_len: number;
  rejected_len: number;
  created_at: string;
  review_status: ReviewStatus | null;
  /** Present (possibly NULL) when the query named a model. */
  r_chosen?: number | null;
  r_rejected?: number | null;
  margin?: number | null;
}

export function toPairSummary(r: PairSummaryRow): PairSummary {
  const summary: PairSummary = {
    id: r.id,
    datasetId: r.dataset_id,
    promptPreview: r.prompt_preview,
    chosenPreview: r.chosen_preview,
    rejectedPreview: r.rejected_preview,
    origin: r.origin,
    split: r.split,
    tie: r.tie === 1,
    promptLen: r.prompt_len,
    chosenLen: r.chosen_len,
    rejectedLen: r.rejected_len,
    createdAt: r.created_at,
    reviewStatus: r.review_status,
  };
  if (r.r_chosen != null && r.r_rejected != null && r.margin != null) {
    summary.score = { rChosen: r.r_chosen, rRejected: r.r_rejected, margin: r.margin };
  }
  return summary;
}

export interface PairRow {
  id: number;
  dataset_id: number;
  prompt: string;
  chosen: string;
  rejected: string;
  prompt_messages: string | null;
  tie: number;
  strength: number | null;
  split: Split;
  origin: Origin;
  parent_id: number | null;
  round: number | null;
  model_id: number | null;
  provenance: string | null;
  source_format: string | null;
  source_line: number | null;
  extra: string | null;
  content_hash: string;
  created_at: string;
  review_status: ReviewStatus | null;
}

export function toPair(r: PairRow): Pair {
  return {
    id: r.id,
    datasetId: r.dataset_id,
    prompt: r.prompt,
    chosen: r.chosen,
    rejected: r.rejected,
    promptMessages: fromJson<ChatMessage[]>(r.prompt_messages),
    tie: r.tie === 1,
    strength: r.strength,
    split: r.split,
    origin: r.origin,
    parentId: r.parent_id,
    round: r.round,
    modelId: r.model_id,
    provenance: fromJson<Record<string, unknown>>(r.provenance),
    sourceFormat: r.source_format,
    sourceLine: r.source_line,
    extra: fromJson<Record<string, unknown>>(r.extra),
    contentHash: r.content_hash,
    createdAt: r.created_at,
    reviewStatus: r.review_status,
  };
}
