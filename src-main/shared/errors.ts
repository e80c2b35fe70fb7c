// Error codes shared by every transport: the renderer, server and CLI map them to messages and exit codes.

/** Every failure the contract can report. Stable strings: scripts match on them. */
export const ErrorCode = {
  InvalidRequest: 'INVALID_REQUEST',
  UnknownMethod: 'UNKNOWN_METHOD',
  NotFound: 'NOT_FOUND',
  NoProject: 'NO_PROJECT',
  ProjectUnwritable: 'PROJECT_UNWRITABLE',
  ProjectTooNew: 'PROJECT_TOO_NEW',
  ProjectCorrupt: 'PROJECT_CORRUPT',
  FileNotFound: 'FILE_NOT_FOUND',
  UnknownFormat: 'UNKNOWN_FORMAT',
  BadMapping: 'BAD_MAPPING',
  JobConflict: 'JOB_CONFLICT',
  JobNotResumable: 'JOB_NOT_RESUMABLE',
  Unauthorized: 'UNAUTHORIZED',
  /** A configured LLM endpoint was unreachable, timed out or answered with an error. */
  LlmEndpoint: 'LLM_ENDPOINT',
  Internal: 'INTERNAL',
  /** Another live process is running a job that writes to this project. */
  ProjectBusy: 'PROJECT_BUSY',
  /** The file was imported before (same content hash); the caller chooses resume, skip or a new data set. */
  AlreadyImported: 'ALREADY_IMPORTED',
  /** Server mode: the path is outside the folders allowed at start (`--allow`). */
  PathNotAllowed: 'PATH_NOT_ALLOWED',
  /** A request or upload is larger than the configured cap. */
  TooLarge: 'TOO_LARGE',
  /** A source file cannot be read as what it claims to be (a `.gz` that is not gzip, or is cut short). */
  SourceCorrupt: 'SOURCE_CORRUPT',
  /** An export would overwrite an existing file or folder and `overwrite` was not set. */
  TargetExists: 'TARGET_EXISTS',
  /** An export would write onto a project, its WAL/SHM or its artifacts: refused even with `overwrite`. */
  TargetProtected: 'TARGET_PROTECTED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The serialisable form of an error, as it crosses IPC, HTTP and the CLI's --json output. */
export interface ErrorDTO {
  code: ErrorCode;
  message: string;
  /** Optional machine-readable context, e.g. `{ path, field }`. */
  details?: Record<string, unknown>;
}

/** A failure that a caller can act on; services throw it and transports serialise it. */
export class StudioError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'StudioError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }

  toDTO(): ErrorDTO {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromDTO(dto: ErrorDTO): StudioError {
    return new StudioError(dto.code, dto.message, dto.details);
  }
}

/** Errors travel as data: `{ ok: true, value }` or `{ ok: false, error }`. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorDTO };

/** Converts anything thrown into an ErrorDTO without leaking stack traces to callers. */
export function toErrorDTO(err: unknown): ErrorDTO {
  if (err instanceof StudioError) return err.toDTO();
  const message = err instanceof Error ? err.message : String(err);
  return { code: ErrorCode.Internal, message };
}
