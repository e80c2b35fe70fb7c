// Policy models for failure discovery: the list per role, training one (a policy-train job followed live), registering
// a completions endpoint as one, and removing one.
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { Job } from '@shared/dto';
import type { PolicyRole } from '@shared/discovery-dto';
import type { PolicyEndpointOptions, PolicySummary, PolicyTrainOptions } from '@shared/policy-dto';
import { useStudioClient } from '../api';
import { errorMessage } from '../lib/format';
import { useJobsStore } from './jobs';

export const usePoliciesStore = defineStore('policies', () => {
  const list = ref<PolicySummary[]>([]);
  const loaded = ref(false);
  const busy = ref(false);
  const error = ref<string | null>(null);
  const notice = ref<string | null>(null);

  const client = () => useStudioClient();
  const jobs = useJobsStore();
  /** The policy-train job running now, if any: its loss and perplexity are shown live. */
  const liveJob = computed<Job | null>(() => jobs.active.find((j) => j.kind === 'policy-train') ?? null);
  const byRole = (role: PolicyRole) => list.value.filter((p) => p.role === role);
  /** Policies discovery can use: ready ones of the role, newest first (the backend's default is the first). */
  const readyFor = (role: PolicyRole) => byRole(role).filter((p) => p.status === 'ready');

  async function guarded<T>(fn: () => Promise<T>): Promise<T | null> {
    busy.value = true;
    try {
      const value = await fn();
      error.value = null;
      return value;
    } catch (err) {
      error.value = errorMessage(err);
      return null;
    } finally {
      busy.value = false;
    }
  }

  async function load(): Promise<void> {
    const policies = await guarded(() => client().call('policy.list', {}));
    if (policies !== null) list.value = policies;
    loaded.value = true;
  }

  async function train(options: PolicyTrainOptions): Promise<Job | null> {
    const job = await guarded(() => client().call('policy.train', options));
    if (job === null) return null;
    jobs.apply(job, false);
    notice.value = `Training the ${options.role} policy (job ${job.id.slice(0, 8)})`;
    await load();
    return job;
  }

  async function setEndpoint(options: PolicyEndpointOptions): Promise<PolicySummary | null> {
    const policy = await guarded(() => client().call('policy.setEndpoint', options));
    if (policy === null) return null;
    notice.value = `Registered ${policy.name} as the ${options.role} policy`;
    await load();
    return policy;
  }

  async function remove(id: number): Promise<void> {
    const policy = await guarded(() => client().call('policy.remove', { id }));
    if (policy === null) return;
    notice.value = `Removed ${policy.name}`;
    await load();
  }

  // A training job that ends changes its policy's status and numbers.
  watch(
    () => liveJob.value?.id,
    (now, before) => {
      if (before !== undefined && now !== before) void load();
    },
  );

  return { list, loaded, busy, error, notice, liveJob, byRole, readyFor, load, train, setEndpoint, remove, dismissError: () => (error.value = null) };
});
