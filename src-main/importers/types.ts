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
  /**
   * Source columns the format does not use, kept for round-trip export. When the source row's
   * layout differs from the format's default (key order, column names, raw flag values, message
   * extras), a `SourceLayout` rides along under the reserved key `LAYOUT_KEY`.
   */
  extra: Record<string, unknown> | null;
  /** The format the row was parsed as; store it as the pair's `sourceFormat` so exports can rebuild the row. */
  sourceFormat: ImportFormat;
}

/** One rejected row: file, line, field and reason, as the UI and CLI show it. */
export interface RowIssue {
  file: string;
  line: number;
  field: string | null;
  kind: 'error' | 'duplicate';
  /** Machine-readable reason, e.g. `malformed-json`, `missing-field`, `empty-response`, `identical-responses`, `prefix-mismatch`, `duplicate`. */
  reason: RowIssueReason;
  message: string;
  excerpt: string;
}

export type RowIssueReason =
  | 'malformed-json'
  | 'malformed-csv'
  | 'not-an-object'
  | 'missing-field'
  | 'wrong-type'
  | 'empty-response'
  | 'identical-responses'
  | 'prefix-mismatch'
  | 'duplicate'
  | 'invalid-utf8';

export interface ParseOptions {
  format: ImportFormat;
  mapping?: ColumnMapping;
  pkuPreference: PkuPreference;
}

export type ParsedRow = { ok: true; pair: PairDraft } | { ok: false; issue: RowIssue };

/**
 * One record read from a source file. JSON sources give the raw `text` (parsed later, so a
 * malformed line becomes a row issue); CSV/TSV sources give the decoded `value` as well.
 */
export interface SourceRecord {
  /** 1-based line where the record starts. */
  line: number;
  text: string;
  value?: Record<string, unknown>;
  /** Set when the record could not be decoded at all (a CSV quoting error): the parser's message. */
  error?: string;
  /** Set when the record's bytes are not valid UTF-8 (its text shows them as U+FFFD). */
  invalidUtf8?: true;
}

/** How the bytes of a source file are laid out; chosen from the file name, `.gz` stripped. */
export type SourceKind = 'jsonl' | 'json' | 'csv' | 'tsv';

export interface ReadOptions {
  signal?: AbortSignal;
  /** Called as the file is read: bytes of the file on disk (compressed bytes for gzip), and its size. */
  onBytes?: (bytesRead: number, totalBytes: number) => void;
  /** Overrides the kind taken from the file name. */
  kind?: SourceKind;
}

/** Reserved key in `PairDraft.extra` / `Pair.extra` holding the `SourceLayout`. */
export const LAYOUT_KEY = '$source';

/** Roles a source column can play. `strength` covers margin/score-difference columns. */
export type FieldRole = 'prompt' | 'chosen' | 'rejected' | 'tie' | 'strength' | 'split';

/**
 * What an exporter needs, beyond the pair and its extra columns, to rebuild the source row exactly.
 * Every member is omitted when it equals the format's default, so common rows carry no layout.
 */
export interface SourceLayout {
  /** Top-level key order of the source row. */
  keys?: string[];
  /** Source field (path) per role, where it is not the canonical name. */
  fields?: Partial<Record<FieldRole, string>>;
  /** Raw source values of the tie/strength/split columns, re-emitted while the pair still agrees with them. */
  raw?: Partial<Record<'tie' | 'strength' | 'split', unknown>>;
  /** trl-standard/trl-conversational rows whose prompt was implicit (shared prefix of chosen and rejected). */
  implicit?: true;
  /** pku: which of response_0/response_1 became `chosen`. */
  chosenIndex?: 0 | 1;
  /** trl-conversational: the prompt was a plain string, not a message list. */
  promptString?: true;
  /** Conversational prompt messages as in the source, when they carry more than role and content. */
  rawPrompt?: unknown[];
  /** Conversational response messages as in the source (content replaced on export), when not plain assistant messages. */
  chosenMessage?: Record<string, unknown>;
  rejectedMessage?: Record<string, unknown>;
  /** ultrafeedback: the `messages` column equalled `chosen`, so it is rebuilt from it. */
  messagesIsChosen?: true;
}
