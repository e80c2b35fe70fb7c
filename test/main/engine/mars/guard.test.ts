// The guard every operator output passes: empty, identical, duplicate, out-of-bounds and label-flipping rewrites go.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../src-main/engine/rng';
import { guardedVariants, guardVariants, keepsFacts } from '../../../../src-main/engine/mars/operators/guard';
import { factCues } from '../../../../src-main/engine/mars/operators/text';
import type { AugmentOperator } from '../../../../src-main/engine/mars/operators/types';

const SOURCE = 'Rinse the rice until the water runs clear. Hope this helps.';
const ctx = { role: 'chosen' as const, prompt: 'How do I cook rice?' };

describe('guardVariants', () => {
  it('rejects empty, identical (up to case and spacing) and duplicate variants, with the reason', () => {
    const r = guardVariants(
      SOURCE,
      [
        '  ',
        'rinse the rice until the  water runs clear.  hope this helps.',
        'Rinse the rice until the water runs clear.',
        'rinse the rice until the water runs clear.',
      ],
      ctx,
    );
    expect(r.accepted).toEqual(['Rinse the rice until the water runs clear.']);
    expect(r.rejected.map((x) => x.reason)).toEqual(['empty', 'identical', 'duplicate']);
  });

  it('rejects variants far shorter or longer than the source', () => {
    const r = guardVariants(SOURCE, ['Rinse.', `${SOURCE} ${SOURCE}`], ctx);
    expect(r.accepted).toEqual([]);
    expect(r.rejected.map((x) => x.reason)).toEqual(['length', 'length']);
  });

  it('asks the caller whether a response keeps its label, and skips that check for prompts', () => {
    const preserves = (original: string, variant: string) =>
      original.includes('Rinse') === variant.includes('Rinse');
    const flipped = 'Cook the rice until the water runs clear. Hope this helps.';
    const chosen = guardVariants(SOURCE, [flipped], ctx, { preserves });
    expect(chosen.rejected).toEqual([{ text: flipped, reason: 'label-flip' }]);
    const prompt = guardVariants(SOURCE, [flipped], { ...ctx, role: 'prompt' }, { preserves });
    expect(prompt.accepted).toEqual([flipped]);
    expect(guardVariants(SOURCE, [flipped], ctx).accepted).toEqual([flipped]);
  });
});

describe('keepsFacts (the label check on real data)', () => {
  const keeps = (a: string, b: string) => keepsFacts(a, b, ctx);

  it('reads negations (contracted or not) and numbers (digits or words) as the cues', () => {
    expect(factCues("Don't rinse it. You cannot skip 2.5 cups, never more than twenty.")).toEqual([
      'not',
      'not',
      '2.5',
      'never',
      'twenty',
    ]);
  });

  it('accepts rewrites that keep every negation and number, in any order', () => {
    expect(keeps("Don't add salt. Stir 3 times.", 'Stir 3 times. Do not add salt.')).toBe(true);
    expect(keeps('You cannot skip it.', "You can't skip it.")).toBe(true);
    expect(keeps(SOURCE, 'Wash the rice till the water is clear. Hope this helps.')).toBe(true);
  });

  it('refuses rewrites that drop or add a negation, or change an amount', () => {
    expect(keeps('Do not leave the stove on.', 'Do leave the stove on.')).toBe(false);
    expect(keeps('Leave the stove on.', 'Never leave the stove on.')).toBe(false);
    expect(keeps('Use 2 cups of water.', 'Use 3 cups of water.')).toBe(false);
    expect(keeps('Use two cups of water.', 'Use a few cups of water.')).toBe(false);
  });
});

describe('guardedVariants', () => {
  it('keeps at most `count` passing outputs and stamps each with the operator provenance', () => {
    const echo: AugmentOperator = {
      name: 'echo',
      params: { k: 1 },
      variants: (text, _rng, count) => [
        text,
        '',
        ...Array.from({ length: count }, (_, i) => `${text} (${i})`),
      ],
    };
    const got = guardedVariants(echo, SOURCE, mulberry32(1), 2, ctx);
    expect(got.variants).toEqual([
      { text: `${SOURCE} (0)`, provenance: { operator: 'echo', params: { k: 1 } } },
      { text: `${SOURCE} (1)`, provenance: { operator: 'echo', params: { k: 1 } } },
    ]);
    expect(got.rejected.map((r) => r.reason)).toEqual(['identical', 'empty']);
  });
});
