// The ambiguous-pairs queue: which pairs.page queries each sort mode makes, in what order rows arrive, paging,
// filters, the selected pair's margin history, and `g a` from the shell.
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { setStudioClient } from '../../src-renderer/src/api';
import App from '../../src-renderer/src/App.vue';
import { useAmbiguousStore } from '../../src-renderer/src/stores/ambiguous';
import AmbiguousView from '../../src-renderer/src/views/AmbiguousView.vue';
import { FakeClient } from './fake-client';
import { mountWith, press } from './mounting';
import { fakeMargin, makeModel } from './model-fixtures';

let client: FakeClient;

/** The rows the list renders (it is virtualised: only those near the viewport). */
const shownIds = (w: VueWrapper) =>
  w.findAll('[data-testid="amb-row"]').map((r) => Number(r.attributes('data-pair-id')));
/** Every row loaded so far, in queue order. */
const rowIds = () => useAmbiguousStore().rows.map((r) => r.id);
const rowMargins = () => useAmbiguousStore().rows.map((r) => r.score?.margin as number);
const pageCalls = () => client.callsOf('pairs.page') as Record<string, unknown>[];

async function choose(w: VueWrapper, testid: string, value: string): Promise<void> {
  await w.get(`[data-testid="${testid}"]`).setValue(value);
  await flushPromises();
}

beforeEach(() => {
  client = new FakeClient(30);
  // Newest first: a model still training (no scores), then two ready reward models.
  client.models = [
    makeModel(3, { status: 'training', scoredPairs: 0, metrics: null }),
    makeModel(2, { round: 1 }),
    makeModel(1),
  ];
  setStudioClient(client);
});

describe('ambiguous queue sort modes', () => {
  it('defaults to the newest ready reward model, original pairs, most mis-ranked first (signed margin asc)', async () => {
    const w = await mountWith(AmbiguousView);
    expect(pageCalls()).toEqual([{ modelId: 2, origin: 'original', sort: 'margin', dir: 'asc', limit: 50 }]);
    expect(w.get('[data-testid="amb-model"]').element).toHaveProperty('value', '2');
    const margins = rowMargins();
    expect(margins).toHaveLength(30);
    // The DOM rows carry the same margins in the same order.
    const shown = w.findAll('[data-testid="amb-row"]').map((r) => Number(r.attributes('data-margin')));
    expect(shown.length).toBeGreaterThan(5);
    expect(shown).toEqual(margins.slice(0, shown.length));
    expect(shownIds(w)).toEqual(rowIds().slice(0, shown.length));
    expect(margins).toEqual([...margins].sort((a, b) => a - b));
    expect(margins[0]).toBe(Math.min(...client.pairs.map((p) => fakeMargin(2, p.id))));
    // The first pair opens with its margin under each model, oldest first, labelled by round.
    const first = rowIds()[0] as number;
    expect(w.get('[data-testid="amb-pair"]').attributes('data-pair-id')).toBe(String(first));
    expect(client.callsOf('pairs.margins')).toEqual([{ pairId: first }]);
    const points = w.findAll('[data-testid="margin-point"]');
    // (The fake scores the pair under every listed model, the one still training included.)
    expect(points.map((p) => Number(p.attributes('data-margin')))).toEqual(
      [1, 2, 3].map((m) => fakeMargin(m, first)),
    );
    expect(w.findAll('[data-testid="margin-label"]').map((l) => l.text())).toEqual(['#1', 'R1', '#3']);
    expect(w.get('[data-testid="amb-count"]').text()).toBe('30 of 30 listed');
  });

  it('|Δ| sorts by absMargin ascending: nearest the boundary first', async () => {
    const w = await mountWith(AmbiguousView);
    await choose(w, 'amb-sort', 'abs');
    expect(pageCalls().at(-1)).toEqual({
      modelId: 2,
      origin: 'original',
      sort: 'absMargin',
      dir: 'asc',
      limit: 50,
    });
    const abs = rowMargins().map(Math.abs);
    expect(abs).toEqual([...abs].sort((a, b) => a - b));
    expect(abs[0]).toBe(0);
  });

  it('mis-ranked first lists the most mis-ranked pairs first, then the rest by |Δ|, without repeating a pair', async () => {
    const w = await mountWith(AmbiguousView);
    client.calls.length = 0;
    await choose(w, 'amb-sort', 'misranked');
    const base = { modelId: 2, origin: 'original', sort: 'absMargin', dir: 'asc', limit: 50 };
    expect(pageCalls()).toEqual([{ ...base, disagree: true, sort: 'margin' }, base]);
    const margins = rowMargins();
    const wrong = margins.filter((m) => m < 0).length;
    expect(wrong).toBe(client.pairs.filter((p) => fakeMargin(2, p.id) < 0).length);
    expect(wrong).toBeGreaterThan(0);
    // Every mis-ranked pair comes before every other, the most negative margin first; then the rest by |Δ|
    // ascending; all 30 pairs exactly once.
    expect(margins.slice(0, wrong).every((m) => m < 0)).toBe(true);
    expect(margins.slice(wrong).every((m) => m >= 0)).toBe(true);
    expect(margins[0]).toBe(Math.min(...margins));
    const misranked = margins.slice(0, wrong);
    expect(misranked).toEqual([...misranked].sort((a, b) => a - b));
    const rest = margins.slice(wrong);
    expect(rest).toEqual([...rest].sort((a, b) => a - b));
    expect(new Set(rowIds()).size).toBe(30);
  });

  it('pages with the keyset cursor and withTotal:false once the cursor nears the end', async () => {
    client = new FakeClient(120);
    client.models = [makeModel(1)];
    setStudioClient(client);
    const w = await mountWith(AmbiguousView);
    expect(rowIds()).toHaveLength(50);
    for (let i = 0; i < 46; i++) press('j');
    await flushPromises();
    expect(pageCalls()[1]).toEqual({
      modelId: 1,
      origin: 'original',
      sort: 'margin',
      dir: 'asc',
      limit: 50,
      after: '50',
      withTotal: false,
    });
    expect(rowIds()).toHaveLength(100);
    expect(w.get('[data-testid="amb-count"]').text()).toBe('100 of 120 listed');
  });

  it('filters by data set and includes augmented pairs on request', async () => {
    client.handlers.set('datasets.list', () => [
      { id: 2, name: 'second', sourcePath: null, format: null, createdAt: '', pairCount: 15, issueCount: 0 },
    ]);
    const w = await mountWith(App);
    press('g');
    press('a');
    await flushPromises();
    expect(w.find('[data-testid="ambiguous-view"]').exists()).toBe(true);
    await choose(w, 'amb-dataset', '2');
    expect(pageCalls().at(-1)).toMatchObject({ datasetId: 2, origin: 'original' });
    expect(rowIds().every((id) => id > 15)).toBe(true);
    await w.get('[data-testid="amb-include-augmented"]').setValue(true);
    await flushPromises();
    expect(pageCalls().at(-1)).not.toHaveProperty('origin');
    expect(pageCalls().at(-1)).toMatchObject({ datasetId: 2 });
  });

  it('says so when no model has scores, without querying pairs', async () => {
    client.models = [makeModel(3, { status: 'training', scoredPairs: 0, metrics: null })];
    const w = await mountWith(AmbiguousView);
    expect(w.find('[data-testid="amb-no-model"]').exists()).toBe(true);
    expect(pageCalls()).toEqual([]);
  });
});
