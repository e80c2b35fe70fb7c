// The policy-model methods of the contract (spread into `methods` in contract.ts): train one, register an endpoint
// as one, list them, remove one.
import { z } from 'zod';
import { Job } from './dto';
import { PolicyEndpointOptions, PolicySummary, PolicyTrainOptions } from './policy-dto';

export const policyMethods = {
  /** Starts a `policy-train` job (child process): prompt → chosen (aligned) or → rejected (misaligned). */
  'policy.train': { input: PolicyTrainOptions, output: Job, doc: 'Train a policy model.' },
  /** Every policy that is not removed, newest first, with its role, source and training numbers. */
  'policy.list': { input: z.object({}).strict(), output: z.array(PolicySummary), doc: 'Policy models.' },
  /** Registers an OpenAI-compatible completions endpoint as the policy of a role; its key goes to the secret store. */
  'policy.setEndpoint': { input: PolicyEndpointOptions, output: PolicySummary, doc: 'Register an endpoint policy.' },
  /** Takes a policy out of use (discovery no longer picks it); the row stays for the provenance of earlier runs. */
  'policy.remove': {
    input: z.object({ id: z.number().int().positive() }).strict(),
    output: PolicySummary,
    doc: 'Remove a policy model.',
  },
} as const;
