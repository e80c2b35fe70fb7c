// One source row → a validated pair draft or a row issue; never throws for bad data.
import { isObject, describe, type Row } from './fields';
import type { FormatParser } from './formats/common';
import { parseConversational } from './formats/conversational';
import { parseFlat } from './formats/flat';
import { parseHH } from './formats/hh';
import { parsePku } from './formats/pku';
import { parseUltrafeedback } from './formats/ultrafeedback';
import { RowProblem, makeIssue } from './row-problem';
import type { ImportFormat } from '../shared/dto';
import type { ParseOptions, ParsedRow, SourceRecord } from './types';

const PARSERS: Record<ImportFormat, FormatParser> = {
  hh: (row) => parseHH(row),
  flat: (row, options) => parseFlat(row, options.mapping, false),
  'trl-standard': (row, options) => parseFlat(row, options.mapping, true),
  'trl-conversational': (row) => parseConversational(row),
  ultrafeedback: (row) => parseUltrafeedback(row),
  pku: (row, options) => parsePku(row, options.pkuPreference),
};

const VISIBLE = /\S/;

/** Validates one decoded row. `text` is the source text for the issue excerpt (defaults to the JSON of `obj`). */
export function parseRow(
  obj: unknown,
  line: number,
  file: string,
  options: ParseOptions,
  text?: string,
): ParsedRow {
  const source = text ?? safeJson(obj);
  if (!isObject(obj)) {
    return {
      ok: false,
      issue: makeIssue(
        file,
        line,
        'not-an-object',
        null,
        `expected a JSON object, got ${describe(obj)}`,
        source,
      ),
    };
  }
  try {
    const result = PARSERS[options.format](obj as Row, options);
    for (const side of ['chosen', 'rejected'] as const) {
      if (!VISIBLE.test(result[side]))
        throw new RowProblem('empty-response', side, `the ${side} response is empty`);
    }
    if (result.chosen === result.rejected) {
      throw new RowProblem('identical-responses', null, 'chosen and rejected responses are identical');
    }
    return { ok: true, pair: { ...result, line, sourceFormat: options.format } };
  } catch (err) {
    if (!(err instanceof RowProblem)) throw err;
    return { ok: false, issue: makeIssue(file, line, err.reason, err.field, err.message, source) };
  }
}

/** The line-level wrapper: decodes a record's JSON (or takes CSV's decoded value) and parses it. */
export function parseRecord(record: SourceRecord, file: string, options: ParseOptions): ParsedRow {
  if (record.error !== undefined) {
    return {
      ok: false,
      issue: makeIssue(file, record.line, 'malformed-csv', null, record.error, record.text),
    };
  }
  if (record.value !== undefined) {
    if (record.invalidUtf8) return invalidUtf8(record, record.value, file);
    return parseRow(record.value, record.line, file, options, record.text);
  }
  let value: unknown;
  try {
    value = JSON.parse(record.text);
  } catch (err) {
    if (record.invalidUtf8) return invalidUtf8(record, undefined, file);
    const detail = `malformed JSON: ${(err as Error).message}`;
    return { ok: false, issue: makeIssue(file, record.line, 'malformed-json', null, detail, record.text) };
  }
  if (record.invalidUtf8) return invalidUtf8(record, value, file);
  return parseRow(value, record.line, file, options, record.text);
}

/**
 * A row with bytes that are not UTF-8 is rejected rather than stored with U+FFFD in place of the bytes: the
 * text would differ from the source without a trace. The issue names the first field holding a replacement.
 */
function invalidUtf8(record: SourceRecord, value: unknown, file: string): ParsedRow {
  const field = replacedField(value, '');
  const where = field === null ? 'the row' : 'this field';
  const detail = `invalid UTF-8 bytes in ${where} (re-encode the file as UTF-8)`;
  return { ok: false, issue: makeIssue(file, record.line, 'invalid-utf8', field, detail, record.text) };
}

/** Dotted path of the first string (depth first) holding U+FFFD, e.g. `chosen` or `messages.2.content`. */
function replacedField(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\uFFFD') ? path : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = replacedField(inner, path === '' ? key : `${path}.${key}`);
    if (found !== null) return found;
  }
  return null;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
