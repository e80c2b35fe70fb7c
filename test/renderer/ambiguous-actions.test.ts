// Reviewing in the ambiguous queue: keys and buttons call review.apply and move on, `u` undoes through the log,
// `e` edits only what changed, `a` augments and y/n/Y/N review the variants, and errors show in a banner.
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, StudioError } from '@shared/errors';
import { setStudioClient } from '../../src-renderer/src/api';
import App from '../../src-renderer/src/App.vue';
import AmbiguousView from '../../src-renderer/src/views/AmbiguousView.vue';
import { FakeClient } from './fake-client';
import { mountWith, press as pressKey } from './mounting';
import { makeModel } from './model-fixtures';

let client: FakeClient;

const mountQueue = () => mountWith(AmbiguousView);

/** A key, then whatever it started settles. */
async function press(key: string, init: KeyboardEventInit = {}, target?: EventTarget): Promise<void> {
  pressKey(key, init, target);
  await flushPromises();
}

const row = (w: VueWrapper, id: number) => w.get(`[data-testid="amb-row"][data-pair-id="${id}"]`);
const selectedId = (w: VueWrapper) =>
  Number(w.get('[data-testid="amb-row"][aria-selected="true"]').attributes('data-pair-id'));
const shownIds = (w: VueWrapper) =>
  w.findAll('[data-testid="amb-row"]').map((r) => Number(r.attributes('data-pair-id')));
const applied = () => client.callsOf('review.apply');
const variantStatuses = (w: VueWrapper) =>
  w.findAll('[data-testid="variant-row"]').map((r) => r.attributes('data-review-status'));

beforeEach(() => {
  client = new FakeClient(20);
  client.models = [makeModel(1)];
  setStudioClient(client);
});

