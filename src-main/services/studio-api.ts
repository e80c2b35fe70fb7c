// The seam between the services and every transport: one dispatcher for the contract, plus the event stream.
import type { StudioEvent } from '../shared/contract';
import type { Result } from '../shared/errors';

/**
 * What a transport (Electron IPC, the HTTP/WebSocket server, the CLI) needs from the app.
 * `dispatch` validates `input` against the contract schema for `method` exactly once, runs the handler and
 * returns errors as data (never throws).
 */
export interface StudioApi {
  dispatch(method: string, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: StudioEvent) => void): () => void;
  /** Absolute path of the open project's artifacts folder (uploads are staged below it), or null. */
  artifactsDir(): string | null;
  /** Stops running jobs (soft cancel, then hard kill) and closes the project. */
  close(): Promise<void>;
}
