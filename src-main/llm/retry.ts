// When to try a failed completion again: exponential backoff with jitter, and the server's Retry-After.

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
/** A server asking for a longer pause than this is treated as "not today": the job fails instead of hanging. */
export const MAX_RETRY_AFTER_MS = 300_000;

/**
 * Delay before retry number `attempt` (0 for the first retry): 0.5 s, 1 s, 2 s … capped at 30 s, with "equal
 * jitter" (half fixed, half random) so parallel requests that failed together do not retry together.
 */
export function backoffMs(attempt: number, random: () => number): number {
  const full = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
  return full / 2 + (random() * full) / 2;
}

/** Parses Retry-After (delta-seconds or an HTTP date) into milliseconds from `nowMs`; null when absent or bad. */
export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/** Statuses worth retrying: rate limited, request timeout, and server-side failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
