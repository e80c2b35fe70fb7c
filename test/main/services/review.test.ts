// Review through the contract on a real Studio: actions, undo, the log, validation and refusals as error codes.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, StudioError } from '../../../src-main/shared/errors';
import { makeStudio, type TestStudio } from '../../support/studio';

let t: TestStudio;
afterEach(async () => t?.dispose());

async function demoPairIds(): Promise<number[]> {
  await t.call('project.open', { path: join(t.dir, 'r.prefstudio'), create: true });
  expect((await t.finished((await t.call('demo.start', { pairs: 10, seed: 3 })).id)).state).toBe('done');
  return (await t.call('pairs.page', { limit: 10 })).rows.map((r) => r.id);
}

async function failure(promise: Promise<unknown>): Promise<StudioError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof StudioError)) throw new Error(`expected a StudioError, got ${String(err)}`);
  return err;
}

describe('review methods', () => {
  it('flips a pair, undoes it, and the log holds both entries', async () => {
    t = makeStudio();
    const [first, second] = await demoPairIds();
    const pairId = first as number;
    const original = await t.call('pairs.get', { id: pairId });
    expect(original.reviewStatus).toBeNull();

    const flip = await t.call('review.apply', { pairId, action: 'flip' });
    expect(flip.entry).toMatchObject({ action: 'flip', reviewer: 'local', pairId, undoes: null });
    expect(flip.pair).toMatchObject({ chosen: original.rejected, rejected: original.chosen, reviewStatus: 'confirmed' });
    expect(t.events).toContainEqual({ type: 'pairs-changed', datasetId: original.datasetId });
    const page = await t.call('pairs.page', { reviewStatus: 'confirmed' });
    expect(page.rows.map((r) => [r.id, r.reviewStatus])).toEqual([[pairId, 'confirmed']]);

    const undo = await t.call('review.undo', { entryId: flip.entry.id, reviewer: 'lead' });
    expect(undo.pair).toEqual(original);
    expect(undo.entry).toMatchObject({ action: 'undo', reviewer: 'lead', undoes: flip.entry.id });

    await t.call('review.apply', { pairId: second as number, action: 'exclude' });
    expect((await t.call('review.log', { pairId })).map((e) => [e.id, e.action, e.undoes])).toEqual([
      [flip.entry.id, 'flip', null],
      [undo.entry.id, 'undo', flip.entry.id],
    ]);
    expect(await t.call('review.log', { after: undo.entry.id })).toHaveLength(1);
    expect((await failure(t.call('review.undo', { entryId: undo.entry.id }))).code).toBe(ErrorCode.InvalidRequest);
  });

  it('validates edits and refuses approving an original pair', async () => {
    t = makeStudio();
    const [pairId] = (await demoPairIds()) as [number];
    const missing = await failure(t.call('review.apply', { pairId, action: 'edit' }));
    expect(missing.code).toBe(ErrorCode.InvalidRequest);
    expect(missing.message).toMatch(/edit/);
    expect((await failure(t.call('review.apply', { pairId, action: 'edit', edit: {} }))).message).toMatch(/at least one/);
    expect((await failure(t.call('review.apply', { pairId, action: 'edit', edit: { chosen: '' } }))).code).toBe(
      ErrorCode.InvalidRequest,
    );
    expect((await failure(t.call('review.apply', { pairId, action: 'confirm', edit: { chosen: 'x' } }))).code).toBe(
      ErrorCode.InvalidRequest,
    );
    const approve = await failure(t.call('review.apply', { pairId, action: 'approve' }));
    expect(approve.code).toBe(ErrorCode.InvalidRequest);
    expect(approve.message).toMatch(/not augmented/);
    expect((await failure(t.call('review.apply', { pairId: 999_999, action: 'confirm' }))).code).toBe(ErrorCode.NotFound);

    const edited = await t.call('review.apply', { pairId, action: 'edit', edit: { prompt: 'A new quokka prompt' } });
    expect(edited.pair).toMatchObject({ prompt: 'A new quokka prompt', reviewStatus: 'confirmed' });
    expect((await t.call('pairs.page', { search: 'quokka' })).rows.map((r) => [r.id, r.promptLen])).toEqual([
      [pairId, 'A new quokka prompt'.length],
    ]);
    expect(await t.call('review.log', {})).toEqual([edited.entry]);
  });
});
