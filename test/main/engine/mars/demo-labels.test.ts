// Does each operator keep the demo's hidden label (demoQuality) on chosen and rejected responses? Raw and guarded.
import { describe, expect, it } from 'vitest';
import { demoQuality, generateDemoPairs } from '../../../../src-main/demo/generate';
import { mulberry32 } from '../../../../src-main/engine/rng';
import { defaultOperators } from '../../../../src-main/engine/mars/operators/defaults';
import { guardedVariants, type PreservesLabel } from '../../../../src-main/engine/mars/operators/guard';
import type { AugmentOperator } from '../../../../src-main/engine/mars/operators/types';

const PAIRS = generateDemoPairs({ pairs: 1000, seed: 7 });
const preserves: PreservesLabel = (o, v, ctx) => demoQuality(ctx.prompt, o) === demoQuality(ctx.prompt, v);

/** Share of variants (2 asked per response) whose demo quality equals the source's, with and without the label guard. */
function keepRate(op: AugmentOperator, guarded: boolean): { variants: number; kept: number } {
  const rng = mulberry32(3);
  let variants = 0;
  let kept = 0;
  for (const p of PAIRS) {
    for (const role of ['chosen', 'rejected'] as const) {
      const source = p[role];
      const got = guardedVariants(
        op,
        source,
        rng,
        2,
        { role, prompt: p.prompt },
        guarded ? { preserves } : {},
      );
      for (const v of got.variants) {
        variants++;
        if (demoQuality(p.prompt, v.text) === demoQuality(p.prompt, source)) kept++;
      }
    }
  }
  return { variants, kept };
}

describe('demo label preservation', () => {
  const [synonym, spanDelete, reorder] = defaultOperators() as [
    AugmentOperator,
    AugmentOperator,
    AugmentOperator,
  ];

  it('span-delete and reorder keep the label of every demo response even without the label guard', () => {
    for (const op of [spanDelete, reorder]) {
      const { variants, kept } = keepRate(op, false);
      expect(variants, op.name).toBeGreaterThan(1000);
      expect(kept / variants, op.name).toBeGreaterThanOrEqual(0.99);
    }
  });

  it('synonym alone changes some labels (the rule matches step sentences verbatim); its raw rate stays above 90%', () => {
    const { variants, kept } = keepRate(synonym, false);
    expect(variants).toBeGreaterThan(1000);
    expect(kept / variants).toBeGreaterThan(0.9);
    expect(kept).toBeLessThan(variants);
  });

  it('with demoQuality as the guard, every operator keeps every label and still yields variants', () => {
    for (const op of [synonym, spanDelete, reorder]) {
      const { variants, kept } = keepRate(op, true);
      expect(variants, op.name).toBeGreaterThan(500);
      expect(kept, op.name).toBe(variants);
    }
  });
});
