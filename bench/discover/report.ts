// Numbers and tables for bench/discover-compare.ts: per (seed, mode, role) counts from a run's stored outputs, and
// the README tables (mean ± SE over seeds).
import { demoVerdict, keepsClass } from '../../src-main/curation/failures/class-check';
import type { DecodeMode, PolicyRole } from '../../src-main/shared/discovery-dto';
import type { DiscoveryOutput } from '../../src-main/store/discovery-types';

export interface Cell {
  seed: number;
  mode: DecodeMode;
  role: PolicyRole;
  prompts: number;
  outputs: number;
  failures: number;
  /** Demo only: failures whose response keeps the role's class under the hidden rule. */
  failuresKept: number | null;
  /** Demo only: all outputs that keep the role's class (how well the policy writes its class at all). */
  outputsKept: number | null;
  /** Mean gap of the failures (how far past the reference). */
  meanFailureGap: number | null;
  /** Mean and largest gap of all outputs: how close to failing the role's outputs got (failure: gap > 0). */
  meanGap: number | null;
  maxGap: number | null;
}

export interface RunNumbers {
  seed: number;
  mode: DecodeMode;
  runId: number;
  tokens: number;
  seconds: number;
}

export function cells(seed: number, mode: DecodeMode, outputs: readonly DiscoveryOutput[], promptOf: (id: number) => string, demo: boolean): Cell[] {
  return (['aligned', 'misaligned'] as const).map((role) => {
    const mine = outputs.filter((o) => o.role === role);
    const failed = mine.filter((o) => o.isFailure);
    const kept = (list: readonly DiscoveryOutput[]) =>
      demo ? list.filter((o) => keepsClass(role, demoVerdict(promptOf(o.sourcePairId), o.response))).length : null;
    return {
      seed,
      mode,
      role,
      prompts: new Set(mine.map((o) => o.sourcePairId)).size,
      outputs: mine.length,
      failures: failed.length,
      failuresKept: kept(failed),
      outputsKept: kept(mine),
      meanFailureGap: failed.length > 0 ? failed.reduce((a, o) => a + o.gap, 0) / failed.length : null,
      meanGap: mine.length > 0 ? mine.reduce((a, o) => a + o.gap, 0) / mine.length : null,
      maxGap: mine.length > 0 ? Math.max(...mine.map((o) => o.gap)) : null,
    };
  });
}

/** Mean ± standard error over the values (SE 0 for a single value). */
export function meanSe(values: readonly number[]): { mean: number; se: number; n: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, se: NaN, n };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, se: 0, n };
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n), n };
}

const fmt = (v: { mean: number; se: number }, digits: number, pct = false) =>
  pct ? `${(100 * v.mean).toFixed(digits)}% ± ${(100 * v.se).toFixed(digits)}` : `${v.mean.toFixed(digits)} ± ${v.se.toFixed(digits)}`;

/** One row per (role, mode): sums over seeds, and per-seed rates as mean ± SE. */
export function cellTable(all: readonly Cell[], runs: readonly RunNumbers[], demo: boolean): string {
  const head = demo
    ? '| role | mode | outputs | failures | failures / prompt | failure rate | class kept (failures) | class kept (all outputs) | mean gap (all) | tokens/s |'
    : '| role | mode | outputs | failures | failures / prompt | failure rate | mean gap (failures) | mean gap (all) | tokens/s |';
  const lines = [head, head.replace(/[^|]+/g, ' --- ')];
  for (const role of ['aligned', 'misaligned'] as const) {
    for (const mode of ['guided', 'sample'] as const) {
      const mine = all.filter((c) => c.role === role && c.mode === mode);
      if (mine.length === 0) continue;
      const sum = (f: (c: Cell) => number) => mine.reduce((a, c) => a + f(c), 0);
      const perPrompt = meanSe(mine.map((c) => c.failures / Math.max(1, c.prompts)));
      const rate = meanSe(mine.map((c) => c.failures / Math.max(1, c.outputs)));
      const tps = meanSe(runs.filter((r) => r.mode === mode).map((r) => r.tokens / Math.max(1e-9, r.seconds)));
      const cols = [role, mode, String(sum((c) => c.outputs)), String(sum((c) => c.failures)), fmt(perPrompt, 2), fmt(rate, 1, true)];
      if (demo) {
        const keptF = mine.filter((c) => c.failures > 0).map((c) => (c.failuresKept ?? 0) / c.failures);
        const pooledF = sum((c) => c.failuresKept ?? 0);
        cols.push(
          keptF.length > 0 ? `${fmt(meanSe(keptF), 1, true)} (pooled ${pooledF}/${sum((c) => c.failures)})` : 'no failures',
          fmt(meanSe(mine.map((c) => (c.outputsKept ?? 0) / Math.max(1, c.outputs))), 1, true),
        );
      } else {
        const gaps = mine.filter((c) => c.meanFailureGap !== null).map((c) => c.meanFailureGap as number);
        cols.push(gaps.length > 0 ? fmt(meanSe(gaps), 2) : '–');
      }
      cols.push(fmt(meanSe(mine.map((c) => c.meanGap ?? NaN)), 2));
      cols.push(fmt(tps, 0));
      lines.push(`| ${cols.join(' | ')} |`);
    }
  }
  return lines.join('\n');
}

