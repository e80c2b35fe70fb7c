// The ambiguous-pairs queue: low-margin pairs of one model, the selected pair with its margin history and
// variants, the review actions taken on them and this session's undo stack.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { ModelSummary, Pair, PairSummary, ReviewAction } from '@shared/dto';
import type { MarginPoint } from '@shared/mars-dto';
import type { ReviewEdit } from '@shared/review-dto';
import { useStudioClient } from '../api';
import {
  defaultQueueModel,
  describeReview,
  flippedScore,
  QueuePager,
  summaryFromPair,
  type QueueSort,
  type UndoStep,
} from '../lib/ambiguous-queue';
import { errorMessage } from '../lib/format';
import { useProjectStore } from './project';

export const QUEUE_PAGE_SIZE = 50;
/** Actions after which the cursor moves on: the reviewer is done with the pair. */
const ADVANCING: ReadonlySet<ReviewAction> = new Set(['confirm', 'flip', 'tie', 'exclude']);
const TOAST_MS = 4000;

export const useAmbiguousStore = defineStore('ambiguous', () => {
  const modelId = ref<number | null>(null);
  const sort = ref<QueueSort>('signed');
  const datasetId = ref<number | undefined>(undefined);
  const includeAugmented = ref(false);
  // Shallow: rows are replaced whole, never mutated in place.
  const rows = shallowRef<PairSummary[]>([]);
  const total = ref<number | null>(null);
  const loading = ref(false);
  const loaded = ref(false);
  const hasMore = ref(false);
  const selected = ref(0);
  const opened = ref<Pair | null>(null);
  const margins = ref<MarginPoint[]>([]);
  const variants = ref<Pair[]>([]);
  const variantIndex = ref(0);
  const busy = ref(false);
  const error = ref<string | null>(null);
  const toast = ref<string | null>(null);
  /** The toast reports an action that `undo` would revert: it offers the button. */
  const toastUndo = ref(false);
  const undoStack = ref<UndoStep[]>([]);
  /** A pair asked for before the queue loaded: opened once it has. */
  const pendingFocus = ref<number | null>(null);

  /** The latest action of this session on each listed pair (undone ones dropped), for the row badges. */
  const lastActions = computed(
    () => new Map(undoStack.value.filter((s) => s.target === 'queue').map((s) => [s.pairId, s.action])),
  );
  /** Pairs of the queue a reviewer acted on in this session (undone actions no longer count). */
  const reviewedCount = computed(
    () => new Set(undoStack.value.filter((s) => s.target === 'queue').map((s) => s.pairId)).size,
  );
  const current = computed(() => rows.value[selected.value] ?? null);
  const pendingVariants = computed(() => variants.value.filter((v) => v.reviewStatus === null));

  const client = () => useStudioClient();
  let pager: QueuePager | null = null;
  // Bumped on every reload / selection so answers to superseded requests are dropped.
  let listGeneration = 0;
  let detailGeneration = 0;
  let toastTimer: ReturnType<typeof setTimeout> | null = null;

  function fail(err: unknown): void {
    error.value = errorMessage(err);
  }

  function say(message: string, undoable = false): void {
    toast.value = message;
    toastUndo.value = undoable;
    if (toastTimer !== null) clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (toast.value = null), TOAST_MS);
  }

  async function fetchMore(mine: number): Promise<void> {
    if (pager === null) return;
    loading.value = true;
    try {
      const more = await pager.next();
      if (mine !== listGeneration) return;
      rows.value = rows.value.concat(more);
      total.value = pager.total;
      hasMore.value = !pager.done;
      loaded.value = true;
    } catch (err) {
      if (mine === listGeneration) fail(err);
    } finally {
      if (mine === listGeneration) loading.value = false;
    }
  }

  /** Starts the queue over with the current model, sort and filters; selects its first pair. */
  async function reload(): Promise<void> {
    const mine = ++listGeneration;
    rows.value = [];
    total.value = null;
    selected.value = 0;
    hasMore.value = false;
    if (modelId.value === null) {
      pager = null;
      loaded.value = true;
      return;
    }
    const scope = {
      modelId: modelId.value,
      datasetId: datasetId.value,
      includeAugmented: includeAugmented.value,
    };
    pager = new QueuePager(sort.value, scope, (q) => client().call('pairs.page', q), QUEUE_PAGE_SIZE);
    await fetchMore(mine);
    if (mine !== listGeneration) return;
    const focus = pendingFocus.value;
    pendingFocus.value = null;
    await (focus === null ? openSelected() : focusPair(focus));
  }

  function loadMore(): Promise<void> {
    if (loading.value || !hasMore.value) return Promise.resolve();
    return fetchMore(listGeneration);
  }

  /** Picks the model (the default one when none is given) and loads its queue. */
  function init(models: readonly ModelSummary[]): Promise<void> {
    if (modelId.value === null || !models.some((m) => m.id === modelId.value))
      modelId.value = defaultQueueModel(models)?.id ?? null;
    return reload();
  }

  function configure(patch: {
    modelId?: number;
    sort?: QueueSort;
    datasetId?: number | null;
    includeAugmented?: boolean;
  }): Promise<void> {
    if (patch.modelId !== undefined) modelId.value = patch.modelId;
    if (patch.sort !== undefined) sort.value = patch.sort;
    if (patch.datasetId !== undefined) datasetId.value = patch.datasetId ?? undefined;
    if (patch.includeAugmented !== undefined) includeAugmented.value = patch.includeAugmented;
    return reload();
  }

  /** Loads the full pair, its margin history and its variants. */
  async function openPair(id: number): Promise<void> {
    const mine = ++detailGeneration;
    try {
      const [pair, history, children] = await Promise.all([
        client().call('pairs.get', { id }),
        client().call('pairs.margins', { pairId: id }),
        client().call('pairs.variants', { pairId: id }),
      ]);
      if (mine !== detailGeneration) return;
      opened.value = pair;
      margins.value = history;
      variants.value = children;
      variantIndex.value = 0;
    } catch (err) {
      if (mine === detailGeneration) fail(err);
    }
  }

  function openSelected(): Promise<void> {
    const row = current.value;
    if (row === null) {
      opened.value = null;
      return Promise.resolve();
    }
    return openPair(row.id);
  }

  function select(index: number): Promise<void> {
    const last = rows.value.length - 1;
    if (last < 0) return Promise.resolve();
    selected.value = Math.min(Math.max(index, 0), last);
    // The end of the list is the moment to fetch the next page.
    if (last - selected.value < 5) void loadMore();
    return openSelected();
  }

  /** Shows a pair by id (e.g. from the rounds ledger): selects it when listed, opens it regardless. */
  function focusPair(id: number): Promise<void> {
    if (!loaded.value) {
      pendingFocus.value = id;
      return Promise.resolve();
    }
    const at = rows.value.findIndex((r) => r.id === id);
    if (at !== -1) selected.value = at;
    return openPair(id);
  }

  function replaceRow(pair: Pair, flipScore: boolean): void {
    const at = rows.value.findIndex((r) => r.id === pair.id);
    if (at !== -1) {
      const old = rows.value[at] as PairSummary;
      const score = old.score === undefined || !flipScore ? old.score : flippedScore(old.score);
      const next = rows.value.slice();
      next[at] = summaryFromPair(pair, score);
      rows.value = next;
    }
    if (opened.value?.id === pair.id) opened.value = pair;
  }

  function replaceVariant(pair: Pair): void {
    variants.value = variants.value.map((v) => (v.id === pair.id ? pair : v));
  }

  async function run<T>(work: () => Promise<T>): Promise<T | null> {
    busy.value = true;
    try {
      const out = await work();
      error.value = null;
      return out;
    } catch (err) {
      fail(err);
      return null;
    } finally {
      busy.value = false;
    }
  }

  /** Applies a review action to the selected pair; the row updates in place and the cursor may move on. */
  async function act(action: Exclude<ReviewAction, 'edit' | 'approve' | 'discard'>): Promise<void> {
    const row = current.value;
    // A held-down key must not apply one action twice to a pair whose answer is still on its way.
    if (row === null || busy.value) return;
    const index = selected.value;
    const done = await run(() => client().call('review.apply', { pairId: row.id, action }));
    if (done === null) return;
    replaceRow(done.pair, action === 'flip');
    undoStack.value = [
      ...undoStack.value,
      { entryId: done.entry.id, action, pairId: row.id, target: 'queue' },
    ];
    const after = rows.value.find((r) => r.id === row.id)?.score;
    say(describeReview(action, done.pair, row.score, after), true);
    if (ADVANCING.has(action) && index === selected.value) await select(index + 1);
  }

  /** Saves an edit of the opened pair with only the fields that changed; false when it failed. */
  async function saveEdit(edit: ReviewEdit): Promise<boolean> {
    const pair = opened.value;
    if (pair === null) return false;
    const done = await run(() => client().call('review.apply', { pairId: pair.id, action: 'edit', edit }));
    if (done === null) return false;
    replaceRow(done.pair, false);
    undoStack.value = [
      ...undoStack.value,
      { entryId: done.entry.id, action: 'edit', pairId: pair.id, target: 'queue' },
    ];
    return true;
  }

  /** Generates variants of the opened pair; they join its variants list unapproved. */
  async function augment(): Promise<void> {
    const pair = opened.value;
    if (pair === null) return;
    const done = await run(() => client().call('pairs.augment', { pairId: pair.id }));
    if (done === null) return;
    undoStack.value = [
      ...undoStack.value,
      { entryId: done.logEntryId, action: 'augment', pairId: pair.id, target: 'augment' },
    ];
    if (opened.value?.id !== pair.id) return;
    const known = new Set(variants.value.map((v) => v.id));
    variants.value = variants.value.concat(done.variants.filter((v) => !known.has(v.id)));
    say(`${done.variants.length} variants of pair ${pair.id} (pool of ${done.poolSize})`);
  }

  async function reviewVariant(variant: Pair, action: 'approve' | 'discard'): Promise<boolean> {
    const done = await run(() => client().call('review.apply', { pairId: variant.id, action }));
    if (done === null) return false;
    replaceVariant(done.pair);
    undoStack.value = [
      ...undoStack.value,
      { entryId: done.entry.id, action, pairId: variant.id, target: 'variant' },
    ];
    return true;
  }

  function reviewSelectedVariant(action: 'approve' | 'discard'): Promise<boolean> {
    const variant = variants.value[variantIndex.value];
    return variant === undefined ? Promise.resolve(false) : reviewVariant(variant, action);
  }

  /** Approves or discards every variant nobody reviewed yet, one logged action each; stops at the first error. */
  async function reviewAllPending(action: 'approve' | 'discard'): Promise<void> {
    for (const variant of pendingVariants.value) {
      if (!(await reviewVariant(variant, action))) return;
    }
  }

  function selectVariant(index: number): void {
    const last = variants.value.length - 1;
    if (last >= 0) variantIndex.value = Math.min(Math.max(index, 0), last);
  }

  /** Reverts the latest action of this session. */
  async function undo(): Promise<void> {
    const step = undoStack.value.at(-1);
    if (step === undefined) {
      say('Nothing to undo in this session.');
      return;
    }
    undoStack.value = undoStack.value.slice(0, -1);
    const done = await run(() => client().call('review.undo', { entryId: step.entryId }));
    if (done === null) return;
    if (step.target === 'variant') replaceVariant(done.pair);
    else if (step.target === 'queue') replaceRow(done.pair, step.action === 'flip');
    else if (opened.value?.id === step.pairId) await openPair(step.pairId);
    say(`Undid ${step.action} on pair ${step.pairId}`);
  }

  // Another project has other models and pairs: the queue and its undo stack start over there.
  watch(
    () => useProjectStore().project?.path,
    () => {
      listGeneration++;
      detailGeneration++;
      modelId.value = null;
      rows.value = [];
      opened.value = null;
      variants.value = [];
      undoStack.value = [];
      loaded.value = false;
    },
  );

  function dismissError(): void {
    error.value = null;
  }

  return {
    modelId,
    sort,
    datasetId,
    includeAugmented,
    rows,
    total,
    loading,
    loaded,
    hasMore,
    selected,
    current,
    opened,
    margins,
    variants,
    variantIndex,
    pendingVariants,
    busy,
    error,
    toast,
    toastUndo,
    lastActions,
    undoStack,
    reviewedCount,
    init,
    configure,
    reload,
    loadMore,
    select,
    focusPair,
    act,
    saveEdit,
    augment,
    reviewSelectedVariant,
    reviewVariant,
    reviewAllPending,
    selectVariant,
    undo,
    dismissError,
  };
});
