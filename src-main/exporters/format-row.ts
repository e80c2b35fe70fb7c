// One pair → one JSON line in an export shape: the source row rebuilt when the shape is its format's own, a canonical row otherwise.
import type { ExportShape, ImportFormat, Pair } from '../shared/dto';
import { extraColumns } from '../importers/layout';
import { ASSISTANT, HUMAN, messagesToTranscript } from '../importers/transcript';
import type { Row } from '../importers/fields';
import { conversationalSourceRow, flatSourceRow, hhSourceRow, pkuSourceRow } from './source-rows';

/** The export shape that reproduces rows of each import format. */
export const NATURAL_SHAPE: Record<ImportFormat, ExportShape> = {
  hh: 'hh',
  flat: 'flat',
  'trl-standard': 'flat',
  pku: 'flat',
  'trl-conversational': 'trl-conversational',
  ultrafeedback: 'trl-conversational',
};

function isImportFormat(value: string | null): value is ImportFormat {
  return value !== null && Object.hasOwn(NATURAL_SHAPE, value);
}

export function formatExportRow(shape: ExportShape, pair: Pair): string {
  return JSON.stringify(exportObject(shape, pair));
}

export function exportObject(shape: ExportShape, pair: Pair): Row {
  const format = pair.sourceFormat;
  if (isImportFormat(format) && NATURAL_SHAPE[format] === shape) return sourceRow(format, pair);
  if (shape === 'hh')
    return withExtra(
      { chosen: hhPrompt(pair) + hhReply(pair.chosen), rejected: hhPrompt(pair) + hhReply(pair.rejected) },
      pair,
    );
  if (shape === 'trl-conversational') {
    return withExtra(
      {
        prompt: pair.promptMessages ?? [{ role: 'user', content: pair.prompt }],
        chosen: [{ role: 'assistant', content: pair.chosen }],
        rejected: [{ role: 'assistant', content: pair.rejected }],
      },
      pair,
    );
  }
  const flat: Row = { prompt: pair.prompt, chosen: pair.chosen, rejected: pair.rejected };
  if (pair.tie) flat.tie = true;
  if (pair.strength !== null) flat.margin = pair.strength;
  flat.split = pair.split;
  return withExtra(flat, pair);
}

function sourceRow(format: ImportFormat, pair: Pair): Row {
  if (format === 'hh') return hhSourceRow(pair);
  if (format === 'pku') return pkuSourceRow(pair);
  if (format === 'trl-conversational' || format === 'ultrafeedback')
    return conversationalSourceRow(pair, format);
  return flatSourceRow(pair);
}

/** Unknown source columns follow the canonical ones; a canonical key always wins a name clash. */
function withExtra(row: Row, pair: Pair): Row {
  for (const [key, value] of Object.entries(extraColumns(pair.extra)))
    if (!Object.hasOwn(row, key)) row[key] = value;
  return row;
}

function hhPrompt(pair: Pair): string {
  if (pair.promptMessages !== null && pair.promptMessages.length > 0)
    return messagesToTranscript(pair.promptMessages);
  if (pair.prompt.startsWith(HUMAN) && pair.prompt.endsWith(ASSISTANT)) return pair.prompt;
  return messagesToTranscript([{ role: 'user', content: pair.prompt }]);
}

/** HH responses follow "Assistant:" after one space. */
function hhReply(text: string): string {
  return text.startsWith(' ') ? text : ` ${text}`;
}
