// `prefstudio discover` (a discovery job, then generated / failures / failure rate per role and tokens/s) and
// `prefstudio failures` (the failure modes of a run, or one mode's failures).
import type { Job } from '../../shared/dto';
import type { DiscoveryRun, FailureMode, FailurePage } from '../../shared/discovery-dto';
import type { DiscoverCommand, FailuresCommand } from './discover-args';
import { dropUndefined, openProject, runJobCommand, type CliContext, type CommandOutcome } from './command-kit';
import { ExitCode } from './errors';
import { call } from './job-runner';
import { jobParams } from '../../shared/job-params';

const pct = (n: number, of: number): string => (of === 0 ? '–' : `${((100 * n) / of).toFixed(1)}%`);

/** One line per role, then the decoding speed: what `discover` prints. */
export function formatRun(run: DiscoveryRun): string {
  const lines = [`discovery run #${run.id}: ${run.status}, ${run.promptIds.length} prompts, mode ${String(run.config.mode)}`];
  for (const [role, c] of Object.entries(run.byRole)) {
    lines.push(`  ${role.padEnd(10)} generated ${c.generated}  failures ${c.failures}  failure rate ${pct(c.failures, c.generated)}`);
  }
  const rate = run.seconds > 0 ? (run.tokens / run.seconds).toFixed(1) : '–';
  lines.push(`  ${run.tokens} tokens in ${run.seconds.toFixed(1)} s: ${rate} tokens/s`);
  return lines.join('\n') + '\n';
}

export function formatModes(modes: readonly FailureMode[]): string {
  if (modes.length === 0) return 'no failure modes (too few failures, or nothing they share)\n';
  const stat = (m: FailureMode) =>
    Object.entries(m.stats)
      .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(2)}`)
      .join(', ');
  return modes.map((m) => `${m.role.padEnd(10)} ${String(m.count).padStart(5)}  ${m.label}  [${stat(m)}]  id: ${m.id}\n`).join('');
}

export async function discoverCommand(ctx: CliContext, cmd: DiscoverCommand): Promise<CommandOutcome> {
  const project = await openProject(ctx, cmd.project, false);
  const started = await runJobCommand(ctx, cmd, 'discover.start', dropUndefined(cmd.options), false);
  const job: Job = started.job;
  const { runId } = jobParams('decode', job.params);
  const run = (await call<DiscoveryRun[]>(ctx.api, 'discover.runs', {})).find((r) => r.id === runId);
  if (!cmd.json && run) ctx.stdout.write(formatRun(run));
  return { exitCode: started.exitCode, value: { project, job, run } };
}

export async function failuresCommand(ctx: CliContext, cmd: FailuresCommand): Promise<CommandOutcome> {
  await openProject(ctx, cmd.project, false);
  const filter = dropUndefined({ runId: cmd.runId, role: cmd.role });
  if (cmd.modeId === undefined) {
    const modes = await call<FailureMode[]>(ctx.api, 'failures.modes', filter);
    if (!cmd.json) ctx.stdout.write(formatModes(modes));
    return { exitCode: ExitCode.ok, value: modes };
  }
  const page = await call<FailurePage>(ctx.api, 'failures.page', { ...filter, modeId: cmd.modeId, limit: 1000 });
  if (!cmd.json) {
    for (const f of page.rows) {
      const verdict =
        (f.ruleVerdict === null ? '' : `  rule says: ${f.ruleVerdict}`) + (f.judgeVerdict ? `  judge says: ${f.judgeVerdict} (suggestion)` : '');
      ctx.stdout.write(
        `#${f.pairId} ${f.role} r=${f.reward.toFixed(3)} vs ${f.referenceReward.toFixed(3)} (gap ${f.gap.toFixed(3)})${verdict}\n  ${f.response.trim().slice(0, 160)}\n`,
      );
    }
    ctx.stdout.write(`${page.total} failures in mode ${cmd.modeId}\n`);
  }
  return { exitCode: ExitCode.ok, value: page };
}
