// The demo's annotator noise: swapped labels in the training split only, flagged, and nothing else changed.
import { describe, expect, it } from 'vitest';
import { demoQuality, generateDemoPairs } from '../../../src-main/demo/generate';

describe('demo label noise', () => {
  it('swaps about the asked share of training labels, flags them, and leaves every other pair as it was', () => {
    const clean = generateDemoPairs({ pairs: 3000, seed: 11 });
    const noisy = generateDemoPairs({ pairs: 3000, seed: 11, labelNoise: 0.1 });
    let swapped = 0;
    let train = 0;
    noisy.forEach((p, i) => {
      const c = clean[i]!;
      expect(p.prompt).toBe(c.prompt);
      if (c.split === 'train') train++;
      if (p.extra.noisy) {
        swapped++;
        expect(p.split).toBe('train');
        expect([p.chosen, p.rejected]).toEqual([c.rejected, c.chosen]);
        // By the hidden rule the noisy pair now prefers the worse response.
        expect(demoQuality(p.prompt, p.chosen)).toBeLessThan(demoQuality(p.prompt, p.rejected));
      } else {
        expect([p.chosen, p.rejected]).toEqual([c.chosen, c.rejected]);
      }
    });
    expect(swapped / train).toBeGreaterThan(0.08);
    expect(swapped / train).toBeLessThan(0.12);
    expect(clean.some((p) => p.extra.noisy)).toBe(false);
  });
});
