// What each CLI command does, as a sequence of contract calls: open the project, start a job, wait, report.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ImportIssue, ProjectStats } from '../../shared/dto';
import { ErrorCode } from '../../shared/errors';
import { manifestPathOf } from '../../exporters/export-targets';
import { startServer } from '../server/server';
import type { ParsedCommand } from './args';
import {
  dropUndefined,
  openProject,
  runJobCommand,
  shellArg,
  type CliContext,
  type CommandOutcome,
} from './command-kit';
import { CliFailure, ExitCode } from './errors';
import { call } from './job-runner';
import { jobsCommand, resumeCommand } from './job-commands';
import { handoffCommand, patchApplyCommand } from './handoff-command';
import { llmCommand, marsCommand } from './mars-commands';
import { discoverCommand, failuresCommand } from './discover-commands';
import { reformCommand } from './reform-commands';
import { robustnessCommand } from './robustness-commands';
import { policyCommand } from './policy-commands';
import { evalCommand, modelsCommand, scoreCommand, trainCommand } from './model-commands';
import { cvCommand } from './cv-command';
import { formatIssue, formatStats } from './report';

type Runnable = Exclude<ParsedCommand, { name: 'help' | 'version' }>;

const ISSUES_SHOWN_AFTER_IMPORT = 5;

async function importCommand(
  ctx: CliContext,
  cmd: Extract<ParsedCommand, { name: 'import' }>,
): Promise<CommandOutcome> {
  const project = await openProject(ctx, cmd.project, true);
  const file = resolve(ctx.cwd, cmd.file);
  if (!existsSync(file)) throw CliFailure.of(ErrorCode.FileNotFound, `file ${file} does not exist`);
  const input = {
    path: file,
    format: cmd.format,
    mapping: cmd.mapping,
    datasetName: cmd.datasetName,
    pkuPreference: cmd.pkuPreference,
    split: cmd.split,
    ifImported: cmd.ifImported,
    skipCrossDuplicates: cmd.skipCrossDuplicates,
    validationShare: cmd.validationShare,
    splitSeed: cmd.splitSeed,
  };
  const { job, exitCode } = await runJobCommand(ctx, cmd, 'import.start', dropUndefined(input));
  if (exitCode !== ExitCode.ok) return { exitCode, value: { project, job } };
  const issues = await call<{ rows: ImportIssue[]; total: number }>(ctx.api, 'import.issues', {
    jobId: job.id,
    limit: ISSUES_SHOWN_AFTER_IMPORT,
  });
  if (!cmd.json && issues.total > 0) {
    const shown = issues.rows.map((issue) => `  ${formatIssue(issue)}\n`).join('');
    ctx.stdout.write(
      `${issues.total} rows rejected or duplicated; the first ${issues.rows.length}:\n${shown}`,
    );
    ctx.stdout.write(`List them all with: ${ctx.prog} issues ${shellArg(cmd.project)} --job ${job.id}\n`);
  }
  return { exitCode, value: { project, job, issues: { total: issues.total, rows: issues.rows } } };
}

async function exportCommand(
  ctx: CliContext,
  cmd: Extract<ParsedCommand, { name: 'export' }>,
): Promise<CommandOutcome> {
  const project = await openProject(ctx, cmd.project, false);
  const out = resolve(ctx.cwd, cmd.out);
  if (!existsSync(dirname(out)))
    throw CliFailure.of(ErrorCode.FileNotFound, `folder ${dirname(out)} does not exist`);
  const { job, exitCode } = await runJobCommand(
    ctx,
    cmd,
    'export.start',
    dropUndefined({
      path: out,
      shape: cmd.shape,
      filter: cmd.filter,
      format: cmd.format,
      include: cmd.include,
      // Flags only when given, so a plain export sends what it always sent.
      gzip: cmd.gzip || undefined,
      overwrite: cmd.overwrite || undefined,
    }),
  );
  if (exitCode === ExitCode.ok && !cmd.json)
    ctx.stdout.write(`wrote ${out} and ${manifestPathOf(out, cmd.format ?? 'jsonl')}\n`);
  return { exitCode, value: { project, job } };
}

async function demoCommand(
  ctx: CliContext,
  cmd: Extract<ParsedCommand, { name: 'demo' }>,
): Promise<CommandOutcome> {
  const project = await openProject(ctx, cmd.project, true);
  const { job, exitCode } = await runJobCommand(
    ctx,
    cmd,
    'demo.start',
    dropUndefined({ pairs: cmd.pairs, seed: cmd.seed, labelNoise: cmd.labelNoise }),
  );
  return { exitCode, value: { project, job } };
}

