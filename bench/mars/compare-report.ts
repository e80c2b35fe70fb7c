// Results of bench/mars-compare.ts: the JSON shape, the per-round tables (mean ± std over seeds), the label check
// and the plain verdict on margin-aware against uniform selection.
import type { LabelCount, SourceSpread } from './compare-data';

export interface RoundNumbers {
  round: number;
  selected: number;
  spent: number;
  accuracy: number | null;
  loss: number | null;
  snr: number | null;
  toCorrect: number | null;
  toWrong: number | null;
}

export interface ArmRun {
  arm: string;
  seed: number;
  /** Null when the arm was finished by an earlier run on the same workdir. */
  seconds: number | null;
  rounds: RoundNumbers[];
  operators: Record<string, number>;
  labels?: Record<string, LabelCount>;
  /** The augmented pairs' sources per round (absent in results written before it was recorded). */
  sources?: SourceSpread[];
}

export interface DataResult {
  data: string;
  /** How the data was made: pair counts asked for, imported, rejected, per split. */
  setup: Record<string, number | string>;
  budget: number;
  selectShare: number;
  rounds: number;
  preset: string;
  seeds: number[];
  /** Per seed: the base model (round 0) and how long it took to train. */
  base: Array<RoundNumbers & { seed: number; seconds: number | null }>;
  arms: ArmRun[];
  finishedAt: string;
}

export const ARM_NAMES = ['no augmentation', 'uniform', 'MARS-|Δ|', 'MARS-signed'] as const;

function stats(xs: Array<number | null>): { mean: number; std: number; n: number } | null {
  const v = xs.filter((x): x is number => x !== null && Number.isFinite(x));
  if (v.length === 0) return null;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, std, n: v.length };
}

function fmt(xs: Array<number | null>, digits = 3): string {
  const s = stats(xs);
  return s === null ? '–' : `${s.mean.toFixed(digits)} ± ${s.std.toFixed(digits)}`;
}

