// What every CLI command file shares: the command context, opening the project, running a job with a progress bar.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Job, ProjectInfo } from '../../shared/dto';
import { ErrorCode } from '../../shared/errors';
import type { StudioApi } from '../../services/studio-api';
import type { ParsedCommand } from './args';
import { CliFailure, ExitCode } from './errors';
import { call, runJob, type InterruptSource, type JobMethod } from './job-runner';
import { ProgressReporter, type ProgressMode, type TextSink } from './progress';
import { formatJobReport } from './report';

export interface CliContext {
  api: StudioApi;
  stdout: TextSink;
  stderr: TextSink;
  cwd: string;
  progress: ProgressMode;
  onInterrupt: InterruptSource;
  /** Built renderer folder, for `serve`. */
  rendererDir: string | null;
  now: () => number;
  /** The command as the user ran it (`npx prefstudio`, `prefstudio`, `node bin/prefstudio.js`), for hints. */
  prog: string;
}

/** `text` quoted for a POSIX shell when it needs it, so a printed command can be pasted back. */
export function shellArg(text: string): string {
  return /^[\w./:@-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** What a command hands back: its exit code and, for `--json`, the value to print (undefined: already printed). */
export interface CommandOutcome {
  exitCode: number;
  value: unknown;
}

export type JobCommand = Extract<
  ParsedCommand,
  { name: 'import' | 'export' | 'demo' | 'train' | 'score' | 'eval' | 'mars' | 'resume' | 'handoff' | 'cv' | 'discover' | 'robustness' | 'policy' | 'reform' }
>;
function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Checks the path up front so the error names it, instead of surfacing whatever SQLite says. */
function checkProjectPath(path: string, create: boolean): void {
  if (existsSync(path)) {
    if (!statSync(path).isFile())
      throw CliFailure.of(ErrorCode.ProjectUnwritable, `project ${path} is not a file`);
    if (create && !isWritable(path))
      throw CliFailure.of(ErrorCode.ProjectUnwritable, `project ${path} is not writable`);
    return;
  }
  if (!create) throw CliFailure.of(ErrorCode.FileNotFound, `project ${path} does not exist`);
  const folder = dirname(path);
  if (!existsSync(folder))
    throw CliFailure.of(
      ErrorCode.ProjectUnwritable,
      `cannot create project ${path}: folder ${folder} does not exist`,
    );
  if (!isWritable(folder))
    throw CliFailure.of(
      ErrorCode.ProjectUnwritable,
      `cannot create project ${path}: folder ${folder} is not writable`,
    );
}

export async function openProject(ctx: CliContext, project: string, create: boolean): Promise<ProjectInfo> {
  const path = resolve(ctx.cwd, project);
  checkProjectPath(path, create);
  return call<ProjectInfo>(ctx.api, 'project.open', { path, create });
}

function jobFailure(job: Job): CliFailure {
  const code = (Object.values(ErrorCode) as string[]).includes(job.error?.code ?? '')
    ? (job.error?.code as ErrorCode)
    : ErrorCode.Internal;
  const reason =
    job.state === 'failed' ? (job.error?.message ?? 'unknown error') : `the job was ${job.state}`;
  return CliFailure.of(code, `${job.kind} failed: ${reason}`, { job });
}

/** Runs the job, prints its report, and decides the exit code: 130 after Ctrl-C, 1 when it did not finish. */
export async function runJobCommand(
  ctx: CliContext,
  cmd: JobCommand,
  method: JobMethod,
  input: unknown,
  /** False when the command prints its own summary instead of the job's result fields. */
  printReport = true,
) {
  const reporter = new ProgressReporter(ctx.stderr, cmd.json ? 'off' : ctx.progress, cmd.name, ctx.now);
  const outcome = await runJob(ctx.api, method, input, {
    reporter,
    onInterrupt: ctx.onInterrupt,
    notices: ctx.stderr,
  });
  const { job } = outcome;
  if (outcome.abandoned || (outcome.cancelRequested && job.state === 'cancelled')) {
    if (!cmd.json)
      ctx.stderr.write(`${cmd.name} ${outcome.abandoned ? 'abandoned' : 'cancelled'} (job ${job.id})\n`);
    return { job, exitCode: ExitCode.interrupted };
  }
  if (job.state !== 'done') throw jobFailure(job);
  if (!cmd.json && printReport) ctx.stdout.write(formatJobReport(job));
  return { job, exitCode: ExitCode.ok };
}

export function dropUndefined<T extends Record<string, unknown>>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}
