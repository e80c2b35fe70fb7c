// The patch: reviewers' changes against the imported HH file; `patch apply` on the original file gives the bytes of a direct export.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPatch } from '../../../src-main/exporters/patch/apply-patch';
import type { PatchChange } from '../../../src-main/exporters/patch/patch-file';
import { HH_SAMPLE, HH_SKIP_NOTE, hasHhSample } from '../import/helpers';
import { makeStudio } from '../../support/studio';

describe.skipIf(!hasHhSample)(`patch export and apply on the HH sample${HH_SKIP_NOTE}`, () => {
  it('reproduces the patched set byte for byte from the original file, without the project', async () => {
    const t = makeStudio();
    try {
      await t.call('project.open', { path: join(t.dir, 'p.prefstudio'), create: true });
      expect((await t.finished((await t.call('import.start', { path: HH_SAMPLE })).id)).state).toBe('done');
      const ids = (await t.call('pairs.page', { limit: 6 })).rows.map((r) => r.id);
      const review = (pairId: number, action: 'exclude' | 'flip' | 'tie' | 'confirm') => t.call('review.apply', { pairId, action, reviewer: 'ana' });
      await review(ids[0]!, 'exclude');
      await review(ids[1]!, 'flip');
      await review(ids[2]!, 'tie');
      await t.call('review.apply', { pairId: ids[3]!, action: 'edit', reviewer: 'ana', edit: { chosen: ' A better, edited answer.' } });
      const undone = await review(ids[4]!, 'exclude');
      await t.call('review.undo', { entryId: undone.entry.id, reviewer: 'ana' });
      await review(ids[5]!, 'confirm');

      const patch = join(t.dir, 'patch.jsonl');
      const direct = join(t.dir, 'direct.jsonl');
      expect((await t.finished((await t.call('export.start', { path: patch, format: 'patch', shape: 'hh' })).id)).state).toBe('done');
      expect((await t.finished((await t.call('export.start', { path: direct, shape: 'hh', filter: { datasetId: 1 } })).id)).state).toBe('done');

      const changes = readFileSync(patch, 'utf8').trimEnd().split('\n').slice(1).map((l) => JSON.parse(l) as PatchChange);
      // The undone exclusion and the plain confirmation change nothing, so they are not in the patch.
      expect(changes.map((c) => (c.type === 'modify' ? c.ops.join('+') : c.type))).toEqual(['remove', 'flip', 'tie', 'edit']);
      expect(changes[1]).toMatchObject({ history: [{ action: 'flip', reviewer: 'ana' }] });

      const out = join(t.dir, 'applied.jsonl');
      const counts = await applyPatch(HH_SAMPLE, patch, out, false);
      expect(counts).toMatchObject({ removed: 1, modified: 3, added: 0 });
      expect(readFileSync(out).equals(readFileSync(direct))).toBe(true);
      await expect(applyPatch(HH_SAMPLE, patch, out, false)).rejects.toMatchObject({ code: 'TARGET_EXISTS' });
    } finally {
      await t.dispose();
    }
  }, 120_000);
});
