// The importers' public surface: streaming parsers that turn source rows into pair drafts or row issues.
import type { ChatMessage, ColumnMapping, ImportFormat, PkuPreference, Split } from '../shared/dto';

/** One parsed, valid pair before it is stored. */
export interface PairDraft {
  line: number;
  prompt: string;
  chosen: string;
  rejected: string;
  promptMessages: ChatMessage[] | null;
  tie: boolean;
  strength: number | null;
  /** Split named by the source row, if any. */
  split: Split | null;
  /** Source columns the format does not use, kept for round-trip export. */
  extra: Record<string, unknown> | null;
}

/** One rejected row: file, line, field and reason, as the UI and CLI show it. */
export interface RowIssue {
  file: string;
  line: number;
  field: string | null;
  kind: 'error' | 'duplicate';
  /** Machine-readable reason, e.g. `malformed-json`, `missing-field`, `empty-response`, `identical-responses`, `prefix-mismatch`, `duplicate`. */
  reason: string;
  message: string;
  excerpt: string;
}

export interface ParseOptions {
  format: ImportFormat;
  mapping?: ColumnMapping;
  pkuPreference: PkuPreference;
}

export type ParsedRow = { ok: true; pair: PairDraft } | { ok: false; issue: RowIssue };
