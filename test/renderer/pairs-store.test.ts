// The pairs store: keyset paging, filter/sort resets, and dropping answers to superseded requests.
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { MethodOutput } from '@shared/contract';
import { ErrorCode, StudioError } from '@shared/errors';
import { setStudioClient } from '../../src-renderer/src/api';
import { normalizeFilter, PAGE_SIZE, usePairsStore } from '../../src-renderer/src/stores/pairs';
import { deferred, FakeClient } from './fake-client';

let client: FakeClient;

beforeEach(() => {
  client = new FakeClient(260);
  setStudioClient(client);
  setActivePinia(createPinia());
});

describe('pairs store', () => {
  it('pages through every row with the keyset cursor and stops at the end', async () => {
    const pairs = usePairsStore();
    await pairs.reload();
    expect(pairs.rows).toHaveLength(PAGE_SIZE);
    expect(pairs.total).toBe(260);
    await pairs.loadMore();
    await pairs.loadMore();
    expect(pairs.rows.map((r) => r.id)).toEqual(Array.from({ length: 260 }, (_, i) => i + 1));
    expect(pairs.hasMore).toBe(false);
    await pairs.loadMore();
    expect(client.callsOf('pairs.page')).toHaveLength(3);
  });

  it('a new filter resets the rows and cursor and sends only real filters', async () => {
    const pairs = usePairsStore();
    await pairs.reload();
    await pairs.loadMore();
    await pairs.setFilter({ datasetId: 2, search: '  cactus ', split: undefined });
    expect(pairs.filter).toEqual({ datasetId: 2, search: 'cactus' });
    const last = client.callsOf('pairs.page').at(-1) as Record<string, unknown>;
    expect(last).toEqual({ datasetId: 2, search: 'cactus', sort: 'id', dir: 'asc', limit: PAGE_SIZE });
    expect(pairs.rows.every((r) => r.datasetId === 2 && r.promptPreview.includes('cactus'))).toBe(true);
    expect(pairs.total).toBe(65);

    await pairs.setFilter({ search: '' });
    expect(pairs.filter).toEqual({ datasetId: 2 });
    expect(pairs.total).toBe(130);
  });

  it('sorting starts over from the first page in the new order', async () => {
    const pairs = usePairsStore();
    await pairs.reload();
    await pairs.loadMore();
    await pairs.setSort('id', 'desc');
    expect(pairs.rows).toHaveLength(PAGE_SIZE);
    expect(pairs.rows[0]?.id).toBe(260);
    expect((client.callsOf('pairs.page').at(-1) as { after?: string }).after).toBeUndefined();
  });

  it('drops a slow answer that a newer filter superseded', async () => {
    const pairs = usePairsStore();
    const slow = deferred<MethodOutput<'pairs.page'>>();
    client.handlers.set('pairs.page', () => slow.promise);
    const first = pairs.reload();
    client.handlers.delete('pairs.page');
    await pairs.setFilter({ datasetId: 1 });
    slow.resolve({ rows: [], nextCursor: 'stale', total: 999 });
    await first;
    expect(pairs.total).toBe(130);
    expect(pairs.rows.every((r) => r.datasetId === 1)).toBe(true);
    expect(pairs.loading).toBe(false);
  });

  it('reports errors and opens pairs in full', async () => {
    const pairs = usePairsStore();
    client.handlers.set('pairs.page', () => {
      throw new StudioError(ErrorCode.NoProject, 'No project is open.');
    });
    await pairs.reload();
    expect(pairs.error).toBe('No project is open.');
    client.handlers.delete('pairs.page');
    await pairs.reload();
    expect(pairs.error).toBeNull();

    await pairs.open(7);
    expect(pairs.opened?.chosen).toContain('plant 7');
    await pairs.open(100_000);
    expect(pairs.openError).toBe('No pair #100000.');
  });

  it('on backend changes reloads a first-page list but only flags a deep one as stale', async () => {
    const pairs = usePairsStore();
    await pairs.reload();
    pairs.markChanged();
    await flushPromises();
    expect(client.callsOf('pairs.page')).toHaveLength(2);
    expect(pairs.stale).toBe(false);
    await pairs.loadMore();
    await pairs.loadMore();
    pairs.markChanged();
    expect(pairs.stale).toBe(true);
    expect(client.callsOf('pairs.page')).toHaveLength(4);
  });
});

describe('normalizeFilter', () => {
  it('drops empty and undefined values', () => {
    expect(normalizeFilter({ search: '   ', origin: undefined, split: 'test' })).toEqual({ split: 'test' });
  });
});
