// The pair browser's data: filter, sort, the keyset-paged rows loaded so far, and the pair opened in full.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Pair, PairFilter, PairSummary, SortKey } from '@shared/dto';
import { useStudioClient } from '../api';
import { errorMessage } from '../lib/format';

export const PAGE_SIZE = 100;

export type SortDir = 'asc' | 'desc';

/** Drops empty values so the backend sees only real filters (and the export manifest records only those). */
export function normalizeFilter(filter: PairFilter): PairFilter {
  const out: PairFilter = {};
  if (filter.datasetId !== undefined) out.datasetId = filter.datasetId;
  if (filter.origin !== undefined) out.origin = filter.origin;
  if (filter.split !== undefined) out.split = filter.split;
  const search = filter.search?.trim();
  if (search !== undefined && search !== '') out.search = search;
  // Margin filters mean nothing without the model whose margins they read.
  if (filter.modelId !== undefined) {
    out.modelId = filter.modelId;
    if (filter.absMarginMin !== undefined) out.absMarginMin = filter.absMarginMin;
    if (filter.absMarginMax !== undefined) out.absMarginMax = filter.absMarginMax;
    if (filter.disagree === true) out.disagree = true;
  }
  return out;
}

/** Sort keys that read a model's scores, so they need `modelId`. */
export const MODEL_SORT_KEYS: ReadonlySet<SortKey> = new Set<SortKey>(['margin', 'absMargin']);

export const usePairsStore = defineStore('pairs', () => {
  const filter = ref<PairFilter>({});
  const sort = ref<SortKey>('id');
  const dir = ref<SortDir>('asc');
  // Shallow: tens of thousands of rows must not each become reactive proxies.
  const rows = shallowRef<PairSummary[]>([]);
  const total = ref(0);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const opened = ref<Pair | null>(null);
  const openError = ref<string | null>(null);
  /** New pairs arrived while the user was deep in the list; they reload when they choose to. */
  const stale = ref(false);

  const hasMore = computed(() => nextCursor.value !== null);
  // Bumped by every reset so answers to superseded requests are dropped.
  let generation = 0;

  async function fetchPage(after: string | undefined): Promise<void> {
    const mine = generation;
    loading.value = true;
    try {
      const page = await useStudioClient().call('pairs.page', {
        ...filter.value,
        sort: sort.value,
        dir: dir.value,
        limit: PAGE_SIZE,
        // Later pages keep the first page's total: recounting a |margin| band costs more than the page.
        ...(after === undefined ? {} : { after, withTotal: false }),
      });
      if (mine !== generation) return;
      // A new array, so that components holding the old one (as a prop) see the change.
      rows.value = rows.value.concat(page.rows);
      if (after === undefined) total.value = page.total;
      nextCursor.value = page.nextCursor;
      error.value = null;
      loaded.value = true;
    } catch (err) {
      if (mine === generation) error.value = errorMessage(err);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  /** Starts over from the first page with the current filter and sort. */
  function reload(): Promise<void> {
    generation++;
    stale.value = false;
    rows.value = [];
    nextCursor.value = null;
    return fetchPage(undefined);
  }

  /** Data changed on the backend: refresh a list still on its first page, otherwise only flag it. */
  function markChanged(): void {
    if (rows.value.length <= PAGE_SIZE) void reload();
    else stale.value = true;
  }

  function loadMore(): Promise<void> {
    if (loading.value || nextCursor.value === null) return Promise.resolve();
    return fetchPage(nextCursor.value);
  }

  function setFilter(patch: Partial<PairFilter>): Promise<void> {
    filter.value = normalizeFilter({ ...filter.value, ...patch });
    if (filter.value.modelId === undefined && MODEL_SORT_KEYS.has(sort.value)) sort.value = 'id';
    return reload();
  }

  /** The pairs a model ranks against their label, most confidently wrong first; other filters are cleared. */
  function showDisagreements(modelId: number): Promise<void> {
    filter.value = normalizeFilter({ modelId, disagree: true });
    sort.value = 'margin';
    dir.value = 'asc';
    return reload();
  }

  function setSort(key: SortKey, direction: SortDir): Promise<void> {
    sort.value = key;
    dir.value = direction;
    return reload();
  }

  async function open(id: number): Promise<void> {
    try {
      opened.value = await useStudioClient().call('pairs.get', { id });
      openError.value = null;
    } catch (err) {
      openError.value = errorMessage(err);
    }
  }

  function close(): void {
    opened.value = null;
    openError.value = null;
  }

  return {
    filter,
    sort,
    dir,
    rows,
    total,
    loading,
    loaded,
    error,
    hasMore,
    stale,
    opened,
    openError,
    reload,
    loadMore,
    markChanged,
    setFilter,
    setSort,
    showDisagreements,
    open,
    close,
  };
});
