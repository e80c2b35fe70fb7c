// `prefstudio mars` (start or continue a refinement run, then print its ledger) and `prefstudio llm` (the endpoint).
import type { Job } from '../../shared/dto';
import type { LlmSettingsView, MarsRound, MarsRun } from '../../shared/mars-dto';
import type { ParsedCommand } from './args';
import {
  dropUndefined,
  openProject,
  runJobCommand,
  shellArg,
  type CliContext,
  type CommandOutcome,
} from './command-kit';
import { ExitCode } from './errors';
import { call } from './job-runner';
import { jobResult } from '../../shared/job-results';
import { jobParams } from '../../shared/job-params';

const pct = (x: number | null | undefined): string => (x == null ? '–' : `${(x * 100).toFixed(1)}%`);
const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const num = (x: number | null | undefined, digits = 3): string => (x == null ? '–' : x.toFixed(digits));

/** One line per round: what it spent and what the retrained model scores on held-out pairs. */
export function formatLedger(
  run: MarsRun,
  rounds: MarsRound[],
  base: { accuracy: number | null; snr: number | null },
): string {
  const lines = [
    `run #${run.id} ${run.name}: ${run.status}, ${run.roundsDone}/${run.config.rounds ?? '?'} rounds, ${run.config.weighting ?? 'signed'} weighting, select ${pct(run.config.selectShare)}`,
    `  round 0 (base model #${run.baseModelId ?? '–'}): val acc ${pct(base.accuracy)}  SNR ${num(base.snr, 2)}`,
  ];
  for (const r of rounds) {
    const v = r.validation;
    // A new pair can be rewritten by several operators (prompt × chosen × rejected), so these sum to more than
    // the pairs: say what they count.
    const ops = Object.entries(r.operatorBudget)
      .map(([op, n]) => `${op} ${count.format(n)}`)
      .join(', ');
    const opsNote = ops === '' ? '' : `; operators used (a pair can use several): ${ops}`;
    const crossed = r.crossed
      ? `  crossed zero: ${count.format(r.crossed.toCorrect)} up, ${count.format(r.crossed.toWrong)} down`
      : '';
    lines.push(
      `  round ${r.round} (${r.phase}): ${count.format(r.selected)} selected, ${count.format(r.spent)}/${count.format(r.budget)} new pairs${opsNote}` +
        (v
          ? `  val acc ${pct(v.accuracy)}  loss ${num(v.meanLoss)}  margin ${num(v.marginMean, 2)} ± ${num(v.marginStd, 2)}  SNR ${num(v.marginSnr, 2)}`
          : '') +
        crossed,
    );
  }
  return lines.join('\n') + '\n';
}

export async function marsCommand(
  ctx: CliContext,
  cmd: Extract<ParsedCommand, { name: 'mars' }>,
): Promise<CommandOutcome> {
  const project = await openProject(ctx, cmd.project, false);
  const started =
    cmd.continueRun === undefined
      ? await runJobCommand(ctx, cmd, 'mars.start', dropUndefined(cmd.options), false)
      : await runJobCommand(ctx, cmd, 'mars.continue', { runId: cmd.continueRun }, false);
  const job: Job = started.job;
  const runId = jobResult(job, 'mars')?.runId ?? cmd.continueRun ?? jobParams('mars', job.params).runId;
  const runs = await call<MarsRun[]>(ctx.api, 'mars.runs', {});
  const run = runs.find((r) => r.id === runId);
  const rounds = await call<MarsRound[]>(ctx.api, 'mars.rounds', { runId });
  if (!cmd.json && run) {
    const baseModel =
      run.baseModelId === null
        ? null
        : await call<{
            metrics: { validation: { accuracy: number; marginSnr: number | null } | null } | null;
          }>(ctx.api, 'models.get', { id: run.baseModelId });
    const v = baseModel?.metrics?.validation ?? null;
    ctx.stdout.write(formatLedger(run, rounds, { accuracy: v?.accuracy ?? null, snr: v?.marginSnr ?? null }));
    if (run.status === 'awaiting-approval') {
      const last = rounds[rounds.length - 1];
      ctx.stdout.write(
        `${last?.spent ?? 0} variants of round ${last?.round ?? '?'} wait for review (Ambiguous pairs view); then: ${ctx.prog} mars ${shellArg(cmd.project)} --continue ${run.id}\n`,
      );
    }
  }
  return { exitCode: started.exitCode, value: { project, job, run, rounds } };
}

export async function llmCommand(
  ctx: CliContext,
  cmd: Extract<ParsedCommand, { name: 'llm' }>,
): Promise<CommandOutcome> {
  await openProject(ctx, cmd.project, false);
  const view =
    cmd.config === undefined
      ? await call<LlmSettingsView>(ctx.api, 'settings.llm', {})
      : await call<LlmSettingsView>(ctx.api, 'settings.setLlm', { config: cmd.config });
  if (!cmd.json) {
    ctx.stdout.write(
      view.configured
        ? `LLM endpoint: ${view.baseUrl} (model ${view.model})${view.hasApiKey ? ', with an API key' : ''}\n`
        : 'no LLM endpoint: MARS uses its offline operators only\n',
    );
    for (const w of view.warnings) ctx.stderr.write(`warning: ${w}\n`);
  }
  return { exitCode: ExitCode.ok, value: view };
}