/** Guided minus sampled failures per prompt, paired by seed and role: the effect of the guidance. */
export function pairedEffect(all: readonly Cell[], role: PolicyRole): string {
  const seeds = [...new Set(all.map((c) => c.seed))];
  const diffs: number[] = [];
  for (const seed of seeds) {
    const g = all.find((c) => c.seed === seed && c.role === role && c.mode === 'guided');
    const s = all.find((c) => c.seed === seed && c.role === role && c.mode === 'sample');
    if (g && s) diffs.push(g.failures / Math.max(1, g.prompts) - s.failures / Math.max(1, s.prompts));
  }
  const d = meanSe(diffs);
  const verdict = Math.abs(d.mean) <= 2 * d.se ? 'within noise' : d.mean > 0 ? 'guided finds more' : 'sampling finds more';
  return `${role}: guided − sampled failures per prompt = ${fmt(d, 2)} (paired over ${d.n} seeds; ${verdict})`;
}

/** Demo only: guided minus sampled failures per prompt that keep their class, paired by seed (the failures worth review). */
export function pairedKeptEffect(all: readonly Cell[], role: PolicyRole): string {
  const seeds = [...new Set(all.map((c) => c.seed))];
  const diffs: number[] = [];
  for (const seed of seeds) {
    const g = all.find((c) => c.seed === seed && c.role === role && c.mode === 'guided');
    const s = all.find((c) => c.seed === seed && c.role === role && c.mode === 'sample');
    if (g && s) diffs.push((g.failuresKept ?? 0) / Math.max(1, g.prompts) - (s.failuresKept ?? 0) / Math.max(1, s.prompts));
  }
  const d = meanSe(diffs);
  const verdict = Math.abs(d.mean) <= 2 * d.se ? 'within noise' : d.mean > 0 ? 'guided finds more' : 'sampling finds more';
  return `${role}: guided − sampled class-kept failures per prompt = ${fmt(d, 2)} (paired over ${d.n} seeds; ${verdict})`;
}

/** Demo only: the share of a mode's failures (both roles) that keep their class, per seed (mean ± SE) and pooled. */
export function keptShare(all: readonly Cell[], mode: DecodeMode): string {
  const seeds = [...new Set(all.map((c) => c.seed))];
  const shares: number[] = [];
  let failures = 0;
  let kept = 0;
  for (const seed of seeds) {
    const mine = all.filter((c) => c.seed === seed && c.mode === mode);
    const f = mine.reduce((a, c) => a + c.failures, 0);
    const k = mine.reduce((a, c) => a + (c.failuresKept ?? 0), 0);
    failures += f;
    kept += k;
    if (f > 0) shares.push(k / f);
  }
  const share = shares.length > 0 ? `${fmt(meanSe(shares), 1, true)} over ${shares.length} seeds` : 'no failures';
  return `${mode}: failures that keep their class = ${share} (pooled ${kept}/${failures})`;
}

/** The lines under the table: guidance effect per role, and for the demo the class-kept effect and shares. */
export function summaryLines(all: readonly Cell[], demo: boolean): string {
  const roles = ['aligned', 'misaligned'] as const;
  const lines = roles.map((role) => pairedEffect(all, role));
  if (demo) lines.push(...roles.map((role) => pairedKeptEffect(all, role)), ...(['guided', 'sample'] as const).map((mode) => keptShare(all, mode)));
  return lines.map((line) => `- ${line}`).join('\n');
}
