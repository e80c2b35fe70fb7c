// The robustness report: per-model accuracy, flip rate and score with standard errors, and paired model differences.
import type { Estimate, FamilyMetrics, ModelRobustness, RobustnessDiff, RobustnessReport } from '../../shared/robustness-dto';
import { attackDiff, attackMetrics, type AttackOutcome } from './attack';
import type { FamilyName } from './types';

/** One model's margins: on the unperturbed held-out pairs, and per family on that family's perturbed pairs. */
export interface ModelMargins {
  modelId: number;
  heldOut: ReadonlyMap<number, number>;
  families: ReadonlyArray<{ family: FamilyName; margins: ReadonlyMap<number, number> }>;
  /** The adaptive attack on this model, or why it was not run (external models are never attacked). */
  attack?: AttackOutcome;
  attackSkipped?: string;
  /** An external model's scores folder. */
  scoresDir?: string;
}

/** A positive margin ranks the chosen response first; a tie counts half. */
function correct(margin: number): number {
  return margin > 0 ? 1 : margin === 0 ? 0.5 : 0;
}

/** Mean of per-pair values with the standard error of that mean (sample variance). */
function mean(values: readonly number[]): Estimate {
  const n = values.length;
  if (n === 0) return { value: Number.NaN, se: Number.NaN };
  const m = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { value: m, se: Number.NaN };
  const v = values.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1);
  return { value: m, se: Math.sqrt(v / n) };
}

/**
 * Sum of per-pair contributions with its standard error: the score is Σ_i u_i over held-out pairs, so pairs are
 * the independent units even though one pair appears in several families.
 */
function total(contributions: ReadonlyMap<number, number>, n: number): Estimate {
  const u = [...contributions.values()];
  while (u.length < n) u.push(0);
  const m = mean(u);
  return { value: m.value * n, se: m.se * n };
}

/** Per-pair contributions to the score: family f adds correct(margin)/(F·n_f) for each of its pairs. */
function scoreContributions(margins: ModelMargins, keep: (f: FamilyName, id: number) => boolean): Map<number, number> {
  const out = new Map<number, number>();
  const families = margins.families;
  for (const { family, margins: m } of families) {
    const ids = [...m.keys()].filter((id) => keep(family, id));
    for (const id of ids) {
      out.set(id, (out.get(id) ?? 0) + correct(m.get(id) as number) / (families.length * ids.length));
    }
  }
  return out;
}

function familyMetrics(model: ModelMargins): FamilyMetrics[] {
  return model.families.map(({ family, margins }) => {
    const ids = [...margins.keys()].filter((id) => model.heldOut.has(id));
    const after = ids.map((id) => margins.get(id) as number);
    const before = ids.map((id) => model.heldOut.get(id) as number);
    return {
      family,
      n: ids.length,
      accuracy: mean(after.map(correct)),
      baseline: mean(before.map(correct)),
      flipRate: mean(ids.map((_, i) => (before[i]! > 0 !== after[i]! > 0 ? 1 : 0))),
    };
  });
}

export function modelRobustness(model: ModelMargins): ModelRobustness {
  const inDistribution = mean([...model.heldOut.values()].map(correct));
  return {
    modelId: model.modelId,
    inDistribution: { ...inDistribution, n: model.heldOut.size },
    families: familyMetrics(model),
    score: total(
      scoreContributions(model, (_f, id) => model.heldOut.has(id)),
      model.heldOut.size,
    ),
    ...(model.attack ? { attack: attackMetrics(model.attack) } : {}),
    ...(model.attackSkipped !== undefined ? { attackSkipped: model.attackSkipped } : {}),
    ...(model.scoresDir !== undefined ? { scoresDir: model.scoresDir } : {}),
  };
}

/** Paired difference of two models over the pairs both scored: mean and SE of the per-pair differences. */
function pairedDiff(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>, f: (m: number, id: number) => number): Estimate {
  const ids = [...a.keys()].filter((id) => b.has(id));
  return mean(ids.map((id) => f(a.get(id) as number, id) - f(b.get(id) as number, id)));
}

/** `model` minus `reference`, each number paired over the held-out pairs both models scored. */
export function robustnessDiff(model: ModelMargins, reference: ModelMargins): RobustnessDiff {
  const shared = (f: FamilyName, id: number): boolean => {
    const mine = model.families.find((x) => x.family === f)?.margins;
    const theirs = reference.families.find((x) => x.family === f)?.margins;
    return model.heldOut.has(id) && reference.heldOut.has(id) && (mine?.has(id) ?? false) && (theirs?.has(id) ?? false);
  };
  const a = scoreContributions(model, shared);
  const b = scoreContributions(reference, shared);
  const ids = [...model.heldOut.keys()].filter((id) => reference.heldOut.has(id));
  const score = total(new Map(ids.map((id) => [id, (a.get(id) ?? 0) - (b.get(id) ?? 0)])), ids.length);
  return {
    modelId: model.modelId,
    referenceId: reference.modelId,
    inDistribution: pairedDiff(model.heldOut, reference.heldOut, correct),
    score,
    families: model.families.flatMap(({ family, margins }) => {
      const other = reference.families.find((x) => x.family === family);
      if (!other) return [];
      const flip = (base: ReadonlyMap<number, number>) => (m: number, id: number) =>
        base.has(id) && (base.get(id) as number) > 0 !== m > 0 ? 1 : 0;
      const fa = new Map([...margins].filter(([id]) => shared(family, id)));
      const fb = new Map([...other.margins].filter(([id]) => shared(family, id)));
      const flips = [...fa.keys()].map((id) => flip(model.heldOut)(fa.get(id) as number, id) - flip(reference.heldOut)(fb.get(id) as number, id));
      return [{ family, accuracy: pairedDiff(fa, fb, correct), flipRate: mean(flips) }];
    }),
    ...(model.attack && reference.attack ? { attack: attackDiff(model.attack, reference.attack) } : {}),
  };
}

/** The whole report: every model, and every model after the first compared with the first. */
export function robustnessReport(models: readonly ModelMargins[]): RobustnessReport {
  const [reference, ...rest] = models;
  return {
    models: models.map(modelRobustness),
    diffs: reference ? rest.map((m) => robustnessDiff(m, reference)) : [],
  };
}
