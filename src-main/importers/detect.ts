// Guesses a file's import format from its first rows (structure first, file name as a tie-breaker).
import { basename } from 'node:path';
import type { ImportFormat } from '../shared/dto';
import { getPath, isObject, type Row } from './fields';
import { findAlias } from './formats/aliases';
import { ASSISTANT, HUMAN } from './transcript';

export interface Detection {
  format: ImportFormat;
  /** False when rows disagree, none could be classified, or only the file name hinted: the UI should ask. */
  confident: boolean;
  /** Top-level field names seen in the sample, in first-seen order (for the mapping UI). */
  fields: string[];
}

const NAME_HINTS: [RegExp, ImportFormat][] = [
  [/ultrafeedback/i, 'ultrafeedback'],
  [/pku|saferlhf|beavertails/i, 'pku'],
  [/hh[-_]?rlhf|harmless|helpful/i, 'hh'],
];

/** The format one row looks like, or null when nothing fits. */
export function classifyRow(row: unknown): ImportFormat | null {
  if (!isObject(row)) return null;
  const has = (key: string): boolean => Object.hasOwn(row, key);
  if (has('response_0') && has('response_1')) return 'pku';
  if (Array.isArray(row.chosen) && Array.isArray(row.rejected)) {
    return has('score_chosen') || has('score_rejected') || has('prompt_id')
      ? 'ultrafeedback'
      : 'trl-conversational';
  }
  const chosenKey = findAlias(row, 'chosen');
  const rejectedKey = findAlias(row, 'rejected');
  if (chosenKey === undefined || rejectedKey === undefined) return null;
  const chosen = getPath(row, chosenKey);
  const rejected = getPath(row, rejectedKey);
  if (typeof chosen !== 'string' || typeof rejected !== 'string') return null;
  if (findAlias(row, 'prompt') !== undefined) return 'flat';
  return looksLikeTranscript(chosen) && looksLikeTranscript(rejected) ? 'hh' : 'trl-standard';
}

function looksLikeTranscript(text: string): boolean {
  return text.includes(HUMAN) && text.includes(ASSISTANT);
}

export function detectFormat(sampleObjects: unknown[], fileName: string): Detection {
  const fields = fieldNames(sampleObjects);
  const votes = new Map<ImportFormat, number>();
  let unclassified = 0;
  for (const row of sampleObjects) {
    const format = classifyRow(row);
    if (format === null) unclassified++;
    else votes.set(format, (votes.get(format) ?? 0) + 1);
  }
  const hint = NAME_HINTS.find(([pattern]) => pattern.test(basename(fileName)))?.[1];
  const ranked = [...votes.entries()].sort(
    (a, b) => b[1] - a[1] || (a[0] === hint ? -1 : b[0] === hint ? 1 : 0),
  );
  const best = ranked[0];
  if (best === undefined) return { format: hint ?? 'flat', confident: false, fields };
  const confident = ranked.length === 1 && unclassified === 0;
  return { format: best[0], confident, fields };
}

function fieldNames(rows: unknown[]): string[] {
  const names = new Set<string>();
  for (const row of rows) if (isObject(row)) for (const key of Object.keys(row as Row)) names.add(key);
  return [...names];
}
