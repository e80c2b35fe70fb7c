// `prefstudio policy train|endpoint|list|remove`: policy models for failure discovery, as contract calls.
import { resolve } from 'node:path';
import type { PolicySummary } from '../../shared/policy-dto';
import { openProject, runJobCommand, type CliContext, type CommandOutcome } from './command-kit';
import { ExitCode } from './errors';
import { call } from './job-runner';
import type { PolicyCommand } from './policy-args';

const num = (x: number | null | undefined, digits = 1): string => (x === null || x === undefined ? '–' : x.toFixed(digits));

/** One line per policy: id, role, where it comes from, status, and perplexity before → after training. */
export function formatPolicy(p: PolicySummary): string {
  const what =
    p.endpoint !== null
      ? `endpoint ${p.endpoint.baseUrl} (model ${p.endpoint.model}, top ${p.endpoint.topLogprobs}${p.endpoint.hasApiKey ? ', with an API key' : ''})`
      : p.source === 'fine-tuned'
        ? `fine-tuned from ${p.initFrom ?? '?'}`
        : `trained, preset ${p.preset ?? '?'}`;
  const m = p.metrics;
  const numbers = m
    ? `  ${m.steps} steps in ${num(m.seconds)} s · perplexity on training responses ${num(m.initialPerplexity)} → ${num(m.finalPerplexity)} · held-out ${num(m.validationPerplexity)}`
    : '';
  return `  #${p.id} ${p.name}  ${p.role ?? '?'}  ${p.status}  ${what}${numbers}\n`;
}

export async function policyCommand(ctx: CliContext, cmd: PolicyCommand): Promise<CommandOutcome> {
  const project = await openProject(ctx, cmd.project, false);
  switch (cmd.action) {
    case 'train': {
      const options = cmd.options.initFrom ? { ...cmd.options, initFrom: resolve(ctx.cwd, cmd.options.initFrom) } : cmd.options;
      const { job, exitCode } = await runJobCommand(ctx, cmd, 'policy.train', options, false);
      const policy = (await call<PolicySummary[]>(ctx.api, 'policy.list', {})).find((p) => p.id === Number(job.result?.modelId ?? job.params.modelId));
      if (!cmd.json && exitCode === ExitCode.ok && policy) ctx.stdout.write(formatPolicy(policy));
      return { exitCode, value: { project, job, policy: policy ?? null } };
    }
    case 'endpoint': {
      const policy = await call<PolicySummary>(ctx.api, 'policy.setEndpoint', cmd.options);
      if (!cmd.json) ctx.stdout.write(`registered ${policy.role ?? ''} policy:\n${formatPolicy(policy)}`);
      return { exitCode: ExitCode.ok, value: policy };
    }
    case 'list': {
      const policies = await call<PolicySummary[]>(ctx.api, 'policy.list', {});
      if (!cmd.json) ctx.stdout.write(policies.length === 0 ? `no policies yet: ${ctx.prog} policy train <project> --role aligned\n` : policies.map(formatPolicy).join(''));
      return { exitCode: ExitCode.ok, value: policies };
    }
    case 'remove': {
      const policy = await call<PolicySummary>(ctx.api, 'policy.remove', { id: cmd.id });
      if (!cmd.json) ctx.stdout.write(`removed policy #${policy.id} (${policy.name})\n`);
      return { exitCode: ExitCode.ok, value: policy };
    }
  }
}
