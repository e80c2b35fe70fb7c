// The pair browser with a reward model: model selector, margin sorts and filters, margins in rows and pair view.
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { setStudioClient } from '../../src-renderer/src/api';
import BrowserView from '../../src-renderer/src/views/BrowserView.vue';
import { normalizeFilter, PAGE_SIZE, usePairsStore } from '../../src-renderer/src/stores/pairs';
import { FakeClient } from './fake-client';
import { mountWith } from './mounting';
import { fakeMargin, makeModel } from './model-fixtures';

let client: FakeClient;

const mountBrowser = () => mountWith(BrowserView);

const lastPage = () => client.callsOf('pairs.page').at(-1);
const margins = (w: VueWrapper) =>
  w.findAll('[data-testid="pair-margin"]').map((e) => Number(e.attributes('data-margin')));

async function change(w: VueWrapper, testid: string, value: string | boolean): Promise<void> {
  await w.get(`[data-testid="${testid}"]`).setValue(value);
  await flushPromises();
}

beforeEach(() => {
  client = new FakeClient(30);
  client.models = [makeModel(1), makeModel(3, { name: 'unscored', scoredPairs: 0 })];
  setStudioClient(client);
});

describe('pair browser with a model', () => {
  it('offers scored models only; margin sorts and filters appear once one is chosen', async () => {
    const w = await mountBrowser();
    const options = w.findAll('[data-testid="filter-model"] option').map((o) => o.text());
    expect(options).toEqual(['No model', 'rm-1']);
    expect(w.find('[data-testid="pair-margin"]').exists()).toBe(false);
    expect(w.find('[data-testid="filter-abs-margin-min"]').exists()).toBe(false);
    const marginOption = () =>
      w.get('[data-testid="sort-key"] option[value="margin"]').element as HTMLOptionElement;
    expect(marginOption().disabled).toBe(true);

    await change(w, 'filter-model', '1');
    expect(lastPage()).toEqual({ modelId: 1, sort: 'id', dir: 'asc', limit: PAGE_SIZE });
    expect(marginOption().disabled).toBe(false);
    // The list is virtualised: the rendered rows are a prefix of the page, whose rows all carry a score.
    const shown = margins(w);
    expect(shown.length).toBeGreaterThan(5);
    expect(shown).toEqual(client.pairs.slice(0, shown.length).map((p) => fakeMargin(1, p.id)));
    expect(usePairsStore().rows.map((r) => r.score?.margin)).toEqual(
      client.pairs.map((p) => fakeMargin(1, p.id)),
    );
    const first = w.get('[data-testid="pair-margin"]');
    expect(first.classes(fakeMargin(1, 1) < 0 ? 'neg' : 'pos')).toBe(true);
    const negative = w
      .findAll('[data-testid="pair-margin"]')
      .find((e) => Number(e.attributes('data-margin')) < 0);
    expect(negative?.classes('neg')).toBe(true);
    expect(negative?.text()).toMatch(/^Δ−\d\.\d\d$/);
    // Every number in a row says what it is.
    const p = client.pairs[0]!;
    expect(w.get('[data-testid="pair-lengths"]').text().replace(/\s+/g, ' ')).toBe(
      `prompt ${p.prompt.length} · chosen ${p.chosen.length} · rejected ${p.rejected.length} chars`,
    );
  });

  it('sends margin sort, |margin| band and disagree filters, and drops them with the model', async () => {
    const w = await mountBrowser();
    await change(w, 'filter-model', '1');
    await change(w, 'sort-key', 'absMargin');
    await w.get('[data-testid="sort-dir"]').trigger('click');
    await flushPromises();
    expect(lastPage()).toMatchObject({ modelId: 1, sort: 'absMargin', dir: 'desc' });
    const byAbs = margins(w).map(Math.abs);
    expect(byAbs).toEqual([...byAbs].sort((a, b) => b - a));

    await change(w, 'filter-abs-margin-min', '1');
    await change(w, 'filter-abs-margin-max', '2');
    expect(lastPage()).toEqual({
      modelId: 1,
      absMarginMin: 1,
      absMarginMax: 2,
      sort: 'absMargin',
      dir: 'desc',
      limit: PAGE_SIZE,
    });
    expect(margins(w).every((m) => Math.abs(m) >= 1 && Math.abs(m) <= 2)).toBe(true);
    expect(margins(w).length).toBeGreaterThan(0);

    const calls = client.callsOf('pairs.page').length;
    await change(w, 'filter-abs-margin-min', '-3');
    expect(client.callsOf('pairs.page')).toHaveLength(calls);

    await change(w, 'filter-disagree', true);
    expect(lastPage()).toMatchObject({ disagree: true });
    expect(margins(w).every((m) => m < 0)).toBe(true);

    await change(w, 'filter-abs-margin-max', '');
    expect(lastPage()).not.toHaveProperty('absMarginMax');

    await change(w, 'filter-model', '');
    expect(lastPage()).toEqual({ sort: 'id', dir: 'desc', limit: PAGE_SIZE });
    expect(usePairsStore().filter).toEqual({});
    expect(w.find('[data-testid="pair-margin"]').exists()).toBe(false);
  });

  it('the opened pair shows r(chosen), r(rejected) and the margin of the selected model', async () => {
    const w = await mountBrowser();
    await change(w, 'filter-model', '1');
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true, cancelable: true }));
    document.body.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }),
    );
    await flushPromises();
    const m = fakeMargin(1, 2);
    const score = w.get('[data-testid="pair-score"]');
    expect(score.text()).toContain('rm-1');
    expect(w.get('[data-testid="pair-r-chosen"]').text()).toBe((m / 2).toFixed(3));
    expect(w.get('[data-testid="pair-r-rejected"]').text()).toBe((-m / 2).toFixed(3));
    expect(w.get('[data-testid="pair-score-margin"]').text()).toBe(
      `${m < 0 ? '−' : '+'}${Math.abs(m).toFixed(2)}`,
    );
  });
});

describe('normalizeFilter with a model', () => {
  it('keeps margin filters only with a model, and disagree only when true', () => {
    expect(normalizeFilter({ absMarginMin: 1, disagree: true })).toEqual({});
    expect(normalizeFilter({ modelId: 4, absMarginMin: 0, absMarginMax: 3, disagree: false })).toEqual({
      modelId: 4,
      absMarginMin: 0,
      absMarginMax: 3,
    });
  });
});
