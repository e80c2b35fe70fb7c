// Row-level failures: format parsers throw RowProblem; parseRow turns it into a RowIssue naming file, line and field.
import type { RowIssue, RowIssueReason } from './types';

const EXCERPT_CHARS = 200;

/** Thrown inside a format parser when one row cannot become a pair; never escapes parseRow. */
export class RowProblem extends Error {
  readonly reason: RowIssueReason;
  readonly field: string | null;

  constructor(reason: RowIssueReason, field: string | null, message: string) {
    super(message);
    this.name = 'RowProblem';
    this.reason = reason;
    this.field = field;
  }
}

/** The first characters of a row, single-line, so an issue list stays readable. */
export function excerptOf(text: string): string {
  const flat = text.length > EXCERPT_CHARS * 2 ? text.slice(0, EXCERPT_CHARS * 2) : text;
  const oneLine = flat.replace(/\s+/g, ' ').trim();
  return oneLine.length > EXCERPT_CHARS ? `${oneLine.slice(0, EXCERPT_CHARS)}…` : oneLine;
}

export function makeIssue(
  file: string,
  line: number,
  reason: RowIssueReason,
  field: string | null,
  detail: string,
  rowText: string,
): RowIssue {
  const where = field === null ? `${file}:${line}` : `${file}:${line}, field "${field}"`;
  return {
    file,
    line,
    field,
    kind: reason === 'duplicate' ? 'duplicate' : 'error',
    reason,
    message: `${where}: ${detail}`,
    excerpt: excerptOf(rowText),
  };
}
