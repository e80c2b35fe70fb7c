// The one named error of the LLM client: a single line naming the endpoint, the reason and what the server said.
import { ErrorCode, StudioError } from '../shared/errors';

/**
 * Why a completion failed. `unreachable`, `timeout` and `http` (429/5xx) are retried before they surface;
 * `malformed` and `cancelled` never are.
 */
export type LlmErrorReason = 'unreachable' | 'timeout' | 'http' | 'malformed' | 'cancelled';

/**
 * A failed call to the configured chat endpoint. The message is one line that names the endpoint (never the API
 * key) so a MARS job log or a CLI error tells the user which server to look at.
 */
export class LlmError extends StudioError {
  readonly reason: LlmErrorReason;
  /** The HTTP status for `reason: 'http'`. */
  readonly status: number | undefined;
  /** How many requests were sent before giving up (0 when cancelled before the first one). */
  readonly attempts: number;

  constructor(
    endpoint: string,
    reason: LlmErrorReason,
    detail: string,
    extra: { status?: number; attempts: number },
  ) {
    const tries = extra.attempts > 1 ? ` (after ${extra.attempts} attempts)` : '';
    // The shared ErrorCode has no endpoint-failure code; callers branch on `reason`, transports show the message.
    super(ErrorCode.LlmEndpoint, `LLM endpoint ${endpoint}: ${detail}${tries}`, {
      endpoint,
      reason,
      attempts: extra.attempts,
      ...(extra.status === undefined ? {} : { status: extra.status }),
    });
    this.name = 'LlmError';
    this.reason = reason;
    this.status = extra.status;
    this.attempts = extra.attempts;
  }
}
