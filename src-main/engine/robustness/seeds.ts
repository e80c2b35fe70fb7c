// A robustness report over several suite seeds: each number the mean over seeds ± SE over seeds, each difference
// paired by seed, with every seed's value and its within-seed SE kept beside it.
import type { AttackMetrics, Estimate, FamilyMetrics, ModelRobustness, RobustnessDiff, RobustnessReport } from '../../shared/robustness-dto';
import { meanSe } from './attack';

/**
 * One estimate from its per-seed estimates: the mean of the seeds' values with the SE over seeds (sample variance,
 * K − 1 degrees of freedom), and the within-seed SE as the root mean square of the seeds' own SEs.
 */
export function overSeeds(perSeed: readonly Estimate[]): Estimate {
  const values = perSeed.map((e) => e.value);
  const ses = perSeed.map((e) => e.se);
  const { value, se } = meanSe(values);
  const withinSe = Math.sqrt(ses.reduce((a, s) => a + s * s, 0) / ses.length);
  return { value, se, overSeeds: { values, ses, withinSe } };
}

/** The family entries every seed has, in the first seed's order (a family too small in one seed is left out). */
function commonFamilies<T extends { family: string }>(perSeed: ReadonlyArray<readonly T[]>): Array<T[]> {
  const [first = []] = perSeed;
  return first.flatMap((f) => {
    const all = perSeed.map((list) => list.find((x) => x.family === f.family));
    return all.every((x) => x !== undefined) ? [all as T[]] : [];
  });
}

function familiesOverSeeds(perSeed: ReadonlyArray<readonly FamilyMetrics[]>): FamilyMetrics[] {
  return commonFamilies(perSeed).map((fs) => ({
    family: fs[0]!.family,
    // Pairs a family applies to vary a little with the seed (a rewrite may fail the label check): the mean count.
    n: Math.round(fs.reduce((a, f) => a + f.n, 0) / fs.length),
    accuracy: overSeeds(fs.map((f) => f.accuracy)),
    baseline: overSeeds(fs.map((f) => f.baseline)),
    flipRate: overSeeds(fs.map((f) => f.flipRate)),
  }));
}

type AttackRates = { attackSuccessRate: Estimate; failuresPerPrompt: Estimate };

function ratesOverSeeds(perSeed: readonly AttackRates[]): AttackRates {
  return {
    attackSuccessRate: overSeeds(perSeed.map((a) => a.attackSuccessRate)),
    failuresPerPrompt: overSeeds(perSeed.map((a) => a.failuresPerPrompt)),
  };
}

function withRolesOverSeeds(perSeed: ReadonlyArray<AttackRates & { byRole: Record<string, AttackRates> }>): AttackRates & { byRole: Record<string, AttackRates> } {
  const first = perSeed[0]!;
  return {
    ...ratesOverSeeds(perSeed),
    byRole: Object.fromEntries(Object.keys(first.byRole).map((role) => [role, ratesOverSeeds(perSeed.map((a) => a.byRole[role]!))])),
  };
}

function attackOverSeeds(perSeed: readonly AttackMetrics[]): AttackMetrics {
  const { confirmed: _confirmed, ...first } = perSeed[0]!;
  const confirmed = everySeed(perSeed.map((a) => a.confirmed));
  return { ...first, ...withRolesOverSeeds(perSeed), ...(confirmed ? { confirmed: withRolesOverSeeds(confirmed) } : {}) };
}

/** All defined, or none: a number over seeds needs every seed's value. */
function everySeed<T>(values: ReadonlyArray<T | undefined>): T[] | null {
  return values.every((v) => v !== undefined) ? (values as T[]) : null;
}

function modelOverSeeds(seeds: readonly number[], perSeed: readonly ModelRobustness[]): ModelRobustness {
  const first = perSeed[0]!;
  const attacks = everySeed(perSeed.map((m) => m.attack));
  // In-distribution accuracy is measured on the unperturbed held-out pairs, the same in every seed: kept as it is.
  const { attack: _attack, ...rest } = first;
  return {
    ...rest,
    families: familiesOverSeeds(perSeed.map((m) => m.families)),
    score: overSeeds(perSeed.map((m) => m.score)),
    ...(attacks ? { attack: attackOverSeeds(attacks) } : {}),
    seeds: [...seeds],
  };
}

function diffOverSeeds(perSeed: readonly RobustnessDiff[]): RobustnessDiff {
  const first = perSeed[0]!;
  const attacks = everySeed(perSeed.map((d) => d.attack));
  const { attack: _attack, ...rest } = first;
  return {
    ...rest,
    score: overSeeds(perSeed.map((d) => d.score)),
    families: commonFamilies(perSeed.map((d) => d.families)).map((fs) => ({
      family: fs[0]!.family,
      accuracy: overSeeds(fs.map((f) => f.accuracy)),
      flipRate: overSeeds(fs.map((f) => f.flipRate)),
    })),
    ...(attacks ? { attack: attackDiffOverSeeds(attacks) } : {}),
  };
}

function attackDiffOverSeeds(perSeed: ReadonlyArray<NonNullable<RobustnessDiff['attack']>>): NonNullable<RobustnessDiff['attack']> {
  const confirmed = everySeed(perSeed.map((a) => a.confirmed));
  return { ...ratesOverSeeds(perSeed), ...(confirmed ? { confirmed: ratesOverSeeds(confirmed) } : {}) };
}

/**
 * The reports of one suite run per seed (same models in the same order) as one report. A single seed's report is
 * returned as it is, so a one-seed run reads exactly as before. Differences are paired by seed: the mean of the seeds'
 * differences ± the SE over seeds, each seed's own paired SE kept in `overSeeds`.
 */
export function combineSeeds(seeds: readonly number[], reports: readonly RobustnessReport[]): RobustnessReport {
  if (reports.length !== seeds.length || reports.length === 0) throw new Error(`expected one report per seed, got ${reports.length} for ${seeds.length}`);
  if (reports.length === 1) return reports[0]!;
  const [first] = reports as [RobustnessReport];
  return {
    models: first.models.map((_, i) => modelOverSeeds(seeds, reports.map((r) => r.models[i]!))),
    diffs: first.diffs.map((_, i) => diffOverSeeds(reports.map((r) => r.diffs[i]!))),
  };
}
