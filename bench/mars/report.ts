// Tables for bench/mars-rounds.ts: validation accuracy, loss and margin SNR per arm and round, mean ± std over seeds.

export interface RoundResult {
  round: number;
  spent: number;
  accuracy: number | null;
  loss: number | null;
  snr: number | null;
  toCorrect: number;
  toWrong: number;
  operators: Record<string, number>;
}

export interface ArmResult {
  arm: string;
  seconds: number;
  rounds: RoundResult[];
  /** Demo only: variants whose hidden-rule preference matches their source's, per operator. */
  labels?: Record<string, { kept: number; total: number }>;
}

export interface SeedResult {
  data: string;
  seed: number;
  trainPairs: number;
  validationPairs: number;
  budget: number;
  baseSeconds: number;
  base: { accuracy: number | null; loss: number | null; snr: number | null };
  arms: ArmResult[];
}

function meanStd(xs: Array<number | null>): string {
  const v = xs.filter((x): x is number => x !== null);
  if (v.length === 0) return '–';
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
  return `${mean.toFixed(3)} ± ${std.toFixed(3)}`;
}

export function summarise(results: SeedResult[]): string {
  const out: string[] = [];
  for (const data of [...new Set(results.map((r) => r.data))].sort()) {
    const runs = results.filter((r) => r.data === data).sort((a, b) => a.seed - b.seed);
    const first = runs[0] as SeedResult;
    out.push(
      `\n## ${data}: seeds ${runs.map((r) => r.seed).join(', ')}; ${first.trainPairs} train / ${first.validationPairs} validation pairs; budget ${first.budget} new pairs per round\n`,
    );
    out.push('| arm | round | val accuracy | val loss | margin SNR | crossed ↑ / ↓ | s per arm |');
    out.push('|---|---|---|---|---|---|---|');
    out.push(
      `| base model | 0 | ${meanStd(runs.map((r) => r.base.accuracy))} | ${meanStd(runs.map((r) => r.base.loss))} | ${meanStd(runs.map((r) => r.base.snr))} | | ${meanStd(runs.map((r) => r.baseSeconds))} |`,
    );
    for (const arm of first.arms.map((a) => a.arm)) {
      const arms = runs
        .map((r) => r.arms.find((a) => a.arm === arm))
        .filter((a): a is ArmResult => a !== undefined);
      for (const round of arms[0]?.rounds.map((r) => r.round) ?? []) {
        const rs = arms
          .map((a) => a.rounds.find((r) => r.round === round))
          .filter((r): r is RoundResult => r !== undefined);
        const crossed = `${meanStd(rs.map((r) => r.toCorrect))} / ${meanStd(rs.map((r) => r.toWrong))}`;
        out.push(
          `| ${arm} | ${round} | ${meanStd(rs.map((r) => r.accuracy))} | ${meanStd(rs.map((r) => r.loss))} | ${meanStd(rs.map((r) => r.snr))} | ${crossed} | ${round === 1 ? meanStd(arms.map((a) => a.seconds)) : ''} |`,
        );
      }
    }
    const labelled = runs.flatMap((r) => r.arms.filter((a) => a.labels));
    if (labelled.length > 0) {
      out.push(
        '\nLabels kept by augmentation (hidden rule: variant prefers the same side as its source), all seeds:\n',
      );
      const totals = new Map<string, { kept: number; total: number }>();
      for (const a of labelled) {
        for (const [key, v] of Object.entries(a.labels ?? {})) {
          const key2 = key.startsWith('originals') ? key : `${a.arm} · ${key}`;
          const t = totals.get(key2) ?? { kept: 0, total: 0 };
          totals.set(key2, { kept: t.kept + v.kept, total: t.total + v.total });
        }
      }
      for (const [key, v] of [...totals].sort())
        out.push(`- ${key}: ${((100 * v.kept) / v.total).toFixed(1)}% of ${v.total}`);
    }
  }
  return out.join('\n') + '\n';
}
