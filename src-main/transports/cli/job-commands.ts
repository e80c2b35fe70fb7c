// `prefstudio jobs` (list with states) and `prefstudio resume` (continue a job from its checkpoint, then report).
import type { Job } from '../../shared/dto';
import { ErrorCode } from '../../shared/errors';
import type { ParsedCommand } from './args';
import { openProject, runJobCommand, type CliContext, type CommandOutcome } from './command-kit';
import { CliFailure, ExitCode } from './errors';
import { call } from './job-runner';

const RESUMABLE = new Set(['cancelled', 'interrupted', 'failed']);
const LISTED = 500;

function jobLine(job: Job): string {
  const hint = RESUMABLE.has(job.state) ? '  (resumable)' : '';
  const message = job.error?.message ?? job.progress.message;
  return `${job.id}  ${job.kind.padEnd(7)} ${job.state.padEnd(11)} ${job.createdAt}  ${message}${hint}`;
}

export async function jobsCommand(
  ctx: CliContext,
  cmd: Extract<ParsedCommand, { name: 'jobs' }>,
): Promise<CommandOutcome> {
  await openProject(ctx, cmd.project, false);
  const jobs = await call<Job[]>(ctx.api, 'jobs.list', { limit: LISTED });
  if (!cmd.json) {
    ctx.stdout.write(jobs.length === 0 ? 'no jobs\n' : jobs.map((j) => jobLine(j) + '\n').join(''));
    if (jobs.some((j) => RESUMABLE.has(j.state)))
      ctx.stderr.write('Resume one with: prefstudio resume <project> <job id>\n');
  }
  return { exitCode: ExitCode.ok, value: jobs };
}

/** A full id, or a prefix of one (the first 8 characters that messages show) that names exactly one job. */
function findJob(jobs: Job[], id: string): Job {
  const exact = jobs.find((j) => j.id === id);
  if (exact) return exact;
  const matches = jobs.filter((j) => j.id.startsWith(id));
  if (matches.length === 1 && matches[0]) return matches[0];
  throw CliFailure.of(
    ErrorCode.NotFound,
    matches.length === 0 ? `no job ${id} in this project (see prefstudio jobs)` : `job id ${id} is ambiguous: ${matches.length} jobs start with it`,
  );
}

export async function resumeCommand(
  ctx: CliContext,
  cmd: Extract<ParsedCommand, { name: 'resume' }>,
): Promise<CommandOutcome> {
  const project = await openProject(ctx, cmd.project, false);
  const job = findJob(await call<Job[]>(ctx.api, 'jobs.list', { limit: LISTED }), cmd.job);
  const outcome = await runJobCommand(ctx, cmd, 'jobs.resume', { id: job.id });
  return { exitCode: outcome.exitCode, value: { project, job: outcome.job } };
}
