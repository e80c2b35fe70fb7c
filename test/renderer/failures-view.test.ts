// The Failures view with a fake backend: modes on top filter the list, the selected failure shows prompt, response
// vs reference, rewards, gap, role and the rule; keyboard review (one or a whole mode) with undo; live progress of
// a discovery job and starting one from the tab.
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { setStudioClient } from '../../src-renderer/src/api';
import { useFailuresStore } from '../../src-renderer/src/stores/failures';
import { useJobsStore } from '../../src-renderer/src/stores/jobs';
import FailuresView from '../../src-renderer/src/views/FailuresView.vue';
import { FakeClient } from './fake-client';
import { decodeJob, installFailures, type FakeFailures } from './fake-failures';
import { mountWith, press } from './mounting';

let client: FakeClient;
let backend: FakeFailures;

const shownIds = (w: VueWrapper) => w.findAll('[data-testid="failure-row"]').map((r) => Number(r.attributes('data-pair-id')));
const text = (w: VueWrapper, id: string) => w.get(`[data-testid="${id}"]`).text();

async function key(k: string): Promise<void> {
  press(k);
  await flushPromises();
}

beforeEach(() => {
  client = new FakeClient(0);
  backend = installFailures(client, 30);
  setStudioClient(client);
});

describe('Failures view', () => {
  it('shows the modes, the pending failures and the selected one in full', async () => {
    const w = await mountWith(FailuresView);
    expect(w.findAll('[data-testid="failure-mode"]').map((m) => m.attributes('data-mode-id'))).toEqual([
      'length:aligned:shorter',
      'term:misaligned:hope this',
    ]);
    expect(w.findAll('[data-testid="failure-mode"]')[1]?.text()).toContain('z 4.2');
    expect(shownIds(w).slice(0, 3)).toEqual([101, 102, 103]);
    expect(text(w, 'failures-total')).toBe('30 failures');
    // 101 is misaligned: a false positive, compared with the chosen reference it beat; the rule calls it good.
    expect(text(w, 'failure-kind')).toBe('false positive');
    expect(text(w, 'failure-response')).toBe('Hope this helps. Bad answer 101.');
    expect(text(w, 'failure-reference')).toBe('Reference answer for 101, a longer one.');
    expect(text(w, 'failure-reward')).toBe('0.500');
    expect(text(w, 'failure-reference-reward')).toBe('1.250');
    expect(text(w, 'failure-gap')).toBe('0.750');
    expect(text(w, 'failure-rule')).toBe('rule says: good (drifted out of its class)');
    await key('j');
    expect(text(w, 'failure-kind')).toBe('false negative');
    expect(text(w, 'failure-rule')).toBe('rule says: good (keeps its class)');
  });

  it('filters by a mode, bulk-rejects it with X, and undoes the bulk with u', async () => {
    const w = await mountWith(FailuresView);
    await w.get('[data-mode-id="length:aligned:shorter"]').trigger('click');
    await flushPromises();
    expect(shownIds(w).every((id) => id % 2 === 0)).toBe(true);
    expect(text(w, 'failures-total')).toBe('15 failures in “shorter than the reference”');
    await key('X');
    expect(client.callsOf('failures.review').at(-1)).toEqual({ filter: { runId: 1, status: 'pending', modeId: 'length:aligned:shorter' }, action: 'reject' });
    expect(backend.failures.filter((f) => f.reviewStatus === 'discarded')).toHaveLength(15);
    expect(text(w, 'failures-toast')).toBe('Rejected 15 failures (u to undo)');
    expect(shownIds(w)).toEqual([]);
    await key('u');
    expect((client.callsOf('failures.undo').at(-1) as { entryIds: number[] }).entryIds).toHaveLength(15);
    expect(backend.failures.every((f) => f.reviewStatus === null)).toBe(true);
    expect(text(w, 'failures-total')).toBe('15 failures in “shorter than the reference”');
  });

  it('confirms with c, rejects with x (the list moves on), and edits the response with e', async () => {
    const w = await mountWith(FailuresView);
    await key('c');
    expect(client.callsOf('failures.review').at(-1)).toEqual({ pairIds: [101], action: 'confirm' });
    expect(shownIds(w)[0]).toBe(102);
    await key('x');
    expect(client.callsOf('failures.review').at(-1)).toEqual({ pairIds: [102], action: 'reject' });
    expect(backend.failures.find((f) => f.pairId === 102)?.reviewStatus).toBe('discarded');
    await key('e');
    await w.get('[data-testid="failure-edit-text"]').setValue('A rewritten good answer.');
    await w.get('[data-testid="failure-edit-save"]').trigger('click');
    await flushPromises();
    expect(client.callsOf('failures.review').at(-1)).toEqual({ pairIds: [103], action: 'edit', edit: { response: 'A rewritten good answer.' } });
    await w.get('[data-testid="failures-status"]').setValue('confirmed');
    await flushPromises();
    expect(shownIds(w)).toEqual([101, 103]);
    expect(useFailuresStore().undoStack).toHaveLength(3);
  });

  it('shows a running discovery job live and starts one from the form', async () => {
    const w = await mountWith(FailuresView);
    expect(w.find('[data-testid="discover-live"]').exists()).toBe(false);
    useJobsStore().apply(decodeJob());
    await flushPromises();
    expect(text(w, 'discover-live-numbers')).toBe('3 prompts · 2 failures · 41.5 tokens/s');
    expect(w.get('[data-testid="discover-start"]').attributes('disabled')).toBeDefined();
    useJobsStore().apply(decodeJob({ state: 'done' }));
    await flushPromises();
    expect(w.find('[data-testid="discover-live"]').exists()).toBe(false);

    client.handlers.set('discover.start', () => decodeJob({ id: 'job-2' }));
    await w.get('[data-testid="discover-role"]').setValue('aligned');
    await w.get('[data-testid="discover-mode"]').setValue('sample');
    await w.get('[data-testid="discover-prompts"]').setValue('12');
    await w.get('[data-testid="discover-form"]').trigger('submit');
    await flushPromises();
    expect(client.callsOf('discover.start')).toEqual([{ role: 'aligned', mode: 'sample', split: 'validation', prompts: 12, samples: 1 }]);
    expect(text(w, 'discover-live-numbers')).toContain('3 prompts');
  });

  it('shows the backend’s refusal to start (no policy yet) as an error banner', async () => {
    const w = await mountWith(FailuresView);
    client.handlers.set('discover.start', () => {
      throw new Error('no ready aligned policy: train one first (prefstudio policy train --role aligned)');
    });
    await w.get('[data-testid="discover-form"]').trigger('submit');
    await flushPromises();
    expect(text(w, 'failures-error')).toContain('no ready aligned policy');
  });
});
