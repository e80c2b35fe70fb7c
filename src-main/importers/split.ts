// The seeded validation split given at import to rows whose source names no split: a fixed share of every data
// set, chosen at random but reproducibly, and the same on a resumed import (it depends only on the source line).
import type { Split } from '../shared/dto';

/** Lines are split in blocks of this many: each full block holds exactly round(BLOCK·share) validation rows. */
const BLOCK = 100;

export interface SplitRule {
  /** Split for rows whose source does not say (the import's `split` option). */
  split: Split;
  /** Share of those rows moved to `validation` when `split` is `train` (0 turns it off). */
  validationShare: number;
  seed: number;
}

/** mulberry32: a small seeded generator, enough to shuffle a block. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cache = new Map<string, Uint8Array>();

/** Which positions of block `block` are validation: a seeded shuffle of 0..BLOCK-1, its first `k` taken. */
function validationPositions(seed: number, block: number, k: number): Uint8Array {
  const key = `${seed}:${block}:${k}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const rand = mulberry32(Math.imul(seed, 0x9e3779b1) ^ Math.imul(block + 1, 0x85ebca6b));
  const order = Array.from({ length: BLOCK }, (_, i) => i);
  for (let i = BLOCK - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const marks = new Uint8Array(BLOCK);
  for (const pos of order.slice(0, k)) marks[pos] = 1;
  if (cache.size > 64) cache.clear();
  cache.set(key, marks);
  return marks;
}

/**
 * The split of a row from source line `line` (1-based) whose source names none. Each import is one data set, so
 * taking the share block by block within the import stratifies the split by data set.
 */
export function splitForLine(line: number, rule: SplitRule): Split {
  if (rule.split !== 'train' || rule.validationShare <= 0) return rule.split;
  const index = line - 1;
  const k = Math.round(BLOCK * rule.validationShare);
  return validationPositions(rule.seed, Math.floor(index / BLOCK), k)[index % BLOCK] === 1 ? 'validation' : 'train';
}
