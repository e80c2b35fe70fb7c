// UltraFeedback-binarized rows: full chosen/rejected conversations plus scores; the pair is the last assistant reply, strength the score gap.
import { jsonEqual, parseNumber, type Row } from '../fields';
import { finishExtra, splitColumns } from '../layout';
import { RowProblem } from '../row-problem';
import { renderPromptText } from '../transcript';
import type { SourceLayout } from '../types';
import { plainMessages, readMessages, responseTemplate, type FormatResult, type MessageList } from './common';

export function ultrafeedbackKeys(messagesIsChosen: boolean): string[] {
  return messagesIsChosen ? ['prompt', 'chosen', 'rejected', 'messages'] : ['prompt', 'chosen', 'rejected'];
}

function lastReply(list: MessageList, label: string): number {
  const last = list.messages.length - 1;
  if (last < 0 || list.messages[last]?.role !== 'assistant') {
    throw new RowProblem('wrong-type', label, `field "${label}" must end with an assistant message`);
  }
  return last;
}

export function parseUltrafeedback(row: Row): FormatResult {
  const chosen = readMessages(row.chosen, 'chosen');
  const rejected = readMessages(row.rejected, 'rejected');
  const c = lastReply(chosen, 'chosen');
  const r = lastReply(rejected, 'rejected');
  const promptRaw = chosen.raw.slice(0, c);
  if (!jsonEqual(promptRaw, rejected.raw.slice(0, r))) {
    throw new RowProblem(
      'prefix-mismatch',
      null,
      'chosen and rejected conversations differ before their last assistant message',
    );
  }
  if (row.prompt !== undefined && typeof row.prompt !== 'string') {
    throw new RowProblem('wrong-type', 'prompt', 'field "prompt" must be a string');
  }
  const promptMessages = chosen.messages.slice(0, c);
  // Scores stay in extra as source columns; strength and tie are derived from them.
  const scoreChosen = parseNumber(row.score_chosen, 'score_chosen');
  const scoreRejected = parseNumber(row.score_rejected, 'score_rejected');
  const strength = scoreChosen !== null && scoreRejected !== null ? scoreChosen - scoreRejected : null;
  const messagesIsChosen = Object.hasOwn(row, 'messages') && jsonEqual(row.messages, row.chosen);
  const { extra, keys } = splitColumns(row, ultrafeedbackKeys(messagesIsChosen));
  const layout: SourceLayout = {
    keys,
    rawPrompt: plainMessages(promptRaw) ? undefined : promptRaw,
    chosenMessage: responseTemplate(chosen.raw[c] ?? {}),
    rejectedMessage: responseTemplate(rejected.raw[r] ?? {}),
    messagesIsChosen: messagesIsChosen ? true : undefined,
  };
  return {
    prompt: typeof row.prompt === 'string' ? row.prompt : renderPromptText(promptMessages),
    chosen: chosen.messages[c]?.content ?? '',
    rejected: rejected.messages[r]?.content ?? '',
    promptMessages,
    tie: strength === 0,
    strength,
    split: null,
    extra: finishExtra(extra, layout),
  };
}
