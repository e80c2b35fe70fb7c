// `prefstudio reform`: start or continue a REFORM run, then print its ledger (or the JSON of run and rounds).
import type { Job } from '../../shared/dto';
import type { AttackRate, ReformRound, ReformRun, ShareEstimate } from '../../shared/reform-dto';
import type { ParsedCommand } from './args';
import { dropUndefined, openProject, runJobCommand, shellArg, type CliContext, type CommandOutcome } from './command-kit';
import { call } from './job-runner';

const pct = (x: number | null | undefined): string => (x == null ? '–' : `${(x * 100).toFixed(1)}%`);
const sum = (r: Record<string, number> | null): number => Object.values(r ?? {}).reduce((a, b) => a + b, 0);
const perRole = (r: Record<string, number> | null): string =>
  Object.entries(r ?? {})
    .map(([role, n]) => `${role} ${n}`)
    .join(', ') || 'none';

function change(b: ShareEstimate, a: ShareEstimate): string {
  const relative = b.value > 0 ? `, ${((a.value / b.value - 1) * 100).toFixed(0)}% relative` : '';
  return `${pct(b.value)} ± ${pct(b.se)} → ${pct(a.value)} ± ${pct(a.se)} (${a.n} prompts${relative})`;
}

/** Every failure, then (on the demo) only those its rule confirms keep their class: REFORM's failures. */
function attack(before: AttackRate | null, after: AttackRate | null): string {
  if (before === null || after === null) return '';
  const confirmed =
    before.confirmed && after.confirmed ? `; class-confirmed ${change(before.confirmed.overall, after.confirmed.overall)}` : '';
  return `  attack success ${change(before.overall, after.overall)}${confirmed}`;
}

/** One line per round: what discovery found, what the round added, the retrained model and the attack rates. */
export function formatReformLedger(run: ReformRun, rounds: ReformRound[], baseAccuracy: number | null): string {
  const lines = [
    `run #${run.id} ${run.name}: ${run.status}, ${run.roundsDone}/${run.config.rounds ?? '?'} rounds, budget ${run.config.budget ?? '?'}, approve ${run.config.approve ?? 'manual'}`,
    `  round 0 (base model #${run.baseModelId}): val acc ${pct(baseAccuracy)}`,
  ];
  for (const r of rounds) {
    const v = r.validation;
    const found = r.found === null ? '' : `: found ${sum(r.found)} (${perRole(r.found)}), kept ${r.candidates?.length ?? 0}, set aside ${r.setAside ?? 0}`;
    const added = r.added === null ? '' : `, added ${sum(r.added)} (${perRole(r.added)})`;
    const metrics = v ? `  val acc ${pct(v.accuracy)}${v.accuracySe === undefined ? '' : ` ± ${pct(v.accuracySe)}`}  loss ${v.meanLoss.toFixed(3)}` : '';
    const crossed = r.crossed ? `  crossed zero: ${r.crossed.toCorrect} up, ${r.crossed.toWrong} down` : '';
    lines.push(`  round ${r.round} (${r.phase})${found}${added}${metrics}${attack(r.attackBefore, r.attackAfter)}${crossed}`);
  }
  return lines.join('\n') + '\n';
}

export async function reformCommand(ctx: CliContext, cmd: Extract<ParsedCommand, { name: 'reform' }>): Promise<CommandOutcome> {
  const project = await openProject(ctx, cmd.project, false);
  const started =
    cmd.continueRun === undefined
      ? await runJobCommand(ctx, cmd, 'reform.start', dropUndefined(cmd.options), false)
      : await runJobCommand(ctx, cmd, 'reform.continue', { runId: cmd.continueRun }, false);
  const job: Job = started.job;
  const runId = Number(job.result?.['runId'] ?? cmd.continueRun ?? job.params['runId']);
  const run = (await call<ReformRun[]>(ctx.api, 'reform.runs', {})).find((r) => r.id === runId);
  const rounds = await call<ReformRound[]>(ctx.api, 'reform.rounds', { runId });
  if (!cmd.json && run) {
    const base = await call<{ metrics: { validation: { accuracy: number } | null } | null }>(ctx.api, 'models.get', { id: run.baseModelId });
    ctx.stdout.write(formatReformLedger(run, rounds, base.metrics?.validation?.accuracy ?? null));
    if (run.status === 'awaiting-review') {
      const last = rounds[rounds.length - 1];
      ctx.stdout.write(
        `${last?.candidates?.length ?? 0} failures of round ${last?.round ?? '?'} wait for review (Failures view, or ${ctx.prog} failures ${shellArg(cmd.project)} --run ${last?.discoveryRunId ?? '?'}); then: ${ctx.prog} reform ${shellArg(cmd.project)} --continue ${run.id}\n`,
      );
    }
  }
  return { exitCode: started.exitCode, value: { project, job, run, rounds } };
}
