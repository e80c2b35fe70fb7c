// The seeded validation split at import: an exact share per block of lines, reproducible, seed-dependent.
import { describe, expect, it } from 'vitest';
import { splitForLine } from '../../../src-main/importers/split';

const lines = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe('validation split', () => {
  it('moves exactly the share of every full block of 100 lines to validation', () => {
    const rule = { split: 'train' as const, validationShare: 0.1, seed: 1 };
    for (let block = 0; block < 5; block++) {
      const inBlock = lines(100).map((l) => splitForLine(block * 100 + l, rule));
      expect(inBlock.filter((s) => s === 'validation')).toHaveLength(10);
    }
    expect(lines(1000).filter((l) => splitForLine(l, { ...rule, validationShare: 0.25 }) === 'validation')).toHaveLength(250);
  });

  it('is the same for the same seed and differs for another', () => {
    const pick = (seed: number): number[] => lines(300).filter((l) => splitForLine(l, { split: 'train', validationShare: 0.1, seed }) === 'validation');
    expect(pick(1)).toEqual(pick(1));
    expect(pick(2)).not.toEqual(pick(1));
    // Not simply every tenth line.
    expect(pick(1).some((l) => l % 10 !== pick(1)[0]! % 10)).toBe(true);
  });

  it('leaves other default splits, and a zero share, alone', () => {
    expect(lines(200).every((l) => splitForLine(l, { split: 'test', validationShare: 0.1, seed: 1 }) === 'test')).toBe(true);
    expect(lines(200).every((l) => splitForLine(l, { split: 'train', validationShare: 0, seed: 1 }) === 'train')).toBe(true);
  });
});
