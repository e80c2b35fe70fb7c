// The word diff: rebuilds both texts, finds a longest common subsequence, and degrades gracefully on huge input.
import { describe, expect, it } from 'vitest';
import { applyOps, diffTokens, tokenize, wordDiff } from '../../src-renderer/src/lib/word-diff';

/** Deterministic PRNG (mulberry32) so a failing case can be reproduced from its seed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VOCAB = ['the', 'cat', 'sat', 'on', 'mat', 'dog', 'ran', ',', '.', '!', 'très', 'naïve', "don't", '42'];
const SPACES = [' ', ' ', ' ', '  ', '\n', '\t'];

function randomText(next: () => number, maxWords: number): string {
  const n = Math.floor(next() * maxWords);
  let text = '';
  for (let i = 0; i < n; i++) {
    text += VOCAB[Math.floor(next() * VOCAB.length)]!;
    if (next() < 0.8) text += SPACES[Math.floor(next() * SPACES.length)]!;
  }
  return text;
}

/** Mutates a text a little so pairs share most tokens, as chosen/rejected responses do. */
function mutate(next: () => number, text: string): string {
  const tokens = tokenize(text);
  const out: string[] = [];
  for (const t of tokens) {
    const r = next();
    if (r < 0.08) continue;
    if (r < 0.16) out.push(VOCAB[Math.floor(next() * VOCAB.length)]!, ' ');
    out.push(t);
  }
  return out.join('');
}

function lcsLength(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = a[i - 1] === b[j - 1] ? diag + 1 : Math.max(row[j]!, row[j - 1]!);
      diag = up;
    }
  }
  return row[b.length]!;
}

describe('tokenize', () => {
  it('splits into words, spaces and punctuation that concatenate back to the text', () => {
    expect(tokenize("Don't panic, it's 42!\n")).toEqual([
      "Don't",
      ' ',
      'panic',
      ',',
      ' ',
      "it's",
      ' ',
      '42',
      '!',
      '\n',
    ]);
    expect(tokenize('')).toEqual([]);
  });
});

describe('wordDiff', () => {
  it('marks the changed words only', () => {
    const { ops, exact } = wordDiff('Water it sparingly, please.', 'Water it every hour, please.');
    expect(exact).toBe(true);
    expect(ops).toEqual([
      { type: 'equal', text: 'Water it ' },
      { type: 'delete', text: 'sparingly' },
      { type: 'insert', text: 'every hour' },
      { type: 'equal', text: ', please.' },
    ]);
  });

  it('property: applying the ops rebuilds both texts, and the equal tokens form a longest common subsequence', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = rng(seed);
      const a = randomText(next, 40);
      const b = next() < 0.5 ? mutate(next, a) : randomText(next, 40);
      const { ops, exact } = wordDiff(a, b);
      expect(exact, `seed ${seed}`).toBe(true);
      expect(applyOps(ops, 'a'), `seed ${seed}`).toBe(a);
      expect(applyOps(ops, 'b'), `seed ${seed}`).toBe(b);
      for (let i = 1; i < ops.length; i++)
        expect(ops[i]!.type, `seed ${seed}: ops merged`).not.toBe(ops[i - 1]!.type);
      const raw = diffTokens(tokenize(a), tokenize(b)).ops;
      expect(applyOps(raw, 'a'), `seed ${seed}`).toBe(a);
      expect(applyOps(raw, 'b'), `seed ${seed}`).toBe(b);
      const equalTokens = raw.filter((o) => o.type === 'equal').flatMap((o) => tokenize(o.text)).length;
      expect(equalTokens, `seed ${seed}: minimal`).toBe(lcsLength(tokenize(a), tokenize(b)));
    }
  });

  it('folds spaces between rewritten words into one change instead of word-by-word confetti', () => {
    const { ops } = wordDiff('Water it sparingly and let it dry.', 'Water it every hour forever.');
    expect(ops).toEqual([
      { type: 'equal', text: 'Water it ' },
      { type: 'delete', text: 'sparingly and let it dry' },
      { type: 'insert', text: 'every hour forever' },
      { type: 'equal', text: '.' },
    ]);
  });

  it('falls back to a coarse but still faithful diff when a guard trips', () => {
    const next = rng(99);
    const a = randomText(next, 400);
    const b = randomText(next, 400);
    const byEdits = wordDiff(a, b, { maxTokens: 100_000, maxEdits: 3 });
    expect(byEdits.exact).toBe(false);
    expect(applyOps(byEdits.ops, 'a')).toBe(a);
    expect(applyOps(byEdits.ops, 'b')).toBe(b);

    const shared = 'same prefix here. ';
    const hugeA = `${shared}${'alpha '.repeat(30_000)}end`;
    const hugeB = `${shared}${'beta '.repeat(30_000)}end`;
    const huge = wordDiff(hugeA, hugeB);
    expect(huge.exact).toBe(false);
    expect(huge.ops[0]).toEqual({ type: 'equal', text: shared });
    // The space before "end" is shared too, so it belongs to the common suffix.
    expect(huge.ops[huge.ops.length - 1]).toEqual({ type: 'equal', text: ' end' });
    expect(applyOps(huge.ops, 'a')).toBe(hugeA);
    expect(applyOps(huge.ops, 'b')).toBe(hugeB);
  });

  it('handles empty sides', () => {
    expect(wordDiff('', 'new words').ops).toEqual([{ type: 'insert', text: 'new words' }]);
    expect(wordDiff('old words', '').ops).toEqual([{ type: 'delete', text: 'old words' }]);
    expect(wordDiff('', '').ops).toEqual([]);
  });
});
