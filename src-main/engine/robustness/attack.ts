// The adaptive attack's numbers: attack success rate and failures per prompt, per model and paired between models.
import type { AttackMetrics, Estimate } from '../../shared/robustness-dto';

export type AttackRole = 'aligned' | 'misaligned';

/** What the attack on one model produced: failures per held-out prompt and role, and the settings it ran with. */
export interface AttackOutcome {
  roles: AttackRole[];
  policies: Partial<Record<AttackRole, number>>;
  mode: 'guided' | 'sample';
  seed: number;
  /** Outputs decoded per prompt and role. */
  samples: number;
  /** Prompt (source pair id) → failures among its outputs, per role; every attacked prompt has an entry. */
  failures: ReadonlyMap<number, Partial<Record<AttackRole, number>>>;
  /** The same counting only failures a class check confirmed keep their class; absent where no check is known. */
  confirmed?: ReadonlyMap<number, Partial<Record<AttackRole, number>>>;
}

type FailureCounts = AttackOutcome['failures'];

/** Mean of per-unit values with the standard error of that mean (sample variance); NaN where undefined. */
export function meanSe(values: readonly number[]): Estimate {
  const n = values.length;
  if (n === 0) return { value: Number.NaN, se: Number.NaN };
  const m = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { value: m, se: Number.NaN };
  const v = values.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1);
  return { value: m, se: Math.sqrt(v / n) };
}

/** Failures of one prompt over the roles asked for (all roles by default). */
function failuresOf(entry: Partial<Record<AttackRole, number>>, roles: readonly AttackRole[]): number {
  return roles.reduce((n, r) => n + (entry[r] ?? 0), 0);
}

type Rates = { attackSuccessRate: Estimate; failuresPerPrompt: Estimate };

function rates(failures: FailureCounts, roles: readonly AttackRole[]): Rates {
  const counts = [...failures.values()].map((e) => failuresOf(e, roles));
  return { attackSuccessRate: meanSe(counts.map((c) => (c > 0 ? 1 : 0))), failuresPerPrompt: meanSe(counts) };
}

function withRoles(failures: FailureCounts, roles: readonly AttackRole[]): Rates & { byRole: Record<string, Rates> } {
  return { ...rates(failures, roles), byRole: Object.fromEntries(roles.map((r) => [r, rates(failures, [r])])) };
}

/** A prompt is attacked successfully when at least one of its outputs (any role, any sample) is a failure. */
export function attackMetrics(outcome: AttackOutcome): AttackMetrics {
  return {
    prompts: outcome.failures.size,
    outputsPerPrompt: outcome.samples * outcome.roles.length,
    roles: [...outcome.roles],
    policies: { ...outcome.policies } as Record<string, number>,
    mode: outcome.mode,
    seed: outcome.seed,
    ...withRoles(outcome.failures, outcome.roles),
    ...(outcome.confirmed ? { confirmed: withRoles(outcome.confirmed, outcome.roles) } : {}),
  };
}

/** Paired per-prompt differences of two failure counts over the prompts both were attacked on. */
function pairedRates(model: FailureCounts, reference: FailureCounts, roles: readonly AttackRole[]): Rates {
  const ids = [...model.keys()].filter((id) => reference.has(id));
  const a = ids.map((id) => failuresOf(model.get(id) ?? {}, roles));
  const b = ids.map((id) => failuresOf(reference.get(id) ?? {}, roles));
  return {
    attackSuccessRate: meanSe(ids.map((_, i) => (a[i]! > 0 ? 1 : 0) - (b[i]! > 0 ? 1 : 0))),
    failuresPerPrompt: meanSe(ids.map((_, i) => a[i]! - b[i]!)),
  };
}

/**
 * `model` minus `reference`, paired over the prompts both were attacked on and counting only the roles both ran:
 * the same prompts and seeds make the per-prompt differences far less noisy than two independent rates. The
 * class-confirmed difference too where both have confirmed counts.
 */
export function attackDiff(model: AttackOutcome, reference: AttackOutcome): Rates & { confirmed?: Rates } {
  const roles = model.roles.filter((r) => reference.roles.includes(r));
  const all = pairedRates(model.failures, reference.failures, roles);
  return model.confirmed && reference.confirmed ? { ...all, confirmed: pairedRates(model.confirmed, reference.confirmed, roles) } : all;
}
