// "Send to augmentation" on one pair: unapproved variants with provenance, approve/discard, and undo through the log.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeStudio, type TestStudio } from '../../../support/studio';

let t: TestStudio | undefined;

afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

async function demo(s: TestStudio): Promise<number> {
  await s.call('project.open', { path: join(s.dir, 'aug.prefstudio'), create: true });
  expect((await s.finished((await s.call('demo.start', { pairs: 50, seed: 4 })).id)).state).toBe('done');
  const page = await s.call('pairs.page', { limit: 1, split: 'train' });
  return page.rows[0]!.id;
}

describe('pairs.augment', () => {
  it('adds unapproved variants of the pair that keep its prompt/response roles and name their operators', async () => {
    t = makeStudio();
    const pairId = await demo(t);
    const source = await t.call('pairs.get', { id: pairId });
    const got = await t.call('pairs.augment', { pairId, count: 3, reviewer: 'ana' });
    expect(got.variants).toHaveLength(3);
    expect(got.poolSize).toBeGreaterThanOrEqual(3);
    for (const v of got.variants) {
      expect(v).toMatchObject({
        origin: 'augmented',
        parentId: pairId,
        reviewStatus: null,
        split: source.split,
        datasetId: source.datasetId,
      });
      expect((v.provenance?.['operators'] as string[]).length).toBeGreaterThan(0);
      expect([v.prompt, v.chosen, v.rejected]).not.toEqual([source.prompt, source.chosen, source.rejected]);
    }
    expect((await t.call('pairs.variants', { pairId })).map((v) => v.id)).toEqual(
      got.variants.map((v) => v.id),
    );
    const [entry] = await t.call('review.log', { pairId });
    expect(entry).toMatchObject({
      id: got.logEntryId,
      action: 'augment',
      reviewer: 'ana',
      payload: { created: got.variants.map((v) => v.id) },
    });

    // A second request draws other variants from the same pool, never a copy of one already made.
    const more = await t.call('pairs.augment', { pairId, count: 2 });
    const hashes = [...got.variants, ...more.variants].map((v) => v.contentHash);
    expect(new Set(hashes).size).toBe(5);
  });

  it('undo discards the variants no reviewer has judged, and refuses once one was approved', async () => {
    t = makeStudio();
    const pairId = await demo(t);
    const first = await t.call('pairs.augment', { pairId, count: 2 });
    const undone = await t.call('review.undo', { entryId: first.logEntryId });
    expect(undone.entry).toMatchObject({
      action: 'undo',
      undoes: first.logEntryId,
      payload: { discarded: first.variants.map((v) => v.id) },
    });
    const after = await t.call('pairs.variants', { pairId });
    expect(after.map((v) => v.reviewStatus)).toEqual(['discarded', 'discarded']);
    await expect(t.call('review.undo', { entryId: first.logEntryId })).rejects.toThrow(/already undone/);

    const second = await t.call('pairs.augment', { pairId, count: 2 });
    await t.call('review.apply', { pairId: second.variants[0]!.id, action: 'approve' });
    await expect(t.call('review.undo', { entryId: second.logEntryId })).rejects.toThrow(
      /already approved: undo that first/,
    );
  });

  it('refuses augmented and tie pairs with a message naming the pair', async () => {
    t = makeStudio();
    const pairId = await demo(t);
    const { variants } = await t.call('pairs.augment', { pairId, count: 1 });
    await expect(t.call('pairs.augment', { pairId: variants[0]!.id })).rejects.toThrow(
      new RegExp(`pair ${variants[0]!.id} is itself augmented: augment its source pair ${pairId}`),
    );
    await t.call('review.apply', { pairId, action: 'tie' });
    await expect(t.call('pairs.augment', { pairId })).rejects.toThrow(
      new RegExp(`pair ${pairId} is a tie: it has no label to preserve`),
    );
    await expect(t.call('pairs.augment', { pairId: 999_999 })).rejects.toThrow(/no pair with id 999999/);
  });
});
