// Reward-model commands: train, score, eval and models, each a sequence of contract calls like the others.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LengthBaseline, ModelSummary, RewardMetrics } from '../../shared/dto';
import { ErrorCode } from '../../shared/errors';
import type { ParsedCommand } from './args';
import { dropUndefined, openProject, runJobCommand, type CliContext, type CommandOutcome } from './command-kit';
import { CliFailure, ExitCode } from './errors';
import { call } from './job-runner';
import { jobResult } from '../../shared/job-results';

const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null | undefined, digits = 3): string => (x === null || x === undefined ? '–' : x.toFixed(digits));

/** "58.3% ± 1.4" — the SE in percentage points, so a difference can be judged against it. */
const pctSe = (x: number | undefined, se: number | undefined): string => (se === undefined ? pct(x) : `${pct(x)} ± ${(se * 100).toFixed(1)}`);

/** The model against "shorter wins" on its validation pairs, with the warning when that is within noise. */
export function formatBaseline(b: LengthBaseline | null | undefined): string {
  if (!b) return '';
  const line = `shorter response wins: ${pctSe(b.shorterWins, b.shorterWinsSe)} on the same pairs · model − shorter ${(b.difference * 100).toFixed(1)} ± ${(b.differenceSe * 100).toFixed(1)} points\n`;
  const warning = b.withinNoise
    ? 'warning: this model is within noise of "the shorter response wins" on its validation pairs; its margins are not worth reviewing yet\n'
    : '';
  return line + warning;
}

/** A few lines a person can read: accuracy, loss, calibration and how the margins spread. */
export function formatMetrics(label: string, m: RewardMetrics | null): string {
  if (!m) return `${label}: no pairs\n`;
  return (
    `${label}: accuracy ${pctSe(m.accuracy, m.accuracySe)} on ${m.pairs} pairs · loss ${num(m.meanLoss)} · ECE ${num(m.ece)} · ` +
    `margin ${num(m.marginMean, 2)} ± ${num(m.marginStd, 2)} (SNR ${num(m.marginSnr, 2)}) · ${m.disagreements} disagree with the label\n`
  );
}

export function formatModels(models: ModelSummary[], prog = 'prefstudio'): string {
  if (models.length === 0) return `no models yet: ${prog} train <project>\n`;
  const rows = models.map((m) => {
    const v = m.metrics?.validation ?? null;
    return `  #${m.id} ${m.name}  ${m.kind}${m.preset ? `/${m.preset}` : ''}  ${m.status}  val acc ${pctSe(v?.accuracy, v?.accuracySe)}${m.metrics?.baseline?.withinNoise ? ' (≈ shorter wins)' : ''}  loss ${num(v?.meanLoss)}  ECE ${num(v?.ece)}  ${m.scoredPairs} scored`;
  });
  return rows.join('\n') + '\n';
}

export async function trainCommand(ctx: CliContext, cmd: Extract<ParsedCommand, { name: 'train' }>): Promise<CommandOutcome> {
  const project = await openProject(ctx, cmd.project, false);
  const options = dropUndefined({ ...cmd.options, ...(cmd.options.initFrom ? { initFrom: resolve(ctx.cwd, cmd.options.initFrom) } : {}) });
  const { job, exitCode } = await runJobCommand(ctx, cmd, 'train.start', options);
  const trained = jobResult(job, 'train');
  if (exitCode !== ExitCode.ok || trained === null) return { exitCode, value: { project, job } };
  const model = await call<ModelSummary>(ctx.api, 'models.get', { id: trained.modelId });
  if (!cmd.json) {
    const t = model.metrics?.training;
    if (t) ctx.stdout.write(`trained on ${t.backend} in ${t.seconds.toFixed(0)} s · ${t.pairsPerSecond.toFixed(1)} pairs/s · ${Math.round(t.tokensPerSecond)} tokens/s\n`);
    ctx.stdout.write(formatMetrics('validation', model.metrics?.validation ?? null));
    ctx.stdout.write(formatBaseline(model.metrics?.baseline));
    ctx.stdout.write(formatMetrics('train', model.metrics?.train ?? null));
    const features = model.metrics?.features;
    if (features) {
      const list = (f: { ngram: string }[]): string => f.slice(0, 8).map((x) => `"${x.ngram}"`).join(', ');
      ctx.stdout.write(`rewards: ${list(features.positive)}\npenalises: ${list(features.negative)}\n`);
    }
  }
  return { exitCode, value: { project, job, model } };
}

export async function scoreCommand(ctx: CliContext, cmd: Extract<ParsedCommand, { name: 'score' }>): Promise<CommandOutcome> {
  const project = await openProject(ctx, cmd.project, false);
  const { job, exitCode } = await runJobCommand(ctx, cmd, 'score.start', dropUndefined({ modelId: cmd.modelId ?? latestModel(await models(ctx), ctx.prog) }));
  return { exitCode, value: { project, job } };
}

export async function evalCommand(ctx: CliContext, cmd: Extract<ParsedCommand, { name: 'eval' }>): Promise<CommandOutcome> {
  const project = await openProject(ctx, cmd.project, false);
  const file = resolve(ctx.cwd, cmd.file);
  if (!existsSync(file)) throw CliFailure.of(ErrorCode.FileNotFound, `file ${file} does not exist`);
  const input = dropUndefined({ path: file, modelId: cmd.modelId, format: cmd.format, mapping: cmd.mapping, pkuPreference: cmd.pkuPreference });
  // The result holds every pair's margin: print a summary, not the raw fields.
  const { job, exitCode } = await runJobCommand(ctx, cmd, 'eval.start', input, false);
  const r = jobResult(job, 'eval');
  if (exitCode === ExitCode.ok && !cmd.json && r !== null) {
    ctx.stdout.write(`model #${r.modelId} on ${r.file}: ${r.pairs} pairs scored, ${r.skipped} rows skipped\n`);
    ctx.stdout.write(formatMetrics('eval', r.metrics));
  }
  return { exitCode, value: { project, job } };
}

export async function modelsCommand(ctx: CliContext, cmd: Extract<ParsedCommand, { name: 'models' }>): Promise<CommandOutcome> {
  await openProject(ctx, cmd.project, false);
  const list = await models(ctx);
  if (!cmd.json) ctx.stdout.write(formatModels(list, ctx.prog));
  return { exitCode: ExitCode.ok, value: list };
}

function models(ctx: CliContext): Promise<ModelSummary[]> {
  return call<ModelSummary[]>(ctx.api, 'models.list', {});
}

/** The newest reward model that finished training, or a clear error. */
function latestModel(list: ModelSummary[], prog: string): number {
  const ready = list.find((m) => m.kind === 'reward' && m.status === 'ready');
  if (!ready) throw CliFailure.of(ErrorCode.NotFound, `no trained reward model yet: run ${prog} train <project> first`);
  return ready.id;
}
