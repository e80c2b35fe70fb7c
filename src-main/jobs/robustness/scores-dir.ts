// Scores-file folders of external models: writing the perturbed pairs out, reading the per-pair scores back as margins.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FamilySet, HeldOutPair } from '../../engine/robustness/perturb';
import type { ModelMargins } from '../../engine/robustness/report';
import {
  exportParts,
  HELD_OUT,
  MANIFEST_FILE,
  parseManifest,
  parseScores,
  scoresFile,
  ScoresFileError,
  type Manifest,
} from '../../engine/robustness/scores-files';
import { ErrorCode, StudioError } from '../../shared/errors';

/** New perturbations under old scores would be measured against texts the model never saw: such a folder is refused. */
export function refuseScoredFolder(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.scores.jsonl'))) {
    throw new StudioError(ErrorCode.TargetExists, `${dir} already holds scores files: export to a new folder`, { field: 'dir' });
  }
}

/** Writes the manifest, the held-out pairs and each family's perturbed pairs (never over scores files). */
export function writePerturbed(dir: string, held: readonly HeldOutPair[], sets: readonly FamilySet[], seed: number): Manifest {
  refuseScoredFolder(dir);
  mkdirSync(dir, { recursive: true });
  const { manifest, files } = exportParts(held, sets, seed);
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  return manifest;
}

function invalid(err: ScoresFileError): StudioError {
  return new StudioError(ErrorCode.InvalidRequest, err.message, { file: err.file, line: err.line, field: err.field });
}

/**
 * An external model's margins from its scores folder: the held-out scores are required (in-distribution accuracy
 * and every flip need them); a family without a scores file is left out of that model's report.
 */
export function readExternalMargins(
  dir: string,
  seed: number,
  held: readonly HeldOutPair[],
  sets: readonly FamilySet[],
  log: (line: string) => void,
): Omit<ModelMargins, 'modelId'> {
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) {
    throw new StudioError(ErrorCode.FileNotFound, `${manifestPath} not found: write the folder with --export-perturbed first`, { file: manifestPath });
  }
  try {
    const manifest = parseManifest(readFileSync(manifestPath, 'utf8'), manifestPath);
    if (manifest.seed !== seed) {
      throw new ScoresFileError(manifestPath, 0, 'seed', `the pairs were perturbed with seed ${manifest.seed} but this run uses seed ${seed}: run with --seed ${manifest.seed}`);
    }
    const read = (part: typeof HELD_OUT | FamilySet['family'], ids: ReadonlySet<number>): Map<number, number> | null => {
      const path = join(dir, scoresFile(part));
      if (!existsSync(path)) return null;
      return parseScores(readFileSync(path, 'utf8'), path, part, ids);
    };
    const heldOut = read(HELD_OUT, new Set(held.map((p) => p.id)));
    if (heldOut === null) throw new ScoresFileError(join(dir, scoresFile(HELD_OUT)), 0, '', 'missing: the held-out scores are required');
    const families: ModelMargins['families'][number][] = [];
    for (const s of sets) {
      const margins = read(s.family, new Set(s.pairs.map((p) => p.pairId)));
      if (margins === null) log(`${dir}: no ${scoresFile(s.family)}, ${s.family} left out for this model`);
      else families.push({ family: s.family, margins });
    }
    return { heldOut, families, scoresDir: dir, attackSkipped: 'external scores cannot be attacked: the attack decodes against the model itself' };
  } catch (err) {
    throw err instanceof ScoresFileError ? invalid(err) : err;
  }
}
