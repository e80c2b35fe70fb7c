// The class check an attack counts REFORM's failures with: the demo's rule on demo pairs, nothing elsewhere.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classCheckFor } from '../../../src-main/curation/failures/class-check';
import { demoQuality, generateDemoPairs } from '../../../src-main/demo/generate';
import type { ProjectDb } from '../../../src-main/store/types';
import { tmpProject, type TmpProject } from '../store/fixtures';

let t: TmpProject;
let db: ProjectDb;
beforeEach(() => {
  t = tmpProject();
  db = t.project;
});
afterEach(() => t.cleanup());

function insert(format: string | null, pairs: Array<{ prompt: string; chosen: string; rejected: string }>): number[] {
  const ds = db.datasets.create({ name: format ?? 'plain', sourcePath: null, format });
  return db.transaction(() =>
    db.pairs.insertMany(pairs.map((p) => ({ ...p, datasetId: ds.id, split: 'train' as const, origin: 'original' as const }))),
  );
}

describe('classCheckFor', () => {
  it('on demo pairs: a response keeps its class when the rule puts it in the role’s class', () => {
    const pairs = generateDemoPairs({ pairs: 20, seed: 3 }).filter((p) => p.extra.noisy !== true);
    const ids = insert('demo', pairs);
    const check = classCheckFor(db);
    let checked = 0;
    pairs.forEach((p, i) => {
      const id = ids[i]!;
      expect(check.knows(id)).toBe(true);
      // The demo's chosen responses are good and its rejected ones bad, by construction of the rule.
      for (const [response, good] of [[p.chosen, demoQuality(p.prompt, p.chosen) >= 1], [p.rejected, demoQuality(p.prompt, p.rejected) >= 1]] as const) {
        expect(check.keeps(id, 'aligned', response)).toBe(good);
        expect(check.keeps(id, 'misaligned', response)).toBe(!good);
        checked++;
      }
      expect(check.keeps(id, 'aligned', p.chosen)).toBe(true);
      expect(check.keeps(id, 'misaligned', p.rejected)).toBe(true);
    });
    expect(checked).toBeGreaterThan(10);
  });

  it('on any other data set, and for a missing pair, it knows no class and confirms nothing', () => {
    const [id] = insert('jsonl', [{ prompt: 'Human: hi\n\nAssistant:', chosen: ' Hello!', rejected: ' Go away.' }]);
    const check = classCheckFor(db);
    expect(check.knows(id!)).toBe(false);
    expect(check.keeps(id!, 'aligned', ' Hello!')).toBe(false);
    expect(check.knows(999_999)).toBe(false);
  });
});
