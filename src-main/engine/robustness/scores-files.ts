// The documented files for measuring an external model: the perturbed pairs written out per family as JSONL with
// ids, and the per-pair scores read back (docs/robustness.md, "Your own models"). Pure text in, text out.
import type { FamilySet, HeldOutPair } from './perturb';
import type { FamilyName } from './types';

export const MANIFEST_FILE = 'manifest.json';
export const HELD_OUT = 'held-out';
export const MANIFEST_FORMAT = 'prefstudio-robustness-perturbed';

/** One exported part: the unperturbed held-out pairs or one family's perturbed pairs. */
export type PartName = typeof HELD_OUT | FamilyName;

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  version: 1;
  /** The suite seed the perturbations were made with: the run that reads the scores must use the same one. */
  seed: number;
  /** Parts written, each with its pair count. */
  parts: Array<{ name: PartName; pairs: number; file: string; scoresFile: string }>;
}

export const pairsFile = (part: PartName): string => `${part}.jsonl`;
export const scoresFile = (part: PartName): string => `${part}.scores.jsonl`;
/** A line's id: the part and the held-out pair it was made from, e.g. `typos/412`. */
export const lineId = (part: PartName, pairId: number): string => `${part}/${pairId}`;

/** The files to write: held-out pairs first, then each family's perturbed pairs, one JSON object a line. */
export function exportParts(held: readonly HeldOutPair[], sets: readonly FamilySet[], seed: number): { manifest: Manifest; files: Map<string, string> } {
  const files = new Map<string, string>();
  const parts: Manifest['parts'] = [];
  const add = (name: PartName, rows: Array<{ pairId: number; prompt: string; chosen: string; rejected: string }>) => {
    const text = rows.map((r) => JSON.stringify({ id: lineId(name, r.pairId), pairId: r.pairId, prompt: r.prompt, chosen: r.chosen, rejected: r.rejected })).join('\n');
    files.set(pairsFile(name), rows.length > 0 ? text + '\n' : '');
    parts.push({ name, pairs: rows.length, file: pairsFile(name), scoresFile: scoresFile(name) });
  };
  add(HELD_OUT, held.map((p) => ({ pairId: p.id, prompt: p.prompt, chosen: p.chosen, rejected: p.rejected })));
  for (const s of sets) add(s.family, s.pairs);
  const manifest: Manifest = { format: MANIFEST_FORMAT, version: 1, seed, parts };
  files.set(MANIFEST_FILE, JSON.stringify(manifest, null, 2) + '\n');
  return { manifest, files };
}

/** A malformed scores or manifest file: names the file, the 1-based line (0: the whole file) and the field. */
export class ScoresFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}${line > 0 ? `, line ${line}` : ''}${field ? `, field "${field}"` : ''}: ${problem}`);
  }
}

/** Reads a manifest written by exportParts; the seed is what matters to the reader. */
export function parseManifest(text: string, file: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ScoresFileError(file, 0, '', 'not valid JSON');
  }
  const m = raw as Partial<Manifest> | null;
  if (m === null || typeof m !== 'object' || m.format !== MANIFEST_FORMAT) {
    throw new ScoresFileError(file, 0, 'format', `expected "${MANIFEST_FORMAT}" (a folder written by --export-perturbed)`);
  }
  if (!Number.isInteger(m.seed)) throw new ScoresFileError(file, 0, 'seed', 'expected an integer');
  if (!Array.isArray(m.parts)) throw new ScoresFileError(file, 0, 'parts', 'expected a list');
  return m as Manifest;
}

/**
 * Margins r(chosen) − r(rejected) by pair id from a scores file: one JSON object a line with `id` (as exported),
 * `chosen` and `rejected` (the external model's rewards, finite numbers). Every expected id must appear exactly
 * once and no other: a partial or stale file is an error, not a quietly smaller sample.
 */
export function parseScores(text: string, file: string, part: PartName, expected: ReadonlySet<number>): Map<number, number> {
  const out = new Map<number, number>();
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let row: unknown;
    try {
      row = JSON.parse(raw);
    } catch {
      throw new ScoresFileError(file, line, '', 'not valid JSON');
    }
    if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new ScoresFileError(file, line, '', 'expected a JSON object');
    const r = row as Record<string, unknown>;
    if (typeof r.id !== 'string') throw new ScoresFileError(file, line, 'id', 'expected a string like ' + JSON.stringify(lineId(part, 1)));
    const match = /^([a-z-]+)\/(\d+)$/.exec(r.id);
    const pairId = match && match[1] === part ? Number(match[2]) : Number.NaN;
    if (!expected.has(pairId)) throw new ScoresFileError(file, line, 'id', `${JSON.stringify(r.id)} is not a pair of ${pairsFile(part)} (re-export if the held-out pairs changed)`);
    if (out.has(pairId)) throw new ScoresFileError(file, line, 'id', `${JSON.stringify(r.id)} is scored twice`);
    for (const field of ['chosen', 'rejected'] as const) {
      if (typeof r[field] !== 'number' || !Number.isFinite(r[field])) throw new ScoresFileError(file, line, field, 'expected a finite number (the reward)');
    }
    out.set(pairId, (r.chosen as number) - (r.rejected as number));
  });
  const missing = [...expected].filter((id) => !out.has(id));
  if (missing.length > 0) {
    throw new ScoresFileError(file, 0, 'id', `${missing.length} of ${expected.size} pairs have no score, e.g. ${JSON.stringify(lineId(part, missing[0]!))}`);
  }
  return out;
}
