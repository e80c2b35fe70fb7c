// The policy panel of the Failures tab with a fake backend: policies listed per role with their numbers, training
// one (role, preset, steps) with live loss/perplexity, registering an endpoint (the key leaves the form), removing
// one, and the discover form picking a specific policy.
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '@shared/dto';
import type { PolicyEndpointOptions } from '@shared/policy-dto';
import { setStudioClient } from '../../src-renderer/src/api';
import { useJobsStore } from '../../src-renderer/src/stores/jobs';
import FailuresView from '../../src-renderer/src/views/FailuresView.vue';
import { FakeClient } from './fake-client';
import { decodeJob, installFailures } from './fake-failures';
import { makePolicy as policy } from './model-fixtures';
import { mountWith } from './mounting';

let client: FakeClient;

function trainJob(overrides: Partial<Job> = {}): Job {
  return decodeJob({
    id: 'job-policy',
    kind: 'policy-train',
    params: { role: 'aligned', modelId: 9 },
    progress: { done: 40, total: 300, unit: 'steps', message: '', rate: null, etaSeconds: null, metrics: { loss: 2.5, perplexity: 12.18, tokensPerSecond: 1432 } },
    ...overrides,
  });
}

const rows = (w: VueWrapper, role: string) => w.findAll(`[data-testid="policies-${role}"] [data-testid="policy-row"]`).map((r) => r.text());

beforeEach(() => {
  client = new FakeClient(0);
  installFailures(client, 4);
  client.policies = [
    policy(3, 'misaligned', { source: 'endpoint', preset: null, steps: null, metrics: null, endpoint: { baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen', topLogprobs: 5, hasApiKey: true } }),
    policy(2, 'aligned', { status: 'failed', metrics: null }),
    policy(1, 'aligned'),
  ];
  setStudioClient(client);
});

describe('Policy panel', () => {
  it('lists the policies of each role with their source, status and perplexity before → after', async () => {
    const w = await mountWith(FailuresView);
    const aligned = rows(w, 'aligned');
    expect(aligned).toHaveLength(2);
    expect(aligned[1]).toContain('#1 aligned-1');
    expect(aligned[1]).toContain('tiny · 300 steps · perplexity 3000.0 → 14.9');
    expect(aligned[0]).toContain('failed');
    expect(rows(w, 'misaligned')[0]).toContain('endpoint http://127.0.0.1:8000/v1 · qwen');
  });

  it('trains a policy with the chosen role, preset and steps, and shows its loss and perplexity live', async () => {
    client.handlers.set('policy.train', () => trainJob({ state: 'queued' }));
    const w = await mountWith(FailuresView);
    await w.get('[data-testid="policy-train-role"]').setValue('misaligned');
    await w.get('[data-testid="policy-train-preset"]').setValue('mini');
    await w.get('[data-testid="policy-train-steps"]').setValue('120');
    await w.get('[data-testid="policy-train-form"]').trigger('submit');
    await flushPromises();
    expect(client.callsOf('policy.train')).toEqual([{ role: 'misaligned', preset: 'mini', steps: 120 }]);
    useJobsStore().apply(trainJob());
    await flushPromises();
    expect(w.get('[data-testid="policy-train-numbers"]').text()).toBe('loss 2.500 · perplexity 12.2 · 1432 tokens/s');
    expect(w.get('[data-testid="policy-train-start"]').attributes('disabled')).toBeDefined();
    // The job's end reloads the list (its policy is now ready).
    const listed = client.callsOf('policy.list').length;
    useJobsStore().apply(trainJob({ state: 'done' }));
    await flushPromises();
    expect(w.find('[data-testid="policy-train-live"]').exists()).toBe(false);
    expect(client.callsOf('policy.list').length).toBeGreaterThan(listed);
  });

  it('registers an endpoint policy, clears the key from the form, and shows a refusal from the boundary', async () => {
    client.handlers.set('policy.setEndpoint', (input) => {
      const o = input as PolicyEndpointOptions;
      if (!o.baseUrl.startsWith('http')) throw new Error('policy.setEndpoint: baseUrl: baseUrl must be an http:// or https:// URL');
      return policy(4, o.role, { source: 'endpoint', name: `${o.role}-${o.model}` });
    });
    const w = await mountWith(FailuresView);
    await w.get('[data-testid="policy-endpoint-role"]').setValue('misaligned');
    await w.get('[data-testid="policy-endpoint-url"]').setValue('localhost:8000');
    await w.get('[data-testid="policy-endpoint-model"]').setValue('llama');
    await w.get('[data-testid="policy-endpoint-key"]').setValue('sk-secret');
    await w.get('[data-testid="policy-endpoint-form"]').trigger('submit');
    await flushPromises();
    expect(w.get('[data-testid="policy-error"]').text()).toContain('baseUrl must be an http:// or https:// URL');
    expect((w.get('[data-testid="policy-endpoint-key"]').element as HTMLInputElement).value).toBe('sk-secret');

    await w.get('[data-testid="policy-endpoint-url"]').setValue('http://127.0.0.1:8080/v1');
    await w.get('[data-testid="policy-endpoint-topk"]').setValue('10');
    await w.get('[data-testid="policy-endpoint-form"]').trigger('submit');
    await flushPromises();
    expect(client.callsOf('policy.setEndpoint').at(-1)).toEqual({ role: 'misaligned', baseUrl: 'http://127.0.0.1:8080/v1', model: 'llama', topLogprobs: 10, apiKey: 'sk-secret' });
    expect(w.get('[data-testid="policy-notice"]').text()).toBe('Registered misaligned-llama as the misaligned policy');
    expect((w.get('[data-testid="policy-endpoint-key"]').element as HTMLInputElement).value).toBe('');
  });

  it('removes a policy and lets discovery pick a specific ready policy per role', async () => {
    client.handlers.set('policy.remove', (input) => {
      const { id } = input as { id: number };
      client.policies = client.policies.filter((p) => p.id !== id);
      return policy(id, 'aligned', { status: 'removed' });
    });
    client.handlers.set('discover.start', () => decodeJob({ id: 'job-2' }));
    const w = await mountWith(FailuresView);
    const options = w.findAll('[data-testid="discover-aligned-policy"] option').map((o) => o.text());
    // Only ready policies are offered: the failed #2 is not.
    expect(options).toEqual(['newest ready', '#1 aligned-1']);
    await w.get('[data-testid="discover-aligned-policy"]').setValue('1');
    await w.get('[data-testid="discover-form"]').trigger('submit');
    await flushPromises();
    expect(client.callsOf('discover.start').at(-1)).toEqual({ role: 'both', mode: 'guided', split: 'validation', prompts: 50, samples: 1, alignedPolicyId: 1 });

    await w.get('[data-policy-id="3"] [data-testid="policy-remove"]').trigger('click');
    await flushPromises();
    expect(client.callsOf('policy.remove')).toEqual([{ id: 3 }]);
    expect(rows(w, 'misaligned')).toEqual([]);
  });
});
