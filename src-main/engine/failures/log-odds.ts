// Weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008): which terms one corpus
// over-uses compared with another, with a z-score that does not let rare words dominate.

export interface TermScore {
  term: string;
  /** Occurrences in the focus corpus and in the comparison corpus. */
  focus: number;
  other: number;
  /** Log-odds ratio of the term, focus vs other, shrunk towards the pooled rate by the prior. */
  delta: number;
  /** delta / its standard error: > 1.96 is over-represented at about the 5% level. */
  z: number;
}

function counts(docs: readonly string[][]): Map<string, number> {
  const out = new Map<string, number>();
  for (const doc of docs) for (const t of doc) out.set(t, (out.get(t) ?? 0) + 1);
  return out;
}

/**
 * Scores every term of both corpora. The prior for a term is its pooled frequency scaled to `priorSize`
 * pseudo-counts (the "informative" prior: common words get large prior counts, so a few extra uses do not
 * make them significant). Sorted by z, highest first.
 */
export function weightedLogOdds(focus: readonly string[][], other: readonly string[][], priorSize = 100): TermScore[] {
  const a = counts(focus);
  const b = counts(other);
  const pooled = new Map<string, number>(a);
  for (const [t, n] of b) pooled.set(t, (pooled.get(t) ?? 0) + n);
  const pooledTotal = [...pooled.values()].reduce((s, n) => s + n, 0);
  const na = [...a.values()].reduce((s, n) => s + n, 0);
  const nb = [...b.values()].reduce((s, n) => s + n, 0);
  const alpha0 = priorSize;
  const out: TermScore[] = [];
  for (const [term, n] of pooled) {
    const alpha = (alpha0 * n) / pooledTotal;
    const ya = a.get(term) ?? 0;
    const yb = b.get(term) ?? 0;
    const la = Math.log((ya + alpha) / (na + alpha0 - ya - alpha));
    const lb = Math.log((yb + alpha) / (nb + alpha0 - yb - alpha));
    const delta = la - lb;
    const variance = 1 / (ya + alpha) + 1 / (yb + alpha);
    out.push({ term, focus: ya, other: yb, delta, z: delta / Math.sqrt(variance) });
  }
  return out.sort((x, y) => y.z - x.z || x.term.localeCompare(y.term));
}

/** Upper-tail normal probability P(Z > z), by the complementary error function (Abramowitz–Stegun 7.1.26). */
export function normalTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/**
 * The z a term must reach when `tests` terms are scored at once (Bonferroni, one-sided level `alpha`): without it
 * a few hundred terms would always yield some "over-represented" noise.
 */
export function bonferroniZ(tests: number, alpha = 0.05): number {
  const target = alpha / Math.max(1, tests);
  let lo = 0;
  let hi = 40;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (normalTail(mid) > target) lo = mid;
    else hi = mid;
  }
  return hi;
}
