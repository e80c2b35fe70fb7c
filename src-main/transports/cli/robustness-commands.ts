// `prefstudio robustness`: runs the suite and prints models side by side, with differences to the first model.
import type { Job } from '../../shared/dto';
import type { Estimate, RobustnessReport } from '../../shared/robustness-dto';
import type { ParsedCommand } from './args';
import { openProject, runJobCommand, type CliContext, type CommandOutcome } from './command-kit';
import { jobResult } from '../../shared/job-results';

const pct = (e: Estimate): string => (Number.isFinite(e.value) ? `${(e.value * 100).toFixed(1)}±${(e.se * 100).toFixed(1)}` : '–');
const signed = (e: Estimate): string =>
  Number.isFinite(e.value) ? `${e.value >= 0 ? '+' : ''}${(e.value * 100).toFixed(1)}±${(e.se * 100).toFixed(1)}` : '–';

/** One table: rows are in-distribution accuracy, the score and each family (accuracy / flip rate), columns models. */
export function formatRobustness(report: RobustnessReport): string {
  const models = report.models;
  const header = ['', ...models.map((m) => `model #${m.modelId}`), ...report.diffs.map((d) => `#${d.modelId} − #${d.referenceId}`)];
  const rows: string[][] = [
    ['in-distribution acc %', ...models.map((m) => pct(m.inDistribution)), ...report.diffs.map((d) => signed(d.inDistribution))],
    ['robustness score %', ...models.map((m) => pct(m.score)), ...report.diffs.map((d) => signed(d.score))],
  ];
  for (const f of models[0]?.families ?? []) {
    const per = models.map((m) => m.families.find((x) => x.family === f.family));
    const diffs = report.diffs.map((d) => d.families.find((x) => x.family === f.family));
    rows.push([`${f.family} acc % (n=${f.n})`, ...per.map((x) => (x ? pct(x.accuracy) : '–')), ...diffs.map((x) => (x ? signed(x.accuracy) : '–'))]);
    rows.push([`${f.family} flip %`, ...per.map((x) => (x ? pct(x.flipRate) : '–')), ...diffs.map((x) => (x ? signed(x.flipRate) : '–'))]);
  }
  const table = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  return table.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n') + '\n';
}

export async function robustnessCommand(
  ctx: CliContext,
  cmd: Extract<ParsedCommand, { name: 'robustness' }>,
): Promise<CommandOutcome> {
  const project = await openProject(ctx, cmd.project, false);
  const started = await runJobCommand(ctx, cmd, 'robustness.start', cmd.options, false);
  const job: Job = started.job;
  const result = jobResult(job, 'robustness');
  // A cancelled suite reports no models.
  const report = result !== null && 'models' in result ? result : null;
  if (!cmd.json && report) ctx.stdout.write(formatRobustness(report));
  return { exitCode: started.exitCode, value: { project, job, report } };
}
