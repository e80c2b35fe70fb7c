// The offline operators on hand-made, demo and real HH text: they change the text, a little, and only where it is safe.
import { describe, expect, it } from 'vitest';
import { generateDemoPairs } from '../../../../src-main/demo/generate';
import { mulberry32 } from '../../../../src-main/engine/rng';
import { reorderOperator } from '../../../../src-main/engine/mars/operators/reorder';
import { spanDeleteOperator } from '../../../../src-main/engine/mars/operators/span-delete';
import { synonymOperator } from '../../../../src-main/engine/mars/operators/synonym';
import { normalise } from '../../../../src-main/engine/mars/operators/text';
import { wordNet } from '../../../../src-main/engine/mars/operators/wordnet';
import { HH_SKIP, loadHH } from './fixtures';

const words = (t: string) => t.match(/[A-Za-z0-9’']+/g) ?? [];
const sortedChars = (t: string) => [...t.replace(/\s+/g, '')].sort().join('');

describe('synonym', () => {
  const op = synonymOperator({ fraction: 1 });

  it('swaps content words for WordNet synonyms, keeping sentence-initial capitals and punctuation', () => {
    const [v] = op.variants('Maybe a doctor can help, probably.', mulberry32(1), 1);
    expect(v).toBe('Possibly a physician can help, likely.');
  });

  it('leaves names, quoted text, code, numbers, contractions and function words alone', () => {
    const text =
      'Ask Maybe about "the difficult movie" and `difficult` or difficult-ish 3difficult, don’t you think.';
    expect(op.variants(text, mulberry32(1), 3)).toEqual([]);
  });

  it('reads plural nouns as plurals and keeps them plural', () => {
    expect(op.variants('The students left early.', mulberry32(1), 2)).toEqual(['The pupils left early.']);
  });

  it('records its settings as provenance params', () => {
    expect(synonymOperator().params).toEqual({
      fraction: 0.2,
      maxSenses: 4,
      mutualSenses: 1,
      dominance: 2,
      minCount: 3,
    });
  });

  it(`changes real HH responses a little: same word count, most words kept, each swap a WordNet synonym${HH_SKIP}`, () => {
    const lex = wordNet();
    let changed = 0;
    for (const [i, pair] of loadHH(200).entries()) {
      for (const v of synonymOperator().variants(pair.chosen, mulberry32(i), 2)) {
        changed++;
        const [a, b] = [words(pair.chosen), words(v)];
        expect(b.length).toBe(a.length);
        const diffs = a.flatMap((w, k) =>
          w === b[k] ? [] : [[w.toLowerCase(), (b[k] as string).toLowerCase()] as const],
        );
        expect(diffs.length).toBeGreaterThan(0);
        expect(diffs.length).toBeLessThanOrEqual(Math.max(1, Math.ceil(a.length * 0.25)));
        for (const [from, to] of diffs) {
          const base = (w: string) => (lex.posOf(w).length > 0 ? w : w.replace(/s$/, ''));
          expect(lex.posOf(base(to)).length, `${from} → ${to}`).toBeGreaterThan(0);
        }
      }
    }
    if (!HH_SKIP) expect(changed).toBeGreaterThan(50);
  });
});

describe('span-delete', () => {
  const op = spanDeleteOperator();

  it('drops a filler sentence, keeping the spacing of the rest', () => {
    const text =
      ' Sure. Rinse the rice until the water runs clear. Many people ask about this. Hope this helps.';
    const out = op.variants(text, mulberry32(1), 10);
    expect(out).toContain(' Sure. Rinse the rice until the water runs clear. Hope this helps.');
    expect(out).toContain(' Sure. Rinse the rice until the water runs clear. Many people ask about this.');
    expect(out).toContain(
      ' Rinse the rice until the water runs clear. Many people ask about this. Hope this helps.',
    );
    for (const v of out) expect(v).toContain('Rinse the rice until the water runs clear.');
  });

  it('drops short parentheticals and trailing asides, but not ones carrying numbers or negations', () => {
    expect(
      op.variants('Use a gentle soap (the mild kind) on the wool, of course.', mulberry32(2), 5).sort(),
    ).toEqual([
      'Use a gentle soap (the mild kind) on the wool.',
      'Use a gentle soap on the wool, of course.',
      'Use a gentle soap on the wool.',
    ]);
    expect(op.variants('Use a gentle soap (not bleach) on the wool (two drops).', mulberry32(2), 5)).toEqual(
      [],
    );
  });

  it('never deletes the only sentence, a sentence with a number or negation, or below the word floor', () => {
    expect(op.variants('Hope this helps.', mulberry32(1), 3)).toEqual([]);
    expect(op.variants('Take your time. Good luck!', mulberry32(1), 3)).toEqual([]);
    expect(
      spanDeleteOperator({ minWords: 6 }).variants('Wash it gently. Hope this helps.', mulberry32(1), 3),
    ).toEqual([]);
  });

  it(`only removes text from real HH responses: the variant's words are the source's in order${HH_SKIP}`, () => {
    let changed = 0;
    for (const [i, pair] of loadHH(400).entries()) {
      for (const v of op.variants(pair.chosen, mulberry32(i), 2)) {
        changed++;
        const [a, b] = [words(pair.chosen), words(v)];
        expect(b.length).toBeLessThan(a.length);
        let k = 0;
        for (const w of b) {
          while (k < a.length && a[k] !== w) k++;
          expect(k, `"${w}" in ${JSON.stringify(v)}`).toBeLessThan(a.length);
          k++;
        }
      }
    }
    if (!HH_SKIP) expect(changed).toBeGreaterThan(5);
  });
});

describe('reorder', () => {
  const op = reorderOperator();

  it('swaps two adjacent stand-alone sentences and nothing else', () => {
    const text = ' Sure. Rinse the rice in cold water. Many people ask about this.';
    expect(op.variants(text, mulberry32(1), 3)).toEqual([
      ' Sure. Many people ask about this. Rinse the rice in cold water.',
    ]);
    expect(
      op.variants(
        ' Rinse the rice until the water runs clear. Many people ask about this.',
        mulberry32(1),
        3,
      ),
    ).toEqual([]);
  });

  it('keeps sentences that refer back, questions, numbered lines and consecutive steps in place', () => {
    expect(op.variants('Dogs need walks every day. It keeps them calm.', mulberry32(1), 3)).toEqual([]);
    expect(op.variants('Dogs need long walks. Do you have a yard?', mulberry32(1), 3)).toEqual([]);
    expect(op.variants('Rinse the rice well. Soak the rice for an hour.', mulberry32(1), 3)).toEqual([]);
    expect(
      op.variants('Dogs need walks. Cats like quiet rooms.\n\nHuman: Thanks.', mulberry32(1), 3),
    ).toEqual(['Cats like quiet rooms. Dogs need walks.\n\nHuman: Thanks.']);
  });

  it(`keeps every character of real HH and demo texts, only in another order${HH_SKIP}`, () => {
    const texts = [
      ...loadHH(400).map((p) => p.chosen),
      ...generateDemoPairs({ pairs: 200, seed: 3 }).map((p) => p.chosen),
    ];
    let changed = 0;
    for (const [i, t] of texts.entries()) {
      for (const v of op.variants(t, mulberry32(i), 2)) {
        changed++;
        expect(normalise(v)).not.toBe(normalise(t));
        expect(sortedChars(v)).toBe(sortedChars(t));
        expect(v.split('\n').length).toBe(t.split('\n').length);
      }
    }
    expect(changed).toBeGreaterThan(50);
  });
});
