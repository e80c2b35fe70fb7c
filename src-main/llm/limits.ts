// Throttles for the chat client: a concurrency cap and a requests-per-minute token bucket, both cancellable.

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. Injected in tests. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** At most `limit` holders at once; waiters are served in arrival order and leave the queue when cancelled. */
export class Semaphore {
  private active = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** Waits for a slot; the returned function gives it back (call it exactly once, in a `finally`). */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw signal.reason;
    if (this.active < this.limit) {
      this.active++;
    } else {
      await new Promise<void>((resolve, reject) => {
        const grant = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = (): void => {
          const at = this.waiters.indexOf(grant);
          if (at >= 0) this.waiters.splice(at, 1);
          reject(signal?.reason);
        };
        this.waiters.push(grant);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      // A waiter inherits the slot directly, so a newcomer cannot jump the queue between release and wake-up.
      if (next === undefined) this.active--;
      else next();
    };
  }
}

/**
 * A token bucket refilled at `perMinute` with room for `burst` tokens, kept in its GCRA form (one "theoretical
 * arrival time"): each caller reserves its send time synchronously, so concurrent callers never race for the
 * same token and a fake clock gives exact, repeatable send times.
 */
export class RateLimiter {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  private tat = Number.NEGATIVE_INFINITY;

  constructor(
    perMinute: number,
    burst: number,
    private readonly now: () => number,
    private readonly sleep: Sleep,
  ) {
    this.intervalMs = 60_000 / perMinute;
    this.toleranceMs = (Math.max(1, burst) - 1) * this.intervalMs;
  }

  /** Waits until a request may be sent. A cancelled wait keeps its reservation: a cancelled run is rare. */
  async take(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    const now = this.now();
    const tat = Math.max(this.tat, now);
    this.tat = tat + this.intervalMs;
    const wait = tat - this.toleranceMs - now;
    if (wait > 0) await this.sleep(wait, signal);
  }
}
