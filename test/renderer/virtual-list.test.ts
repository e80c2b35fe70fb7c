// The virtual list renders only a window of rows and asks for more near the end; the browser pages on scroll.
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { setStudioClient } from '../../src-renderer/src/api';
import VirtualList from '../../src-renderer/src/components/VirtualList.vue';
import { PAGE_SIZE, usePairsStore } from '../../src-renderer/src/stores/pairs';
import BrowserView from '../../src-renderer/src/views/BrowserView.vue';
import { FakeClient } from './fake-client';

interface Item {
  id: number;
  label: string;
}
const items: Item[] = Array.from({ length: 1000 }, (_, i) => ({ id: i, label: `row ${i}` }));

function mountList(extra: Record<string, unknown> = {}) {
  return mount(VirtualList, {
    props: {
      items,
      rowHeight: 20,
      fallbackHeight: 200,
      overscan: 2,
      itemKey: (it: unknown) => (it as Item).id,
      ...extra,
    },
    slots: {
      default: (p: { item: unknown; index: number }) =>
        h('span', { class: 'item' }, `${p.index}:${(p.item as Item).label}`),
    },
  });
}

async function scrollTo(el: Element, top: number): Promise<void> {
  el.scrollTop = top;
  el.dispatchEvent(new Event('scroll'));
  await flushPromises();
}

describe('VirtualList', () => {
  afterEach(() => document.body.replaceChildren());

  it('renders only the rows in view plus overscan, and a spacer as tall as all rows', async () => {
    const wrapper = mountList();
    const rendered = wrapper.findAll('.item').map((w) => w.text());
    // 200px / 20px = 10 visible rows, plus 2 overscan below (none above at the top).
    expect(rendered).toHaveLength(12);
    expect(rendered[0]).toBe('0:row 0');
    expect((wrapper.find('.vlist-spacer').element as HTMLElement).style.height).toBe('20000px');
    expect(wrapper.emitted('near-end')).toBeUndefined();

    await scrollTo(wrapper.element, 5000);
    const after = wrapper.findAll('.item').map((w) => w.text());
    expect(after[0]).toBe('248:row 248');
    expect(after).toHaveLength(14);
    expect(wrapper.emitted('near-end')).toBeUndefined();
  });

  it('emits near-end when the window reaches the last rows', async () => {
    const wrapper = mountList({ endThreshold: 20 });
    // The furthest one can scroll: 20000px of rows minus the 200px viewport.
    await scrollTo(wrapper.element, 19_800);
    expect(wrapper.findAll('.item').at(-1)?.text()).toBe('999:row 999');
    expect(wrapper.emitted('near-end')?.length).toBeGreaterThan(0);
  });

  it('scrollToIndex brings a row below the window into view', async () => {
    const wrapper = mountList();
    (wrapper.vm as unknown as { scrollToIndex(i: number): void }).scrollToIndex(40);
    await flushPromises();
    expect(wrapper.element.scrollTop).toBe(41 * 20 - 200);
    expect(wrapper.findAll('.item').map((w) => w.text())).toContain('40:row 40');
  });
});

describe('BrowserView paging', () => {
  it('loads the first page, then the next keyset page when scrolled to the end', async () => {
    const client = new FakeClient(250);
    setStudioClient(client);
    const pinia = createPinia();
    setActivePinia(pinia);
    const Host = defineComponent({ render: () => h(BrowserView) });
    const wrapper = mount(Host, { global: { plugins: [pinia] }, attachTo: document.body });
    await flushPromises();

    const pairs = usePairsStore();
    expect(pairs.rows).toHaveLength(PAGE_SIZE);
    const rendered = wrapper.findAll('[data-testid="pair-row"]');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(30);
    expect(rendered[0]?.attributes('data-pair-id')).toBe('1');
    expect(wrapper.get('[data-testid="pair-total"]').text()).toBe('250 pairs');

    await scrollTo(wrapper.get('[data-testid="virtual-list"]').element, PAGE_SIZE * 64 - 400);
    expect(pairs.rows).toHaveLength(2 * PAGE_SIZE);
    const pageCalls = client.callsOf('pairs.page') as { after?: string }[];
    expect(pageCalls.map((c) => c.after)).toEqual([undefined, String(PAGE_SIZE)]);
    expect(wrapper.findAll('[data-testid="pair-row"]').map((r) => r.attributes('data-pair-id'))).toContain(
      '100',
    );
    wrapper.unmount();
  });
});
