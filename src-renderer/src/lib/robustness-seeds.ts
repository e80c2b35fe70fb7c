// The Robustness view's suite seeds: the comma list the form takes, checked as the contract checks it, and how a
// number measured over several seeds reads (each seed's value, the within-seed SE).
import { checkParam, PARAMS } from '@shared/params';
import { MAX_SEEDS, type Estimate } from '@shared/robustness-dto';

/** `3, 4,5` → [3, 4, 5]; an error names what is wrong (a bad number, a repeat, too many). */
export function parseSeeds(text: string): { seeds: number[] } | { error: string } {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (parts.length === 0) return { error: 'give at least one seed' };
  if (parts.length > MAX_SEEDS) return { error: `at most ${MAX_SEEDS} seeds` };
  const seeds: number[] = [];
  for (const part of parts) {
    const n = Number(part);
    const wrong = /^-?\d+$/.test(part) ? checkParam(PARAMS.seed, n) : 'must be a whole number';
    if (wrong !== null) return { error: `seed "${part}" ${wrong}` };
    if (seeds.includes(n)) return { error: `seed ${n} is named twice` };
    seeds.push(n);
  }
  return { seeds };
}

/** ` (within ± 2.1)` for a number measured over several seeds, nothing otherwise; `scale` 100 for percentages. */
export function withinNote(e: Estimate, scale = 100, digits = 1): string {
  return e.overSeeds && Number.isFinite(e.overSeeds.withinSe) ? ` (within ± ${(e.overSeeds.withinSe * scale).toFixed(digits)})` : '';
}

/** `seed 3: 61.2 ± 2.0 · seed 4: 63.0 ± 2.1`, for a tooltip; empty for a one-seed number. */
export function perSeedTitle(e: Estimate, seeds: readonly number[] | undefined, scale = 100, digits = 1): string {
  if (!e.overSeeds || !seeds) return '';
  const { values, ses } = e.overSeeds;
  return values.map((v, i) => `seed ${seeds[i] ?? '?'}: ${(v * scale).toFixed(digits)} ± ${((ses[i] ?? Number.NaN) * scale).toFixed(digits)}`).join(' · ');
}