async function statsCommand(
  ctx: CliContext,
  cmd: Extract<ParsedCommand, { name: 'stats' }>,
): Promise<CommandOutcome> {
  await openProject(ctx, cmd.project, false);
  const stats = await call<ProjectStats>(ctx.api, 'project.stats', {});
  if (!cmd.json) ctx.stdout.write(formatStats(stats));
  return { exitCode: ExitCode.ok, value: stats };
}

/** Pages through every issue; human output streams page by page so a huge list starts printing at once. */
async function issuesCommand(
  ctx: CliContext,
  cmd: Extract<ParsedCommand, { name: 'issues' }>,
): Promise<CommandOutcome> {
  await openProject(ctx, cmd.project, false);
  const rows: ImportIssue[] = [];
  let after: number | null = null;
  let total = 0;
  do {
    const page: { rows: ImportIssue[]; nextAfter: number | null; total: number } = await call(
      ctx.api,
      'import.issues',
      {
        ...dropUndefined({ datasetId: cmd.datasetId, jobId: cmd.jobId }),
        ...(after === null ? {} : { after }),
        limit: 1000,
      },
    );
    total = page.total;
    if (cmd.json) rows.push(...page.rows);
    else ctx.stdout.write(page.rows.map((issue) => formatIssue(issue) + '\n').join(''));
    after = page.nextAfter;
  } while (after !== null);
  if (!cmd.json) ctx.stderr.write(`${total} issue${total === 1 ? '' : 's'}\n`);
  return { exitCode: ExitCode.ok, value: { total, rows } };
}

/** Serves until Ctrl-C; the page URL carries the access token, so it is printed and nowhere else stored. */
async function serveCommand(
  ctx: CliContext,
  cmd: Extract<ParsedCommand, { name: 'serve' }>,
): Promise<CommandOutcome> {
  const rendererDir = ctx.rendererDir;
  const index = rendererDir === null ? 'the renderer folder' : join(rendererDir, 'index.html');
  if (rendererDir === null || !existsSync(index)) {
    throw CliFailure.of(
      ErrorCode.FileNotFound,
      `the UI is not built (${index} is missing): run npm run build first`,
    );
  }
  const project = await openProject(ctx, cmd.project, true);
  const server = await startServer({
    api: ctx.api,
    rendererDir,
    port: cmd.port,
    log: (line) => ctx.stderr.write(line + '\n'),
    // Default: the project's folder and the current one; --allow replaces that list.
    allow: cmd.allow?.map((d) => resolve(ctx.cwd, d)) ?? [dirname(project.path), ctx.cwd],
    ...(cmd.maxUploadMiB === undefined ? {} : { maxUploadBytes: cmd.maxUploadMiB * 1024 * 1024 }),
  });
  if (cmd.json)
    ctx.stdout.write(
      JSON.stringify({
        ok: true,
        value: { project, url: server.url, port: server.port, token: server.token },
      }) + '\n',
    );
  else
    ctx.stdout.write(
      `Preference Studio is serving ${project.path}\nOpen ${server.url}\nPress Ctrl-C to stop.\n`,
    );
  await new Promise<void>((done) => {
    const remove = ctx.onInterrupt(() => {
      remove();
      done();
    });
  });
  await server.close();
  return { exitCode: ExitCode.ok, value: undefined };
}

export function runCommand(ctx: CliContext, cmd: Runnable): Promise<CommandOutcome> {
  switch (cmd.name) {
    case 'import':
      return importCommand(ctx, cmd);
    case 'export':
      return exportCommand(ctx, cmd);
    case 'demo':
      return demoCommand(ctx, cmd);
    case 'stats':
      return statsCommand(ctx, cmd);
    case 'issues':
      return issuesCommand(ctx, cmd);
    case 'serve':
      return serveCommand(ctx, cmd);
    case 'train':
      return trainCommand(ctx, cmd);
    case 'score':
      return scoreCommand(ctx, cmd);
    case 'eval':
      return evalCommand(ctx, cmd);
    case 'models':
      return modelsCommand(ctx, cmd);
    case 'mars':
      return marsCommand(ctx, cmd);
    case 'llm':
      return llmCommand(ctx, cmd);
    case 'jobs':
      return jobsCommand(ctx, cmd);
    case 'resume':
      return resumeCommand(ctx, cmd);
    case 'handoff':
      return handoffCommand(ctx, cmd);
    case 'patch':
      return patchApplyCommand(ctx, cmd);
    case 'cv':
      return cvCommand(ctx, cmd);
    case 'discover':
      return discoverCommand(ctx, cmd);
    case 'failures':
      return failuresCommand(ctx, cmd);
    case 'robustness':
      return robustnessCommand(ctx, cmd);
    case 'policy':
      return policyCommand(ctx, cmd);
    case 'reform':
      return reformCommand(ctx, cmd);
  }
}
