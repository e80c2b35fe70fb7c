// What every format parser returns, and the message-list reader shared by the conversational formats.
import type { ChatMessage } from '../../shared/dto';
import { describe, isObject, type Row } from '../fields';
import { RowProblem } from '../row-problem';
import type { PairDraft, ParseOptions } from '../types';

/** A format parser's result: a draft without the line and format, which parseRow adds. */
export type FormatResult = Omit<PairDraft, 'line' | 'sourceFormat'>;

export type FormatParser = (row: Row, options: ParseOptions) => FormatResult;

export interface MessageList {
  messages: ChatMessage[];
  raw: Row[];
}

/** Validates a `[{role, content}]` list, naming the first bad element's path. */
export function readMessages(value: unknown, label: string): MessageList {
  if (value === undefined || value === null)
    throw new RowProblem('missing-field', label, `missing field "${label}"`);
  if (!Array.isArray(value)) {
    throw new RowProblem(
      'wrong-type',
      label,
      `field "${label}" must be a list of messages, got ${describe(value)}`,
    );
  }
  const messages: ChatMessage[] = [];
  value.forEach((item: unknown, i) => {
    const at = `${label}[${i}]`;
    if (!isObject(item))
      throw new RowProblem(
        'wrong-type',
        at,
        `"${at}" must be a {role, content} object, got ${describe(item)}`,
      );
    for (const key of ['role', 'content'] as const) {
      if (typeof item[key] !== 'string') {
        throw new RowProblem(
          'wrong-type',
          `${at}.${key}`,
          `"${at}.${key}" must be a string, got ${describe(item[key])}`,
        );
      }
    }
    messages.push({ role: item.role as string, content: item.content as string });
  });
  return { messages, raw: value as Row[] };
}

/** True when messages carry nothing beyond `{role, content}` in that order, so they rebuild from promptMessages. */
export function plainMessages(raw: Row[]): boolean {
  return raw.every((m) => {
    const keys = Object.keys(m);
    return keys.length === 2 && keys[0] === 'role' && keys[1] === 'content';
  });
}

/** A response message needs a template only when it is not a plain assistant message. */
export function responseTemplate(raw: Row): Row | undefined {
  return plainMessages([raw]) && raw.role === 'assistant' ? undefined : raw;
}
