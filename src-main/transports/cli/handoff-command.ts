// `prefstudio handoff` (the patched set as <dir>/dataset plus the trainer's scripts) and `prefstudio patch apply` (no project needed).
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeHandoff } from '../../exporters/handoff/write-handoff';
import { applyPatch } from '../../exporters/patch/apply-patch';
import type { ParsedCommand } from './args';
import { ErrorCode } from '../../shared/errors';
import type { HandoffCommand } from './handoff-args';
import { openProject, runJobCommand, type CliContext, type CommandOutcome } from './command-kit';
import { CliFailure, ExitCode } from './errors';

export async function handoffCommand(ctx: CliContext, cmd: HandoffCommand): Promise<CommandOutcome> {
  const project = await openProject(ctx, cmd.project, false);
  const dir = resolve(ctx.cwd, cmd.dir);
  if (existsSync(join(dir, 'train.sh')) && !cmd.overwrite) {
    throw CliFailure.of(ErrorCode.TargetExists, `${dir} already holds a hand-off (pass --force to replace it)`, { path: dir });
  }
  mkdirSync(dir, { recursive: true });
  const dataset = join(dir, 'dataset');
  const { job, exitCode } = await runJobCommand(ctx, cmd, 'export.start', {
    path: dataset,
    format: 'hf',
    overwrite: cmd.overwrite || undefined,
  });
  if (exitCode !== ExitCode.ok) return { exitCode, value: { project, job } };
  const files = writeHandoff(dir, cmd.options);
  if (!cmd.json) ctx.stdout.write(`wrote ${dataset}/ and ${files.join(', ')} in ${dir}\nNext: see ${join(dir, 'README.md')}\n`);
  return { exitCode, value: { project, job, dir, files } };
}

export async function patchApplyCommand(ctx: CliContext, cmd: Extract<ParsedCommand, { name: 'patch' }>): Promise<CommandOutcome> {
  const source = resolve(ctx.cwd, cmd.source);
  const patch = resolve(ctx.cwd, cmd.patch);
  for (const path of [source, patch]) if (!existsSync(path)) throw CliFailure.of(ErrorCode.FileNotFound, `file ${path} does not exist`);
  const counts = await applyPatch(source, patch, resolve(ctx.cwd, cmd.out), cmd.overwrite);
  if (!cmd.json)
    ctx.stdout.write(`wrote ${counts.rows} pairs to ${resolve(ctx.cwd, cmd.out)} (${counts.removed} removed, ${counts.modified} changed, ${counts.added} added)\n`);
  return { exitCode: ExitCode.ok, value: counts };
}
