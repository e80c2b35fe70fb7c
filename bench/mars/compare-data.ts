// Data for bench/mars-compare.ts: the HH train/validation files in a temp folder, and the demo label check that
// reads a finished arm's project read-only.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { demoQuality } from '../../src-main/demo/generate';
import { openProject } from '../../src-main/store/project';

export const HH_SAMPLE = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'shared',
  'data',
  'hh-rlhf',
  'harmless-base-test-sample.jsonl.gz',
);

/** Where the hidden rule puts a pair: chosen better (kept), equal (tied), or rejected better (flipped). */
export interface LabelCount {
  kept: number;
  tied: number;
  flipped: number;
  total: number;
}

/**
 * The first `train` lines and the last `validation` lines of the HH sample, written to two files under `dir` (a
 * temp folder: the sample is never copied into the repository). Returns the paths and the line counts written.
 */
export function writeHHFiles(
  dir: string,
  train: number,
  validation: number,
): { train: string; validation: string; trainLines: number; validationLines: number } {
  if (!existsSync(HH_SAMPLE)) throw new Error(`HH sample not found at ${HH_SAMPLE}`);
  const lines = gunzipSync(readFileSync(HH_SAMPLE))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  if (train + validation > lines.length) {
    throw new Error(`HH sample has ${lines.length} lines, ${train} + ${validation} asked for`);
  }
  const trainRows = lines.slice(0, train);
  const validationRows = lines.slice(lines.length - validation);
  const paths = { train: join(dir, 'hh-train.jsonl'), validation: join(dir, 'hh-validation.jsonl') };
  writeFileSync(paths.train, trainRows.join('\n') + '\n');
  writeFileSync(paths.validation, validationRows.join('\n') + '\n');
  return { ...paths, trainLines: trainRows.length, validationLines: validationRows.length };
}

function add(
  out: Record<string, LabelCount>,
  key: string,
  prompt: string,
  chosen: string,
  rejected: string,
): void {
  const d = demoQuality(prompt, chosen) - demoQuality(prompt, rejected);
  const c = (out[key] ??= { kept: 0, tied: 0, flipped: 0, total: 0 });
  c.total++;
  if (d > 0) c.kept++;
  else if (d === 0) c.tied++;
  else c.flipped++;
}

/**
 * The demo's hidden rule on every pair of a finished arm: augmented pairs per operator they went through (a pair
 * rewritten by two operators counts for both, and once more under their sorted combination), and the originals per split
 * as the sanity baseline (clean demo data: every original should be kept).
 */
export function demoLabelCheck(projectPath: string): Record<string, LabelCount> {
  const db = openProject(projectPath, { create: false, readonly: true });
  const out: Record<string, LabelCount> = {};
  try {
    for (const p of db.pairs.iterate({}, 1000)) {
      if (p.origin !== 'augmented') {
        add(out, `original · ${p.split}`, p.prompt, p.chosen, p.rejected);
        continue;
      }
      const raw = p.provenance?.['operators'];
      const ops = Array.isArray(raw) ? raw.map(String) : [];
      add(out, 'augmented · all', p.prompt, p.chosen, p.rejected);
      for (const op of ops) add(out, `augmented · ${op}`, p.prompt, p.chosen, p.rejected);
      if (ops.length > 1)
        add(out, `augmented · ${[...ops].sort().join('+')}`, p.prompt, p.chosen, p.rejected);
    }
  } finally {
    db.close();
  }
  return out;
}

/** Per round, what the augmented pairs say about their sources: how many, their margins and sampling weights. */
export interface SourceSpread {
  round: number;
  sources: number;
  marginMin: number;
  marginMax: number;
  /** Largest over smallest sampling weight q among funded sources: 1 means the weighting spent like uniform. */
  weightRatio: number;
}

/** Reads the provenance of every augmented pair of a finished arm: does the margin weighting spread the budget? */
export function sourceSpread(projectPath: string): SourceSpread[] {
  const db = openProject(projectPath, { create: false, readonly: true });
  const byRound = new Map<number, Map<number, { margin: number; weight: number }>>();
  try {
    for (const p of db.pairs.iterate({ origin: 'augmented' }, 1000)) {
      const prov = p.provenance ?? {};
      const source = Number(prov['sourcePairId']);
      const round = p.round ?? 0;
      const sources = byRound.get(round) ?? new Map<number, { margin: number; weight: number }>();
      sources.set(source, { margin: Number(prov['margin']), weight: Number(prov['weight']) });
      byRound.set(round, sources);
    }
  } finally {
    db.close();
  }
  return [...byRound]
    .sort((a, b) => a[0] - b[0])
    .map(([round, sources]) => {
      const v = [...sources.values()];
      const margins = v.map((s) => s.margin);
      const weights = v.map((s) => s.weight);
      return {
        round,
        sources: v.length,
        marginMin: Math.min(...margins),
        marginMax: Math.max(...margins),
        weightRatio: Math.max(...weights) / Math.min(...weights),
      };
    });
}
