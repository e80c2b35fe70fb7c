// The CLI's two failure kinds: usage errors (exit 2) and runtime failures (exit 1), each shown as one line.
import { ErrorCode, type ErrorDTO } from '../../shared/errors';

export const ExitCode = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/** Something wrong with the command line itself: unknown command or flag, bad value, missing argument. */
export class CliUsageError extends Error {
  readonly exitCode = ExitCode.usage;
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** The command was well formed but could not be carried out: missing project, failed job, service error. */
export class CliFailure extends Error {
  readonly exitCode = ExitCode.failure;
  readonly error: ErrorDTO;
  constructor(error: ErrorDTO) {
    super(error.message);
    this.name = 'CliFailure';
    this.error = error;
  }

  static of(code: ErrorCode, message: string, details?: Record<string, unknown>): CliFailure {
    return new CliFailure(details === undefined ? { code, message } : { code, message, details });
  }
}

/** Maps a service error onto the CLI: an invalid request is the caller's mistake, anything else a failure. */
export function failureFromService(error: ErrorDTO): CliUsageError | CliFailure {
  return error.code === ErrorCode.InvalidRequest ? new CliUsageError(error.message) : new CliFailure(error);
}

/**
 * A service error worded for every transport, with the CLI flags that answer it: the UI picks a format and a column
 * mapping in its form, on the command line those are `--format` and `--map`.
 */
export function withFlagHint(error: ErrorDTO): ErrorDTO {
  if (error.code !== ErrorCode.UnknownFormat) return error;
  return {
    ...error,
    message: `${error.message} (--format FORMAT; for flat files also --map prompt=COLUMN,chosen=COLUMN,rejected=COLUMN)`,
  };
}
