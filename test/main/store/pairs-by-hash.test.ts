// Looking pairs up by content hash across data sets, in more chunks than one statement may bind.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentHash, HASH_CHUNK } from '../../../src-main/store/pairs-repo';
import { pair, tmpProject, type TmpProject } from './fixtures';

let t: TmpProject;
beforeEach(() => {
  t = tmpProject();
});
afterEach(() => t.cleanup());

describe('pairs.idsByHash', () => {
  it('maps every hash to all pairs holding it, in any data set, across chunks', () => {
    const p = t.project;
    const a = p.datasets.create({ name: 'a', sourcePath: null, format: null }).id;
    const b = p.datasets.create({ name: 'b', sourcePath: null, format: null }).id;
    const count = HASH_CHUNK * 2 + 7;
    const inA = p.transaction(() => p.pairs.insertMany(Array.from({ length: count }, (_, i) => pair(a, i))));
    // The same content again in another data set, for every third pair.
    const inB = p.transaction(() =>
      p.pairs.insertMany(
        Array.from({ length: Math.ceil(count / 3) }, (_, k) => pair(b, k * 3, { split: 'test' })),
      ),
    );
    const hashes = Array.from({ length: count }, (_, i) => {
      const x = pair(a, i);
      return contentHash(x.prompt, x.chosen, x.rejected);
    });
    const missing = 'f'.repeat(64);
    // Duplicates in the request are answered once.
    const found = p.pairs.idsByHash([...hashes, missing, hashes[0] as string]);
    expect(found.size).toBe(count);
    expect(found.has(missing)).toBe(false);
    hashes.forEach((h, i) => {
      expect(found.get(h)).toEqual(i % 3 === 0 ? [inA[i], inB[i / 3]] : [inA[i]]);
    });
    expect(p.pairs.idsByHash([])).toEqual(new Map());
  });
});