describe('review actions in the queue', () => {
  it('c/f/t/x apply their action to the selected pair, update the row in place and advance', async () => {
    const w = await mountQueue();
    const [a, b, c, d] = shownIds(w) as [number, number, number, number];
    expect(selectedId(w)).toBe(a);

    await press('c');
    expect(applied()).toEqual([{ pairId: a, action: 'confirm' }]);
    expect(row(w, a).attributes('data-review-status')).toBe('confirmed');
    expect(row(w, a).get('[data-testid="amb-row-status"]').text()).toBe('confirmed');
    expect(selectedId(w)).toBe(b);
    expect(w.get('[data-testid="amb-pair"]').attributes('data-pair-id')).toBe(String(b));

    const marginBefore = Number(row(w, b).attributes('data-margin'));
    await press('f');
    expect(applied().at(-1)).toEqual({ pairId: b, action: 'flip' });
    // The model's margin for the relabelled pair is the old one negated.
    expect(Number(row(w, b).attributes('data-margin'))).toBe(-marginBefore);
    expect(selectedId(w)).toBe(c);
    // The row and the toast say it was a flip, not just "confirmed", and the toast offers the undo.
    expect(row(w, b).get('[data-testid="amb-row-status"]').text()).toBe('flipped · confirmed');
    const fmt = (m: number) => `${m < 0 ? '−' : '+'}${Math.abs(m).toFixed(2)}`;
    expect(w.get('[data-testid="amb-toast"]').text()).toContain(
      `Pair #${b} flipped: chosen and rejected swapped, now confirmed, margin ${fmt(marginBefore)} → ${fmt(-marginBefore)}.`,
    );
    expect(w.find('[data-testid="amb-toast-undo"]').exists()).toBe(true);

    await press('t');
    await press('x');
    expect(applied().slice(-2)).toEqual([
      { pairId: c, action: 'tie' },
      { pairId: d, action: 'exclude' },
    ]);
    expect(row(w, c).attributes('data-review-status')).toBe('tie');
    expect(row(w, d).attributes('data-review-status')).toBe('excluded');
    expect(w.get('[data-testid="amb-reviewed"]').attributes('data-count')).toBe('4');

    // Buttons do the same as keys.
    await w.get('[data-testid="amb-action-confirm"]').trigger('click');
    await flushPromises();
    expect(applied()).toHaveLength(5);
    expect(w.get('[data-testid="amb-reviewed"]').text()).toBe('5 reviewed this session');
  });

  it('u undoes the latest action of the session through review.undo with its log entry id', async () => {
    const w = await mountQueue();
    const [a, b] = shownIds(w) as [number, number];
    const marginBefore = Number(row(w, b).attributes('data-margin'));
    await press('c');
    await press('f');
    const flipEntry = client.reviewLog.at(-1)?.id as number;
    expect(client.reviewLog.at(-1)?.action).toBe('flip');

    // The toast's Undo button does what u does.
    await w.get('[data-testid="amb-toast-undo"]').trigger('click');
    await flushPromises();
    expect(client.callsOf('review.undo')).toEqual([{ entryId: flipEntry }]);
    expect(w.find('[data-testid="amb-toast-undo"]').exists()).toBe(false);
    expect(w.get('[data-testid="amb-toast"]').text()).toBe(`Undid flip on pair ${b}`);
    expect(row(w, b).attributes('data-review-status')).toBe('');
    expect(Number(row(w, b).attributes('data-margin'))).toBe(marginBefore);

    await press('u');
    expect(client.callsOf('review.undo').at(-1)).toEqual({ entryId: client.reviewLog[0]?.id });
    expect(row(w, a).attributes('data-review-status')).toBe('');
    expect(w.get('[data-testid="amb-toast"]').text()).toBe(`Undid confirm on pair ${a}`);
    expect(w.get('[data-testid="amb-reviewed"]').attributes('data-count')).toBe('0');

    await press('u');
    expect(client.callsOf('review.undo')).toHaveLength(2);
    expect(w.get('[data-testid="amb-toast"]').text()).toBe('Nothing to undo in this session.');
  });

  it('e edits inline: Ctrl+Enter sends only the changed fields, Esc cancels without a call', async () => {
    const w = await mountQueue();
    const id = selectedId(w);
    await press('e');
    expect(w.find('[data-testid="amb-editor"]').exists()).toBe(true);
    // Queue keys are off while editing.
    await press('c');
    expect(applied()).toEqual([]);
    await press('Escape');
    expect(w.find('[data-testid="amb-editor"]').exists()).toBe(false);
    expect(applied()).toEqual([]);

    await press('e');
    const chosen = w.get('[data-testid="amb-edit-chosen"]');
    await chosen.setValue('Water it once a week.');
    await press('Enter', { ctrlKey: true }, chosen.element);
    expect(applied()).toEqual([{ pairId: id, action: 'edit', edit: { chosen: 'Water it once a week.' } }]);
    expect(w.find('[data-testid="amb-editor"]').exists()).toBe(false);
    expect(w.get('[data-testid="amb-pair-chosen"]').text()).toContain('Water it once a week.');
    // An edit does not move the cursor: the reviewer may want to look at the result.
    expect(selectedId(w)).toBe(id);
  });

  it('a augments the pair; J/K move among variants, y/n review one, Y/N every pending one', async () => {
    const w = await mountQueue();
    const id = selectedId(w);
    expect(w.find('[data-testid="variants-empty"]').exists()).toBe(true);
    await press('a');
    expect(client.callsOf('pairs.augment')).toEqual([{ pairId: id }]);
    const variants = w.findAll('[data-testid="variant-row"]');
    expect(variants).toHaveLength(2);
    expect(variants.map((v) => v.get('[data-testid="variant-operator"]').text())).toEqual([
      'synonym',
      'span-delete',
    ]);
    const [v1, v2] = variants.map((v) => Number(v.attributes('data-pair-id'))) as [number, number];

    await press('y');
    expect(applied().at(-1)).toEqual({ pairId: v1, action: 'approve' });
    await press('J', { shiftKey: true });
    await press('n');
    expect(applied().at(-1)).toEqual({ pairId: v2, action: 'discard' });
    expect(variantStatuses(w)).toEqual(['approved', 'discarded']);

    // Undo the discard, then approve everything still pending: only the second variant.
    await press('u');
    expect(variantStatuses(w)).toEqual(['approved', '']);
    await press('Y', { shiftKey: true });
    expect(applied().at(-1)).toEqual({ pairId: v2, action: 'approve' });
    expect(variantStatuses(w)).toEqual(['approved', 'approved']);

    // A second augmentation, then N discards both new ones and leaves the approved ones alone.
    await press('a');
    expect(variantStatuses(w)).toEqual(['approved', 'approved', '', '']);
    const before = applied().length;
    await press('N', { shiftKey: true });
    expect(
      applied()
        .slice(before)
        .map((c) => (c as { action: string }).action),
    ).toEqual(['discard', 'discard']);
    expect(variantStatuses(w)).toEqual(['approved', 'approved', 'discarded', 'discarded']);

    // The variant buttons work as the keys do.
    await w.findAll('[data-testid="variant-approve"]')[2]?.trigger('click');
    await flushPromises();
    expect(variantStatuses(w)[2]).toBe('approved');
    await press('K', { shiftKey: true });
    expect(w.findAll('[data-testid="variant-row"]')[0]?.attributes('aria-selected')).toBe('true');
  });

  it('undoing an augmentation removes its variants', async () => {
    const w = await mountQueue();
    await press('a');
    expect(w.findAll('[data-testid="variant-row"]')).toHaveLength(2);
    const augmentEntry = client.reviewLog.at(-1)?.id;
    await press('u');
    expect(client.callsOf('review.undo')).toEqual([{ entryId: augmentEntry }]);
    expect(w.findAll('[data-testid="variant-row"]')).toHaveLength(0);
    expect(w.get('[data-testid="amb-toast"]').text()).toBe(`Undid augment on pair ${selectedId(w)}`);
  });

  it('shows the backend error in a banner and keeps the cursor where it was', async () => {
    const w = await mountQueue();
    const id = selectedId(w);
    client.handlers.set('review.apply', () => {
      throw new StudioError(ErrorCode.InvalidRequest, `pair ${id} changed since you loaded it`);
    });
    await press('x');
    expect(w.get('[data-testid="amb-error"]').text()).toContain(`pair ${id} changed since you loaded it`);
    expect(selectedId(w)).toBe(id);
    expect(w.get('[data-testid="amb-reviewed"]').attributes('data-count')).toBe('0');
    await w.get('[data-testid="amb-error-dismiss"]').trigger('click');
    expect(w.find('[data-testid="amb-error"]').exists()).toBe(false);
  });

  it('r reloads the queue from the first page', async () => {
    const w = await mountQueue();
    await press('j');
    const before = client.callsOf('pairs.page').length;
    await press('r');
    expect(client.callsOf('pairs.page')).toHaveLength(before + 1);
    expect(selectedId(w)).toBe(shownIds(w)[0]);
  });

  it('inside the app shell, `a` and `r` reach the queue; only after `g` do they switch tabs', async () => {
    const wrapper = await mountWith(App);
    await press('g');
    await press('a');
    expect(wrapper.find('[data-testid="ambiguous-view"]').exists()).toBe(true);
    await press('a');
    expect(client.callsOf('pairs.augment')).toEqual([{ pairId: selectedId(wrapper) }]);
    expect(wrapper.find('[data-testid="ambiguous-view"]').exists()).toBe(true);
    await press('g');
    await press('r');
    expect(wrapper.find('[data-testid="rounds-view"]').exists()).toBe(true);
  });
});
