// TRL conversational rows: message lists with an explicit prompt, or full conversations sharing their leading messages (implicit prompt).
import { jsonEqual, type Row } from '../fields';
import { finishExtra, splitColumns } from '../layout';
import { RowProblem } from '../row-problem';
import { renderPromptText } from '../transcript';
import type { SourceLayout } from '../types';
import { plainMessages, readMessages, responseTemplate, type FormatResult, type MessageList } from './common';

export const CONVERSATIONAL_KEYS = ['prompt', 'chosen', 'rejected'];

export function parseConversational(row: Row): FormatResult {
  const chosenList = readMessages(row.chosen, 'chosen');
  const rejectedList = readMessages(row.rejected, 'rejected');
  const layout: SourceLayout = {};
  let prompt: MessageList;
  let chosen: MessageList;
  let rejected: MessageList;
  if (row.prompt === undefined || row.prompt === null) {
    ({ prompt, chosen, rejected } = splitImplicitMessages(chosenList, rejectedList));
    layout.implicit = true;
  } else {
    if (typeof row.prompt === 'string') {
      prompt = {
        messages: [{ role: 'user', content: row.prompt }],
        raw: [{ role: 'user', content: row.prompt }],
      };
      layout.promptString = true;
    } else {
      prompt = readMessages(row.prompt, 'prompt');
    }
    chosen = single(chosenList, 'chosen');
    rejected = single(rejectedList, 'rejected');
  }
  const chosenRaw = chosen.raw[0] ?? {};
  const rejectedRaw = rejected.raw[0] ?? {};
  if (!plainMessages(prompt.raw)) layout.rawPrompt = prompt.raw;
  layout.chosenMessage = responseTemplate(chosenRaw);
  layout.rejectedMessage = responseTemplate(rejectedRaw);
  const { extra, keys } = splitColumns(row, CONVERSATIONAL_KEYS);
  layout.keys = keys;
  return {
    prompt: renderPromptText(prompt.messages),
    chosen: chosen.messages[0]?.content ?? '',
    rejected: rejected.messages[0]?.content ?? '',
    promptMessages: prompt.messages,
    tie: false,
    strength: null,
    split: null,
    extra: finishExtra(extra, layout),
  };
}

function single(list: MessageList, label: string): MessageList {
  if (list.messages.length !== 1) {
    throw new RowProblem(
      'wrong-type',
      label,
      `field "${label}" must hold exactly one response message, got ${list.messages.length}`,
    );
  }
  return list;
}

/** TRL's implicit prompt for conversations: every message but the last must be shared. */
function splitImplicitMessages(
  chosen: MessageList,
  rejected: MessageList,
): Record<'prompt' | 'chosen' | 'rejected', MessageList> {
  if (jsonEqual(chosen.raw, rejected.raw)) {
    throw new RowProblem('identical-responses', null, 'chosen and rejected conversations are identical');
  }
  let shared = 0;
  while (
    shared < chosen.raw.length &&
    shared < rejected.raw.length &&
    jsonEqual(chosen.raw[shared], rejected.raw[shared])
  )
    shared++;
  if (shared === 0 || chosen.raw.length !== shared + 1 || rejected.raw.length !== shared + 1) {
    throw new RowProblem(
      'prefix-mismatch',
      null,
      `chosen (${chosen.raw.length} messages) and rejected (${rejected.raw.length}) must share every message but the last; they share ${shared}`,
    );
  }
  const part = (list: MessageList, from: number, to?: number): MessageList => ({
    messages: list.messages.slice(from, to),
    raw: list.raw.slice(from, to),
  });
  return { prompt: part(chosen, 0, shared), chosen: part(chosen, shared), rejected: part(rejected, shared) };
}
