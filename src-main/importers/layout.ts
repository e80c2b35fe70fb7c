// Builds a row's `extra` (unknown columns) and, when the row deviates from its format's default, its SourceLayout.
import { isObject, type Row } from './fields';
import { LAYOUT_KEY, type SourceLayout } from './types';

/**
 * Splits a source row into the columns a format consumed and the rest.
 * `known` lists the top-level keys the format consumes, in its canonical order, whether or not the
 * row has them all; the source key order is recorded only when it differs from "known keys, then
 * extra keys in source order", so the exporter can rebuild it from the same rule.
 */
export function splitColumns(row: Row, known: string[]): { extra: Row; keys: string[] | undefined } {
  const knownSet = new Set(known);
  const extra: Row = {};
  for (const key of Object.keys(row)) if (!knownSet.has(key)) extra[key] = row[key];
  const sourceKeys = Object.keys(row);
  const defaultKeys = defaultKeyOrder(known, Object.keys(extra));
  const same = sourceKeys.length === defaultKeys.length && sourceKeys.every((k, i) => k === defaultKeys[i]);
  return { extra, keys: same ? undefined : sourceKeys };
}

export function defaultKeyOrder(known: string[], extraKeys: string[]): string[] {
  return [...new Set([...known, ...extraKeys])];
}

/**
 * Keeps the rest of a nested container whose leaf a mapping consumed: the leaf becomes null so the
 * container's own key order survives, and the exporter writes the pair's value back into it.
 */
export function keepContainer(row: Row, extra: Row, path: string): void {
  const [head, ...rest] = path.split('.');
  if (head === undefined || rest.length === 0 || Object.hasOwn(row, path)) return;
  // Several roles may share one container (`a.prompt`, `a.chosen`): clone it once.
  const clone: unknown = Object.hasOwn(extra, head) ? extra[head] : structuredClone(row[head]);
  let node: unknown = clone;
  for (const part of rest.slice(0, -1)) node = isObject(node) ? node[part] : undefined;
  const leaf = rest[rest.length - 1];
  if (isObject(node) && leaf !== undefined) node[leaf] = null;
  extra[head] = clone;
}

/** Attaches the layout only when it says something, and returns null for an empty extra. */
export function finishExtra(extra: Row, layout: SourceLayout): Row | null {
  const members = Object.entries(layout).filter(([, v]) => v !== undefined);
  if (members.length > 0) extra[LAYOUT_KEY] = Object.fromEntries(members);
  return Object.keys(extra).length > 0 ? extra : null;
}

/** The layout stored with a pair, if any (the exporter's view of `extra`). */
export function layoutOf(extra: Record<string, unknown> | null): SourceLayout {
  const value = extra?.[LAYOUT_KEY];
  return isObject(value) ? (value as SourceLayout) : {};
}

/** The pair's unknown source columns, without the reserved layout key. */
export function extraColumns(extra: Record<string, unknown> | null): Row {
  if (extra === null) return {};
  const out: Row = {};
  for (const [k, v] of Object.entries(extra)) if (k !== LAYOUT_KEY) out[k] = v;
  return out;
}
