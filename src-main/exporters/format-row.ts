// One pair → one JSON line in an export shape: the source row rebuilt when the shape is its format's own, a canonical row otherwise.
import { createHash } from 'node:crypto';
import type { ChatMessage, ExportShape, ImportFormat, Pair } from '../shared/dto';
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
  // A shape named like the pair's own format (pku → pku) also gives the source row back.
  if (isImportFormat(format) && (NATURAL_SHAPE[format] === shape || format === shape)) return sourceRow(format, pair);
  const other = ecosystemRow(shape, pair);
  if (other !== null) return other;
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

function promptMessages(pair: Pair): ChatMessage[] {
  return pair.promptMessages ?? [{ role: 'user', content: pair.prompt }];
}

/** The shapes other tools publish their data in, canonical fields only (TRL, UltraFeedback, PKU-SafeRLHF). */
function ecosystemRow(shape: ExportShape, pair: Pair): Row | null {
  const reply = (content: string): ChatMessage => ({ role: 'assistant', content });
  switch (shape) {
    case 'trl-standard':
      return { prompt: pair.prompt, chosen: pair.chosen, rejected: pair.rejected };
    case 'trl-implicit':
      return {
        chosen: [...promptMessages(pair), reply(pair.chosen)],
        rejected: [...promptMessages(pair), reply(pair.rejected)],
      };
    case 'ultrafeedback': {
      const messages = promptMessages(pair);
      const chosen = [...messages, reply(pair.chosen)];
      const row: Row = {
        prompt: messages.find((m) => m.role === 'user')?.content ?? pair.prompt,
        prompt_id: createHash('sha256').update(pair.prompt).digest('hex'),
        chosen,
        rejected: [...messages, reply(pair.rejected)],
        messages: chosen,
      };
      // The importer reads strength as score_chosen − score_rejected; a pair's strength survives as that gap.
      if (pair.strength !== null) Object.assign(row, { score_chosen: pair.strength, score_rejected: 0 });
      return row;
    }
    case 'pku':
      // Response 0 is the chosen one under both criteria, so either --pku-preference reads the same pair.
      return { prompt: pair.prompt, response_0: pair.chosen, response_1: pair.rejected, better_response_id: 0, safer_response_id: 0 };
    default:
      return null;
  }
}
