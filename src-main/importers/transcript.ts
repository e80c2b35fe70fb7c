// HH-style transcripts ("\n\nHuman: …\n\nAssistant: …"): splitting a chosen/rejected pair at its real turn boundary, and converting to and from messages.
import type { ChatMessage } from '../shared/dto';
import { commonPrefixLength } from './fields';
import { RowProblem } from './row-problem';

export const HUMAN = '\n\nHuman:';
export const ASSISTANT = '\n\nAssistant:';

export interface SplitPair {
  prompt: string;
  chosen: string;
  rejected: string;
}

/**
 * The prompt is the common prefix up to and including the last "\n\nAssistant:" inside it.
 * Taking the last marker of the common prefix (not of each transcript) handles responses that
 * themselves contain "\n\nAssistant:". When both remainders still contain a human turn, the
 * conversations diverged before their final turn: that is not a preference over one reply.
 */
export function splitTranscripts(chosen: string, rejected: string): SplitPair {
  const common = commonPrefixLength(chosen, rejected);
  const at = common >= ASSISTANT.length ? chosen.lastIndexOf(ASSISTANT, common - ASSISTANT.length) : -1;
  if (at < 0) {
    throw new RowProblem(
      'prefix-mismatch',
      null,
      'chosen and rejected share no "\\n\\nAssistant:" turn: their prompts differ before the first assistant reply',
    );
  }
  const cut = at + ASSISTANT.length;
  const pair = { prompt: chosen.slice(0, cut), chosen: chosen.slice(cut), rejected: rejected.slice(cut) };
  if (pair.chosen !== pair.rejected && pair.chosen.includes(HUMAN) && pair.rejected.includes(HUMAN)) {
    throw new RowProblem(
      'prefix-mismatch',
      null,
      `chosen and rejected diverge at character ${common}, before their last human turn: the prompts differ`,
    );
  }
  return pair;
}

const TURN = /\n\n(Human|Assistant):/g;

/** Prompt transcript → messages; text before the first turn becomes a system message. */
export function transcriptToMessages(prompt: string): ChatMessage[] {
  const messages: ChatMessage[] = [];
  let role: string = 'system';
  let start = 0;
  const push = (end: number): void => {
    const content = prompt.slice(start, end).trim();
    if (role !== 'system' || content !== '') messages.push({ role, content });
  };
  for (const match of prompt.matchAll(TURN)) {
    push(match.index);
    role = match[1] === 'Human' ? 'user' : 'assistant';
    start = match.index + match[0].length;
  }
  // A trailing "\n\nAssistant:" with nothing after it is the slot the responses fill, not a turn.
  const tail = prompt.slice(start).trim();
  if (!(role === 'assistant' && tail === '')) push(prompt.length);
  return messages;
}

/** Messages → an HH prompt ending in "\n\nAssistant:", ready for " <response>" to follow. */
export function messagesToTranscript(messages: ChatMessage[]): string {
  let out = '';
  for (const m of messages) {
    if (m.role === 'system' && out === '') out += m.content;
    else out += `${m.role === 'assistant' ? ASSISTANT : HUMAN} ${m.content}`;
  }
  return `${out}${ASSISTANT}`;
}

/** A readable prompt for the UI and for training text: a lone user message is shown bare. */
export function renderPromptText(messages: ChatMessage[]): string {
  const only = messages[0];
  if (messages.length === 1 && only !== undefined && only.role === 'user') return only.content;
  return messages
    .map((m) => `${m.role.charAt(0).toUpperCase()}${m.role.slice(1)}: ${m.content}`)
    .join('\n\n');
}
