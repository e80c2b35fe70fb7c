// Cross-validation of the default preset (`combined`) on real HH pairs, trained as `prefstudio cv` trains each fold
// (foldMargins): it must not fall clearly below its own n-gram half, and must beat "the shorter response wins".
// Slow (a few minutes on two cores): three real transformer trainings.
import { describe, expect, it } from 'vitest';
import type { TextPair } from '../../../../src-main/jobs/reward/pairs-data';
import { foldMargins } from '../../../../src-main/jobs/reward/fold-train';
import { DEFAULT_MODEL_PRESET } from '../../../../src-main/shared/dto';
import { HH_PATH, loadHH, wasmTf } from '../../engine/train/fixtures';

/** The first 600 HH pairs in 3 folds (fold = index mod 3): 400 training pairs a fold, SE ≈ 0.02 on 600. */
const PAIRS = 600;
const FOLDS = 3;

const hh = loadHH();

describe('combined default in cross-validation', () => {
  it.skipIf(!hh)(`is not clearly below its n-gram half, and beats "shorter wins" (${HH_PATH})`, async () => {
    expect(DEFAULT_MODEL_PRESET).toBe('combined');
    const tf = await wasmTf();
    const pairs: TextPair[] = hh!.slice(0, PAIRS).map((p, i) => ({ ...p, id: i, split: 'train', strength: null }));
    const right: Record<'combined' | 'ngram', number[]> = { combined: [], ngram: [] };
    for (let f = 0; f < FOLDS; f++) {
      const train = pairs.filter((_, i) => i % FOLDS !== f);
      const test = pairs.filter((_, i) => i % FOLDS === f);
      const options = { seed: 1, signal: new AbortController().signal, backend: () => Promise.resolve(tf) };
      for (const preset of ['combined', 'ngram'] as const) {
        right[preset].push(...(await foldMargins(preset, train, test, options)).map((m) => (m > 0 ? 1 : 0)));
      }
    }
    const accuracy = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    const combined = accuracy(right.combined);
    const ngram = accuracy(right.ngram);
    // Same pair order as right.* (fold by fold); equal lengths count as wrong, as bench/reference/tfidf_cv.py counts.
    const ordered = Array.from({ length: FOLDS }, (_, f) => pairs.filter((_, i) => i % FOLDS === f)).flat();
    const shorter = accuracy(ordered.map((p) => (p.chosen.length < p.rejected.length ? 1 : 0)));
    // SE of the paired difference combined − ngram on the same pairs.
    const d = right.combined.map((x, i) => x - right.ngram[i]!);
    const dMean = accuracy(d);
    const dSe = Math.sqrt(d.reduce((s, x) => s + (x - dMean) ** 2, 0) / (d.length - 1) / d.length);
    console.log(`combined ${combined.toFixed(3)} · ngram ${ngram.toFixed(3)} (difference ${dMean.toFixed(3)} ± ${dSe.toFixed(3)}) · shorter wins ${shorter.toFixed(3)}`);
    // Measured: combined 0.585, ngram 0.620 (difference −0.035 ± 0.018), shorter wins 0.543. With 400 training pairs
    // a fold the transformer half costs about 2 SE (on the full 5-fold sample it is +0.004 ± 0.007), so "− 2 SE" would
    // pass by 0.001, less than one pair, and transformer runs are not reproducible to the pair (README-ngram.md):
    // the bar is 3 SE (11 pairs of margin). A combination that falls clearly below its n-gram half still fails.
    expect(shorter).toBeCloseTo(0.543, 3);
    expect(combined).toBeGreaterThanOrEqual(ngram - 3 * dSe);
    expect(combined).toBeGreaterThanOrEqual(shorter + 0.03);
  }, 900_000);
});