/** One row per (arm, round), round 0 being the shared base model, as a markdown table. */
export function roundsTable(r: DataResult): string {
  const out = [
    '| arm | round | seeds | val accuracy | val loss | val margin SNR | new pairs | crossed ↑ / ↓ | s per arm |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const base = r.base;
  out.push(
    `| base (all arms) | 0 | ${base.length} | ${fmt(base.map((b) => b.accuracy))} | ${fmt(base.map((b) => b.loss))} | ${fmt(base.map((b) => b.snr))} | – | – | ${fmt(
      base.map((b) => b.seconds),
      0,
    )} |`,
  );
  for (const arm of ARM_NAMES) {
    const runs = r.arms.filter((a) => a.arm === arm);
    if (runs.length === 0) continue;
    for (let round = 1; round <= r.rounds; round++) {
      const rs = runs.map((a) => a.rounds.find((x) => x.round === round) ?? null);
      const pick = (f: (x: RoundNumbers) => number | null) => rs.map((x) => (x === null ? null : f(x)));
      const crossed = `${fmt(
        pick((x) => x.toCorrect),
        0,
      )} / ${fmt(
        pick((x) => x.toWrong),
        0,
      )}`;
      out.push(
        `| ${arm} | ${round} | ${runs.length} | ${fmt(pick((x) => x.accuracy))} | ${fmt(pick((x) => x.loss))} | ${fmt(pick((x) => x.snr))} | ${fmt(
          pick((x) => x.spent),
          0,
        )} | ${crossed} | ${
          round === 1
            ? fmt(
                runs.map((a) => a.seconds),
                0,
              )
            : ''
        } |`,
      );
    }
  }
  return out.join('\n');
}

/** Label check summed over every arm and seed, one row per operator (demo only). */
export function labelsTable(r: DataResult): string | null {
  const totals = new Map<string, LabelCount>();
  for (const a of r.arms) {
    for (const [key, c] of Object.entries(a.labels ?? {})) {
      // Originals are the same in every arm: count them once per seed, from the first arm.
      if (key.startsWith('original') && a.arm !== ARM_NAMES[0]) continue;
      const t = totals.get(key) ?? { kept: 0, tied: 0, flipped: 0, total: 0 };
      totals.set(key, {
        kept: t.kept + c.kept,
        tied: t.tied + c.tied,
        flipped: t.flipped + c.flipped,
        total: t.total + c.total,
      });
    }
  }
  if (totals.size === 0) return null;
  const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)}%`;
  const out = [
    '| pairs | n | chosen better (kept) | tied | rejected better (flipped) |',
    '|---|---|---|---|---|',
  ];
  for (const [key, c] of [...totals].sort((a, b) => a[0].localeCompare(b[0]))) {
    out.push(
      `| ${key} | ${c.total} | ${pct(c.kept, c.total)} | ${pct(c.tied, c.total)} | ${pct(c.flipped, c.total)} |`,
    );
  }
  return out.join('\n');
}

function roundValue(
  r: DataResult,
  arm: string,
  seed: number,
  round: number,
  key: 'accuracy' | 'loss',
): number | null {
  const run = r.arms.find((a) => a.arm === arm && a.seed === seed);
  return run?.rounds.find((x) => x.round === round)?.[key] ?? null;
}

/** Per seed, arm minus uniform (each seed's arms share one base model, so the difference is paired). */
function pairedDiff(r: DataResult, arm: string, round: number, key: 'accuracy' | 'loss') {
  return stats(
    r.seeds.map((s) => {
      const a = roundValue(r, arm, s, round, key);
      const u = roundValue(r, 'uniform', s, round, key);
      return a === null || u === null ? null : a - u;
    }),
  );
}

/**
 * Margin-aware (and no augmentation) against uniform, round by round, paired by seed. The accuracy noise is the
 * larger of the seed-to-seed error of the paired difference and the sampling error of one accuracy on this
 * validation set (more seeds do not shrink that one: every arm is scored on the same pairs); the accuracy behind
 * it is smoothed, (k+1)/(N+2), so a perfect score does not claim zero error.
 */
export function verdict(r: DataResult): string {
  const valPairs = Number(r.setup['validationPairs'] ?? 0);
  const uniformFinal = stats(r.seeds.map((s) => roundValue(r, 'uniform', s, r.rounds, 'accuracy')));
  if (uniformFinal === null || valPairs === 0) return `${r.data}: no finished uniform arm, no verdict.`;
  const p = (uniformFinal.mean * valPairs + 1) / (valPairs + 2);
  const se = Math.sqrt((p * (1 - p)) / valPairs);
  const rounds: string[] = [];
  for (let round = 1; round <= r.rounds; round++) {
    const parts: string[] = [];
    for (const arm of ['MARS-signed', 'MARS-|Δ|', 'no augmentation']) {
      const d = pairedDiff(r, arm, round, 'accuracy');
      const loss = pairedDiff(r, arm, round, 'loss');
      if (d === null) continue;
      const noise = Math.max(se, d.n > 1 ? d.std / Math.sqrt(d.n) : 0);
      const call = Math.abs(d.mean) <= 2 * noise ? 'within noise' : d.mean > 0 ? 'better' : 'worse';
      const lossText = loss === null ? '' : `, loss ${loss.mean >= 0 ? '+' : ''}${loss.mean.toFixed(3)}`;
      parts.push(
        `${arm} ${d.mean >= 0 ? '+' : ''}${(100 * d.mean).toFixed(1)} points (seed std ${(100 * d.std).toFixed(1)}${lossText}): ${call}`,
      );
    }
    rounds.push(`round ${round}: ${parts.join('; ')}`);
  }
  return (
    `${r.data}, validation accuracy against uniform (n=${r.seeds.length} seeds; uniform ends at ` +
    `${(100 * uniformFinal.mean).toFixed(1)}%): ${rounds.join('. ')}. Noise: one accuracy on ${valPairs} validation ` +
    `pairs has SE ≈ ${(100 * se).toFixed(1)} points; "within noise" means |difference| ≤ 2 × max(that SE, ` +
    `seed std of the paired difference / √n).`
  );
}

/** Per augmenting arm: source margins and how unequal the weighting made the budget, over seeds and rounds. */
export function spreadLine(r: DataResult): string | null {
  const parts: string[] = [];
  for (const arm of ARM_NAMES) {
    const spreads = r.arms.filter((a) => a.arm === arm).flatMap((a) => a.sources ?? []);
    if (spreads.length === 0) continue;
    const lo = Math.min(...spreads.map((s) => s.marginMin));
    const hi = Math.max(...spreads.map((s) => s.marginMax));
    const ratio = Math.max(...spreads.map((s) => s.weightRatio));
    parts.push(
      `${arm}: source margins ${lo.toFixed(2)} … ${hi.toFixed(2)}, max/min weight ≤ ${ratio.toFixed(2)}`,
    );
  }
  return parts.length === 0 ? null : `Selected sources (all seeds and rounds): ${parts.join('; ')}.`;
}

/** Everything about one data set, as markdown. */
export function dataSection(r: DataResult): string {
  const setup = Object.entries(r.setup)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const out = [
    `## ${r.data}`,
    '',
    `Seeds ${r.seeds.join(', ')}; preset ${r.preset}; ${r.rounds} rounds; select share ${r.selectShare}; budget ${r.budget} new pairs per round in every augmenting arm. Data: ${setup}.`,
    '',
    roundsTable(r),
  ];
  const labels = labelsTable(r);
  if (labels !== null) {
    out.push(
      '',
      'Labels under the hidden rule (`demoQuality(prompt, chosen) > demoQuality(prompt, rejected)`), all arms and seeds:',
      '',
      labels,
    );
  }
  const spread = spreadLine(r);
  if (spread !== null) out.push('', spread);
  out.push('', `Verdict: ${verdict(r)}`);
  return out.join('\n');
}
