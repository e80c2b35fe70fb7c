// `prefstudio cv`: k-fold cross-validation of presets side by side (a job), printed as accuracy ± SE per preset.
import { ModelPreset, type CvOptions, type CvResult } from '../../shared/dto';
import { PARAMS } from '../../shared/params';
import { ID_MAX, integer, param, str, type Values } from './arg-values';
import { dropUndefined, openProject, runJobCommand, type CliContext, type CommandOutcome } from './command-kit';
import { CliUsageError } from './errors';
import { ExitCode } from './errors';
import { jobResult } from '../../shared/job-results';

export type CvCommand = { name: 'cv'; json: boolean; project: string; options: CvOptions };

function presets(value: string | undefined): CvOptions['presets'] {
  if (value === undefined) return undefined;
  const names = value.split(',').map((n) => n.trim());
  const bad = names.filter((n) => !ModelPreset.safeParse(n).success);
  if (bad.length > 0 || names.length === 0) {
    throw new CliUsageError(`--preset "${value}": unknown ${bad.join(', ')}; choose from ${ModelPreset.options.join(', ')}, comma-separated`);
  }
  return names.map((n) => ModelPreset.parse(n));
}

export function parseCvFlags(values: Values, json: boolean, project: string): CvCommand {
  return {
    name: 'cv',
    json,
    project,
    options: dropUndefined({
      presets: presets(str(values, 'preset')),
      folds: param('folds', PARAMS.folds, str(values, 'folds')),
      seed: param('seed', PARAMS.seed, str(values, 'seed')),
      datasetId: integer('dataset', str(values, 'dataset'), 1, ID_MAX),
    }),
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function formatCv(r: CvResult): string {
  const width = Math.max(13, ...r.results.map((x) => x.preset.length));
  const row = (name: string, acc: number, se: number, rest: string): string => `  ${name.padEnd(width)}  ${pct(acc)} ± ${(se * 100).toFixed(1)}  ${rest}\n`;
  let out = `${r.folds}-fold cross-validation on ${r.pairs} pairs (accuracy ± SE):\n`;
  for (const x of r.results) out += row(x.preset, x.accuracy, x.se, `folds ${x.foldAccuracies.map(pct).join(' ')} · ${x.seconds.toFixed(0)} s`);
  out += row('shorter wins', r.shorterWins.accuracy, r.shorterWins.se, '(reference)');
  for (const x of r.results) {
    if (x.accuracy - r.shorterWins.accuracy < 2 * Math.hypot(x.se, r.shorterWins.se)) {
      out += `warning: ${x.preset} is within noise of "the shorter response wins" on these pairs\n`;
    }
  }
  return out;
}

export async function cvCommand(ctx: CliContext, cmd: CvCommand): Promise<CommandOutcome> {
  const project = await openProject(ctx, cmd.project, false);
  const { job, exitCode } = await runJobCommand(ctx, cmd, 'cv.start', cmd.options, false);
  const result = jobResult(job, 'cv');
  // A cancelled run reports how far it got, not accuracies.
  if (exitCode === ExitCode.ok && !cmd.json && result !== null && !('cancelled' in result)) ctx.stdout.write(formatCv(result));
  return { exitCode, value: { project, job } };
}
