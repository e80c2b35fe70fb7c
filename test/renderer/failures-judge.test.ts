// The optional LLM judge in the Failures view: its button only with an endpoint configured, "judge says" beside the
// rule as a suggestion, no review action taken on its own, and an unclear answer reported instead of a verdict.
import { flushPromises } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Failure } from '@shared/discovery-dto';
import { setStudioClient } from '../../src-renderer/src/api';
import FailuresView from '../../src-renderer/src/views/FailuresView.vue';
import { FakeClient } from './fake-client';
import { installFailures, type FakeFailures } from './fake-failures';
import { mountWith, press } from './mounting';

let client: FakeClient;
let backend: FakeFailures;

beforeEach(() => {
  client = new FakeClient(0);
  backend = installFailures(client, 6);
  setStudioClient(client);
});

/** A judge that calls aligned responses bad (so they drift) and gives no verdict on pair 103. */
function installJudge(): void {
  client.llm = { ...client.llm, configured: true, baseUrl: 'http://127.0.0.1:8000/v1', model: 'judge' };
  client.handlers.set('failures.judge', (input: { pairIds: number[] }) => ({
    endpoint: 'http://127.0.0.1:8000/v1 (model judge)',
    verdicts: input.pairIds.map((pairId) => {
      if (pairId === 103) return { pairId, verdict: null, answer: 'I cannot tell.' };
      const verdict = 'bad' as const;
      backend.failures = backend.failures.map((f): Failure => (f.pairId === pairId ? { ...f, judgeVerdict: verdict } : f));
      return { pairId, verdict, answer: 'VERDICT: bad' };
    }),
  }));
}

describe('LLM judge in the Failures view', () => {
  it('has no judge button without an endpoint', async () => {
    const w = await mountWith(FailuresView);
    expect(w.find('[data-testid="failure-judge"]').exists()).toBe(false);
    expect(w.find('[data-testid="failure-judge-verdict"]').exists()).toBe(false);
    press('g');
    await flushPromises();
    expect(client.callsOf('failures.judge')).toHaveLength(0);
  });

  it('asks the judge with g, shows its verdict beside the rule and changes no review status', async () => {
    installJudge();
    const w = await mountWith(FailuresView);
    press('g');
    await flushPromises();
    expect(client.callsOf('failures.judge')).toEqual([{ pairIds: [101] }]);
    // 101 is misaligned: a bad response keeps its class.
    expect(w.get('[data-testid="failure-judge-verdict"]').text()).toBe('judge says: bad (keeps its class)');
    expect(w.get('[data-testid="failure-rule"]').text()).toBe('rule says: good (drifted out of its class)');
    expect(w.get('[data-testid="failures-toast"]').text()).toBe('Judge says: bad (a suggestion; nothing was changed)');
    expect(client.callsOf('failures.review')).toHaveLength(0);
    expect(backend.failures.every((f) => f.reviewStatus === null)).toBe(true);

    press('j');
    await flushPromises();
    await w.get('[data-testid="failure-judge"]').trigger('click');
    await flushPromises();
    expect(w.get('[data-testid="failure-judge-verdict"]').text()).toBe('judge says: bad (drifted out of its class)');

    press('j');
    await flushPromises();
    press('g');
    await flushPromises();
    expect(w.get('[data-testid="failures-toast"]').text()).toBe('The judge gave no clear verdict: I cannot tell.');
    expect(w.find('[data-testid="failure-judge-verdict"]').exists()).toBe(false);
  });
});
