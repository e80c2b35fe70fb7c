// Job (worker thread): writes the held-out pairs and each family's perturbed pairs to a folder for an external model.
import type { FamilySet } from '../../engine/robustness/perturb';
import { FAMILY_NAMES } from '../../engine/robustness/types';
import { jobParams } from '../../shared/job-params';
import type { JobRunner } from '../context';
import { heldOutPairs, suiteSets } from './held-out';
import { writePerturbed } from './scores-dir';

export const runRobustnessExportJob: JobRunner<'robustness-export'> = async (ctx) => {
  const p = jobParams('robustness-export', ctx.params);
  const held = heldOutPairs(ctx.db);
  const names = FAMILY_NAMES.filter((f) => p.families?.includes(f) ?? true);
  // One step per family, then the files: a pair's rewrite depends only on seed, family and pair, so perturbing one
  // family at a time gives exactly the sets a suite run with this seed scores.
  const total = names.length + 1;
  const sets: FamilySet[] = [];
  for (const [i, family] of names.entries()) {
    if (ctx.signal.aborted) return { cancelled: true };
    ctx.progress({ done: i, total, unit: 'steps', message: `perturbing ${held.pairs.length} held-out pairs: ${family}` });
    sets.push(...suiteSets(held, p.seed, [family]));
  }
  ctx.progress({ done: names.length, total, unit: 'steps', message: `writing ${sets.length + 1} files to ${p.dir}` }, true);
  const manifest = writePerturbed(p.dir, held.pairs, sets, p.seed);
  ctx.progress({ done: total, total, unit: 'steps', message: `wrote ${manifest.parts.length} files` }, true);
  return { dir: p.dir, seed: manifest.seed, parts: manifest.parts };
};
