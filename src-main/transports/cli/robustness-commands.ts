// `prefstudio robustness`: runs the suite and prints models side by side, with differences to the first model.
import { resolve } from 'node:path';
import type { Job } from '../../shared/dto';
import type { Estimate, RobustnessReport } from '../../shared/robustness-dto';
import type { ParsedCommand } from './args';
import { openProject, runJobCommand, type CliContext, type CommandOutcome } from './command-kit';
import { jobResult } from '../../shared/job-results';

/** Over several seeds, the within-seed SE follows in brackets: `61.2±0.8[2.1]`. */
const within = (e: Estimate, scale: number, digits: number): string => (e.overSeeds ? `[${(e.overSeeds.withinSe * scale).toFixed(digits)}]` : '');
const pct = (e: Estimate): string => (Number.isFinite(e.value) ? `${(e.value * 100).toFixed(1)}±${(e.se * 100).toFixed(1)}${within(e, 100, 1)}` : '–');
const signed = (e: Estimate): string =>
  Number.isFinite(e.value) ? `${e.value >= 0 ? '+' : ''}${(e.value * 100).toFixed(1)}±${(e.se * 100).toFixed(1)}${within(e, 100, 1)}` : '–';

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
  if (models.some((m) => m.attack)) {
    const attackRow = (label: string, get: (a: NonNullable<(typeof models)[number]['attack']>) => Estimate, diff: (d: NonNullable<(typeof report.diffs)[number]['attack']>) => Estimate, f: (e: Estimate) => string) =>
      [label, ...models.map((m) => (m.attack ? f(get(m.attack)) : '–')), ...report.diffs.map((d) => (d.attack ? signed(diff(d.attack)) : '–'))];
    rows.push(attackRow('attack success %', (a) => a.attackSuccessRate, (d) => d.attackSuccessRate, pct));
    // On the demo: only failures its rule confirms keep their policy's class (REFORM's failures).
    if (models.some((m) => m.attack?.confirmed)) {
      const none = { value: Number.NaN, se: Number.NaN };
      rows.push(attackRow('  class-confirmed %', (a) => a.confirmed?.attackSuccessRate ?? none, (d) => d.confirmed?.attackSuccessRate ?? none, pct));
    }
    const perPrompt = (e: Estimate) => (Number.isFinite(e.value) ? `${e.value.toFixed(2)}±${e.se.toFixed(2)}${within(e, 1, 2)}` : '–');
    rows.push(['failures / prompt', ...models.map((m) => (m.attack ? perPrompt(m.attack.failuresPerPrompt) : '–')), ...report.diffs.map((d) => (d.attack ? signedNum(d.attack.failuresPerPrompt) : '–'))]);
  }
  const table = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  const seeds = models[0]?.seeds;
  const notes = [
    ...(seeds ? [`over seeds ${seeds.join(', ')}: mean ± SE over seeds [within-seed SE]; differences paired by seed`] : []),
    ...models.flatMap((m) => [
    ...(m.scoresDir !== undefined ? [`model #${m.modelId}: external, scores from ${m.scoresDir}`] : []),
    ...(m.attackSkipped !== undefined ? [`model #${m.modelId}: attack skipped: ${m.attackSkipped}`] : []),
    ]),
  ];
  const lines = table.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  return [...lines, ...notes].join('\n') + '\n';
}

const signedNum = (e: Estimate): string => (Number.isFinite(e.value) ? `${e.value >= 0 ? '+' : ''}${e.value.toFixed(2)}±${e.se.toFixed(2)}${within(e, 1, 2)}` : '–');

/** `--export-perturbed DIR`: a job that writes the files an external model scores; then says which scores files to write. */
async function exportCommand(ctx: CliContext, cmd: Extract<ParsedCommand, { name: 'robustness' }>, dir: string): Promise<CommandOutcome> {
  const project = await openProject(ctx, cmd.project, false);
  const { families, seed } = cmd.options;
  const input = { dir: resolve(ctx.cwd, dir), ...(families ? { families } : {}), ...(seed === undefined ? {} : { seed }) };
  const started = await runJobCommand(ctx, cmd, 'robustness.exportPerturbed', input, false);
  const result = jobResult(started.job, 'robustness-export');
  const written = result !== null && 'parts' in result ? result : null;
  if (!cmd.json && written) {
    ctx.stdout.write(`wrote ${written.parts.length} files to ${written.dir} (seed ${written.seed}); score each and write:\n`);
    for (const part of written.parts) ctx.stdout.write(`  ${part.file} (${part.pairs} pairs) → ${part.scoresFile}\n`);
  }
  return { exitCode: started.exitCode, value: { project, job: started.job, export: written } };
}

export async function robustnessCommand(
  ctx: CliContext,
  cmd: Extract<ParsedCommand, { name: 'robustness' }>,
): Promise<CommandOutcome> {
  if (cmd.exportDir !== undefined) return exportCommand(ctx, cmd, cmd.exportDir);
  const project = await openProject(ctx, cmd.project, false);
  const scores = cmd.options.scores?.map((s) => ({ ...s, dir: resolve(ctx.cwd, s.dir) }));
  const options = { ...cmd.options, ...(scores ? { scores } : {}) };
  const started = await runJobCommand(ctx, cmd, 'robustness.start', options, false);
  const job: Job = started.job;
  const result = jobResult(job, 'robustness');
  // A cancelled suite reports no models.
  const report = result !== null && 'models' in result ? result : null;
  if (!cmd.json && report) ctx.stdout.write(formatRobustness(report));
  return { exitCode: started.exitCode, value: { project, job, report } };
}
