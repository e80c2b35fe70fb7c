// Chart data helpers: histograms trimmed to where the data is, and the smoothed line over noisy per-batch numbers.
import { describe, expect, it } from 'vitest';
import { binsWithin, fittedRange, smoothed } from '../../src-renderer/src/lib/plot-data';

describe('fittedRange / binsWithin', () => {
  it('trims the empty bins of a fixed ±8 histogram to the bins that hold margins', () => {
    const counts = new Array<number>(16).fill(0);
    counts[7] = 3; // −1…0
    counts[9] = 5; // +1…+2
    const h = { min: -8, max: 8, counts, below: 0, above: 0 };
    expect(fittedRange([h])).toEqual([-1, 2]);
    expect(binsWithin(h, [-1, 2])).toEqual({ lower: [-1, 0, 1], upper: [0, 1, 2], counts: [3, 0, 5] });
  });

  it('spans every histogram it is given, and is null when all are empty', () => {
    const a = { min: -2, max: 2, counts: [0, 1, 0, 0], below: 0, above: 0 };
    const b = { min: -2, max: 2, counts: [0, 0, 0, 4], below: 0, above: 0 };
    expect(fittedRange([a, b])).toEqual([-1, 2]);
    expect(fittedRange([{ ...a, counts: [0, 0, 0, 0] }])).toBeNull();
  });
});

describe('smoothed', () => {
  it('starts at the first value (bias-corrected), lags a step change, and keeps gaps', () => {
    const s = smoothed([1, 1, null, 0, 0, 0], 0.5);
    expect(s[0]).toBeCloseTo(1);
    expect(s[1]).toBeCloseTo(1);
    expect(s[2]).toBeNull();
    // After the step to 0 the average falls but not at once: 1 → 3/7 → 3/15 (weights 1/2, 1/4, …).
    expect(s[3]).toBeCloseTo(3 / 7);
    expect(s[4]).toBeCloseTo(3 / 15);
    expect(s[5]! < s[4]!).toBe(true);
  });

  it('with weight 0 is the raw series', () => {
    expect(smoothed([0.2, 0.9, 0.4], 0)).toEqual([0.2, 0.9, 0.4]);
  });
});
