// Keyboard-first browsing: j/k move the selection, Enter opens, Escape closes, `/` focuses search, `?` shows help.
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { setStudioClient } from '../../src-renderer/src/api';
import App from '../../src-renderer/src/App.vue';
import BrowserView from '../../src-renderer/src/views/BrowserView.vue';
import { FakeClient } from './fake-client';
import { mountWith, press } from './mounting';

let client: FakeClient;

function selectedId(w: VueWrapper): string | undefined {
  return w.find('[data-testid="pair-row"][aria-selected="true"]').attributes('data-pair-id');
}

beforeEach(() => {
  client = new FakeClient(30);
  setStudioClient(client);
});

describe('pair browser keyboard', () => {
  it('j/k and the arrows move the selection within bounds', async () => {
    const w = await mountWith(BrowserView);
    expect(selectedId(w)).toBe('1');
    press('j');
    press('j');
    await flushPromises();
    expect(selectedId(w)).toBe('3');
    press('k');
    press('k');
    press('k');
    await flushPromises();
    expect(selectedId(w)).toBe('1');
    // The arrows move as j/k do.
    press('ArrowDown');
    press('ArrowDown');
    press('ArrowUp');
    await flushPromises();
    expect(selectedId(w)).toBe('2');
  });

  it('Enter opens the selected pair with a word diff, j moves to the next pair, Escape closes', async () => {
    const w = await mountWith(BrowserView);
    press('j');
    press('Enter');
    await flushPromises();
    expect(client.callsOf('pairs.get')).toEqual([{ id: 2 }]);
    const chosen = w.get('[data-testid="pair-chosen"]');
    expect(chosen.text()).toContain('Water the plant 2 sparingly and let the soil dry.');
    expect(chosen.findAll('mark').map((m) => m.text())).toEqual(['sparingly and let the soil dry']);
    expect(
      w
        .get('[data-testid="pair-rejected"]')
        .findAll('mark')
        .map((m) => m.text()),
    ).toEqual(['every hour forever']);
    expect(w.get('[data-testid="pair-meta"]').text()).toContain('annotator');

    press('j');
    await flushPromises();
    expect(w.get('[data-testid="pair-view"]').text()).toContain('Pair #3');

    press('Escape');
    await flushPromises();
    expect(w.find('[data-testid="pair-view"]').exists()).toBe(false);
  });

  it('/ focuses the search box, where j is typed rather than moving, and Escape leaves it', async () => {
    const w = await mountWith(BrowserView);
    press('/');
    await flushPromises();
    const search = w.get('[data-testid="pair-search"]').element as HTMLInputElement;
    expect(document.activeElement).toBe(search);
    press('j', {}, search);
    await flushPromises();
    expect(selectedId(w)).toBe('1');
    press('Escape', {}, search);
    expect(document.activeElement).not.toBe(search);
  });
});

describe('app shortcuts', () => {
  it('? opens the help overlay, which is modal until Escape closes it', async () => {
    const w = await mountWith(App);
    expect(w.get('[data-testid="backend"]').text()).toBe('ML: wasm');
    expect(w.get('[data-testid="backend"]').attributes('title')).toContain('tensorflow-gpu: no CUDA');
    press('?');
    await flushPromises();
    expect(w.find('[data-testid="shortcut-help"]').exists()).toBe(true);
    press('Escape');
    await flushPromises();
    expect(w.find('[data-testid="shortcut-help"]').exists()).toBe(false);
  });

  it('g then b goes to the pair browser', async () => {
    const w = await mountWith(App);
    press('g');
    press('b');
    await flushPromises();
    expect(w.findAll('[data-testid="pair-row"]').length).toBeGreaterThan(0);
  });
});

describe('navigation', () => {
  const tabs = (w: VueWrapper) =>
    w.findAll('nav [data-testid^="tab-"]').map((b) => ({
      id: b.attributes('data-testid'),
      label: b.text(),
      disabled: b.attributes('disabled') !== undefined,
      current: b.attributes('aria-current') === 'page',
    }));

  it('lists the views in order; the active one is the current page, and a click moves it', async () => {
    const w = await mountWith(App);
    expect(tabs(w).map((t) => `${t.id}:${t.label}`)).toEqual([
      'tab-data:Data sets',
      'tab-browse:Browse pairs',
      'tab-models:Models',
      'tab-ambiguous:Ambiguous',
      'tab-failures:Failures',
      'tab-rounds:Rounds',
      'tab-robustness:Robustness',
    ]);
    expect(
      tabs(w)
        .filter((t) => t.current)
        .map((t) => t.id),
    ).toEqual(['tab-data']);
    expect(tabs(w).some((t) => t.disabled)).toBe(false);
    await w.get('[data-testid="tab-rounds"]').trigger('click');
    await flushPromises();
    expect(
      tabs(w)
        .filter((t) => t.current)
        .map((t) => t.id),
    ).toEqual(['tab-rounds']);
    expect(w.find('[data-testid="rounds-view"]').exists()).toBe(true);
  });

  it('without a project only the data sets can be opened', async () => {
    const info = (await client.call('app.info', {})) as Record<string, unknown>;
    client.handlers.set('app.info', () => ({ ...info, project: null }));
    const w = await mountWith(App);
    expect(
      tabs(w)
        .filter((t) => !t.disabled)
        .map((t) => t.id),
    ).toEqual(['tab-data']);
  });
});
