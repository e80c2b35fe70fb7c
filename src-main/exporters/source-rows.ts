// Rebuilds a pair's source row in its own format's layout (column names, key order, raw flags, message extras), from the pair's current texts.
import type { ChatMessage, ImportFormat, Pair } from '../shared/dto';
import { canonical } from '../importers/formats/aliases';
import { CONVERSATIONAL_KEYS } from '../importers/formats/conversational';
import { HH_KEYS } from '../importers/formats/hh';
import { PKU_KEYS } from '../importers/formats/pku';
import { ultrafeedbackKeys } from '../importers/formats/ultrafeedback';
import { isObject, jsonEqual, parseFlag, parseNumber, parseSplit, type Row } from '../importers/fields';
import { defaultKeyOrder, extraColumns, layoutOf } from '../importers/layout';
import type { FieldRole, SourceLayout } from '../importers/types';

/**
 * Lays values out in the source key order: only keys the source row had are emitted (a flat file
 * without a prompt column gets none back); `added` holds values the source had no column for
 * (a tie set later) and goes last.
 */
function assemble(layout: SourceLayout, known: string[], values: Row, extra: Row, added: Row = {}): Row {
  const all: Row = { ...extra, ...values };
  const order = layout.keys ?? defaultKeyOrder(known, Object.keys(extra));
  const out: Row = {};
  for (const key of order) if (Object.hasOwn(all, key)) out[key] = all[key];
  for (const [key, value] of Object.entries(added)) if (!Object.hasOwn(out, key)) out[key] = value;
  return out;
}

export function hhSourceRow(pair: Pair): Row {
  const values = { chosen: pair.prompt + pair.chosen, rejected: pair.prompt + pair.rejected };
  return assemble(layoutOf(pair.extra), HH_KEYS, values, extraColumns(pair.extra));
}

export function pkuSourceRow(pair: Pair): Row {
  const chosenIndex = layoutOf(pair.extra).chosenIndex ?? 0;
  const values = {
    prompt: pair.prompt,
    [`response_${chosenIndex}`]: pair.chosen,
    [`response_${1 - chosenIndex}`]: pair.rejected,
  };
  return assemble(layoutOf(pair.extra), PKU_KEYS, values, extraColumns(pair.extra));
}

/** Writes a value at a path: into the kept nested container when there is one, else as a top-level column. */
function place(values: Row, extra: Row, path: string, value: unknown): string {
  const [head, ...rest] = path.split('.');
  if (head !== undefined && rest.length > 0 && isObject(extra[head])) {
    const container = (values[head] ?? structuredClone(extra[head])) as Row;
    let node: unknown = container;
    for (const part of rest.slice(0, -1)) node = isObject(node) ? node[part] : undefined;
    const leaf = rest[rest.length - 1];
    if (isObject(node) && leaf !== undefined) node[leaf] = value;
    values[head] = container;
    return head;
  }
  values[path] = value;
  return path;
}

/** A raw flag is re-emitted while the pair still means the same thing, so "yes"/"1"/true survive a round trip. */
function auxValue(role: 'tie' | 'strength' | 'split', raw: unknown, pair: Pair): unknown {
  if (role === 'tie') return parseFlag(raw, role) === pair.tie ? raw : pair.tie;
  if (role === 'strength') return parseNumber(raw, role) === pair.strength ? raw : pair.strength;
  const named = parseSplit(raw);
  return named === null || named === pair.split ? raw : pair.split;
}

export function flatSourceRow(pair: Pair): Row {
  const layout = layoutOf(pair.extra);
  const extra = extraColumns(pair.extra);
  const field = (role: FieldRole): string => layout.fields?.[role] ?? canonical(role);
  const values: Row = {};
  const known: string[] = [];
  const put = (role: FieldRole, value: unknown): void => {
    known.push(place(values, extra, field(role), value));
  };
  if (layout.implicit) {
    known.push(canonical('prompt'));
    put('chosen', pair.prompt + pair.chosen);
    put('rejected', pair.prompt + pair.rejected);
  } else {
    put('prompt', pair.prompt);
    put('chosen', pair.chosen);
    put('rejected', pair.rejected);
  }
  const raw = layout.raw ?? {};
  for (const role of ['tie', 'strength', 'split'] as const) {
    if (Object.hasOwn(raw, role)) put(role, auxValue(role, raw[role], pair));
  }
  const added: Row = {};
  if (!Object.hasOwn(raw, 'tie') && pair.tie) added.tie = true;
  if (!Object.hasOwn(raw, 'strength') && pair.strength !== null) added.margin = pair.strength;
  return assemble(layout, known, values, extra, added);
}

/** Source prompt messages while they still match the pair's, else the pair's own messages. */
function promptList(pair: Pair, layout: SourceLayout): unknown[] {
  const messages: ChatMessage[] = pair.promptMessages ?? [{ role: 'user', content: pair.prompt }];
  const raw = layout.rawPrompt;
  const projected = raw?.map((m) => (isObject(m) ? { role: m.role, content: m.content } : m));
  return raw !== undefined && jsonEqual(projected, messages) ? raw : messages;
}

function reply(template: Row | undefined, content: string): Row {
  return { ...(template ?? { role: 'assistant', content: '' }), content };
}

export function conversationalSourceRow(pair: Pair, format: ImportFormat): Row {
  const layout = layoutOf(pair.extra);
  const extra = extraColumns(pair.extra);
  const prompt = promptList(pair, layout);
  const chosen = reply(layout.chosenMessage, pair.chosen);
  const rejected = reply(layout.rejectedMessage, pair.rejected);
  if (format === 'ultrafeedback') {
    const values: Row = { prompt: pair.prompt, chosen: [...prompt, chosen], rejected: [...prompt, rejected] };
    if (layout.messagesIsChosen) values.messages = values.chosen;
    return assemble(layout, ultrafeedbackKeys(layout.messagesIsChosen === true), values, extra);
  }
  const values: Row = layout.implicit
    ? { chosen: [...prompt, chosen], rejected: [...prompt, rejected] }
    : { prompt: layout.promptString ? pair.prompt : prompt, chosen: [chosen], rejected: [rejected] };
  return assemble(layout, CONVERSATIONAL_KEYS, values, extra);
}
