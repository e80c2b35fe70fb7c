// The CLI's top level: parse, build the api only when needed, run the command, and map every error to one line.
import { ErrorCode, toErrorDTO, type ErrorDTO } from '../../shared/errors';
import type { StudioApi } from '../../services/studio-api';
import { parseCli } from './args';
import { runCommand } from './commands';
import { CliFailure, CliUsageError, ExitCode, withFlagHint } from './errors';
import { commandHelp, generalHelp } from './help';
import type { InterruptSource } from './job-runner';
import type { ProgressMode, TextSink } from './progress';

export interface CliDeps {
  /** Builds the real services; called once, after the arguments were found valid. */
  createApi: () => Promise<StudioApi>;
  stdout: TextSink;
  stderr: TextSink;
  env: Record<string, string | undefined>;
  version: string;
  /** Built renderer folder (`out/renderer`), for `serve`; null when unknown. */
  rendererDir?: string | null;
  cwd?: string;
  /** Ctrl-C; defaults to the process's SIGINT. */
  onInterrupt?: InterruptSource;
  now?: () => number;
  /** How the user ran the CLI, for follow-up hints; `prefstudio` when unknown (see invocation.ts). */
  prog?: string;
}

const processInterrupt: InterruptSource = (listener) => {
  process.on('SIGINT', listener);
  return () => process.off('SIGINT', listener);
};

/** Redrawing needs a real terminal; CI logs and `TERM=dumb` get periodic lines instead. */
function progressMode(stderr: TextSink, env: Record<string, string | undefined>): ProgressMode {
  return stderr.isTTY === true && env.CI === undefined && env.TERM !== 'dumb' ? 'tty' : 'lines';
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

/** Runs `prefstudio <argv…>` and resolves with the exit code; never throws and never prints a stack trace. */
export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
  const wantsJson = argv.includes('--json');
  const fail = (error: ErrorDTO, exitCode: number): number => {
    deps.stderr.write(`prefstudio: error: ${oneLine(error.message)}\n`);
    if (wantsJson) deps.stdout.write(JSON.stringify({ ok: false, error }) + '\n');
    return exitCode;
  };
  let api: StudioApi | null = null;
  if (argv.length === 0) {
    deps.stderr.write(generalHelp(deps.version));
    return ExitCode.usage;
  }
  try {
    const cmd = parseCli(argv);
    if (cmd.name === 'version') {
      deps.stdout.write(`${deps.version}\n`);
      return ExitCode.ok;
    }
    if (cmd.name === 'help') {
      deps.stdout.write(cmd.topic === null ? generalHelp(deps.version) : commandHelp(cmd.topic));
      return ExitCode.ok;
    }
    api = await deps.createApi();
    const outcome = await runCommand(
      {
        api,
        stdout: deps.stdout,
        stderr: deps.stderr,
        cwd: deps.cwd ?? process.cwd(),
        progress: progressMode(deps.stderr, deps.env),
        onInterrupt: deps.onInterrupt ?? processInterrupt,
        rendererDir: deps.rendererDir ?? null,
        now: deps.now ?? Date.now,
        prog: deps.prog ?? 'prefstudio',
      },
      cmd,
    );
    if (cmd.json && outcome.value !== undefined)
      deps.stdout.write(JSON.stringify({ ok: true, value: outcome.value }) + '\n');
    return outcome.exitCode;
  } catch (err) {
    if (err instanceof CliUsageError)
      return fail({ code: ErrorCode.InvalidRequest, message: err.message }, err.exitCode);
    if (err instanceof CliFailure) return fail(withFlagHint(err.error), err.exitCode);
    return fail(toErrorDTO(err), ExitCode.failure);
  } finally {
    await api?.close().catch(() => {});
  }
}
