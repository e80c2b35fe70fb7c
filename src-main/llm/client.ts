// OpenAI-compatible chat client for the user's own endpoint: cache, throttles, retries, timeouts, cancellation.
import { z } from 'zod';
import type { ChatMessage } from '../shared/dto';
import { cacheKey, type CompletionCache } from './cache';
import { describeEndpoint, type LlmEndpointConfig } from './config';
import { LlmError, type LlmErrorReason } from './errors';
import { RateLimiter, realSleep, Semaphore, type Sleep } from './limits';
import { backoffMs, isRetryableStatus, MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry';

export interface ChatClientDeps {
  cache: CompletionCache;
  fetch?: typeof globalThis.fetch;
  /** Clock for the rate limiter (ms). */
  now?: () => number;
  /** Waits for rate limiting and backoff; per-request timeouts always use real timers. */
  sleep?: Sleep;
  /** Jitter source in [0, 1). */
  random?: () => number;
}

export interface CompleteOptions {
  temperature?: number;
  maxTokens?: number;
  /** Sent as `seed`; servers that honour it make samples repeatable, and it is part of the cache key either way. */
  seed?: number;
  /** Cancels waiting, the in-flight request and any pending retry. */
  signal?: AbortSignal;
}

export interface ChatUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface Completion {
  text: string;
  /** True when the text came from the cache and no request was sent. */
  cached: boolean;
  /** The server stopped at maxTokens (`finish_reason: "length"`): the text is cut short. Never cached. */
  truncated: boolean;
  usage?: ChatUsage;
}

export interface ChatClient {
  /** `http://host:port/v1 (model m)`: how messages and provenance name the endpoint. Never holds the key. */
  readonly endpoint: string;
  readonly model: string;
  /** The temperature used when a call does not pass one. */
  readonly defaultTemperature: number;
  complete(messages: readonly ChatMessage[], options?: CompleteOptions): Promise<Completion>;
}

const ResponseBody = z.object({
  choices: z
    .array(z.object({ message: z.object({ content: z.string() }), finish_reason: z.string().nullish() }))
    .min(1),
  usage: z
    .object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() })
    .partial()
    .optional(),
});

type Failure = {
  reason: LlmErrorReason;
  detail: string;
  status?: number;
  retryable: boolean;
  retryAfterMs?: number | null;
};
type Attempt = { ok: true; completion: Completion } | { ok: false; failure: Failure };

const MAX_SERVER_MESSAGE = 300;

export function createChatClient(config: LlmEndpointConfig, deps: ChatClientDeps): ChatClient {
  const fetchImpl = deps.fetch ?? globalThis.fetch;
  const sleep = deps.sleep ?? realSleep;
  const random = deps.random ?? Math.random;
  const endpoint = describeEndpoint(config);
  const url = `${config.baseUrl}/chat/completions`;
  const slots = new Semaphore(config.maxConcurrency);
  // Burst = concurrency: a fresh run may start as many requests as can be in flight, then settles to the rate.
  const limiter = new RateLimiter(
    config.requestsPerMinute,
    config.maxConcurrency,
    deps.now ?? Date.now,
    sleep,
  );
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (config.apiKey !== undefined) headers.authorization = `Bearer ${config.apiKey}`;

  const fail = (f: Pick<Failure, 'reason' | 'detail' | 'status'>, attempts: number): LlmError =>
    new LlmError(endpoint, f.reason, redact(f.detail, config.apiKey), { attempts, status: f.status });
  const cancelled = (attempts: number): LlmError =>
    fail({ reason: 'cancelled', detail: 'request cancelled' }, attempts);

  async function attempt(body: string, external: AbortSignal | undefined): Promise<Attempt> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), config.timeoutMs);
    const signal = external === undefined ? timeout.signal : AbortSignal.any([external, timeout.signal]);
    const thrown = (err: unknown): Attempt => {
      if (external?.aborted) {
        return { ok: false, failure: { reason: 'cancelled', detail: '', retryable: false } };
      }
      if (timeout.signal.aborted) {
        const detail = `no response within ${config.timeoutMs} ms`;
        return { ok: false, failure: { reason: 'timeout', detail, retryable: true } };
      }
      return {
        ok: false,
        failure: { reason: 'unreachable', detail: `unreachable (${networkCause(err)})`, retryable: true },
      };
    };
    try {
      let res: Response;
      let raw: string;
      try {
        res = await fetchImpl(url, { method: 'POST', headers, body, signal });
        raw = await res.text();
      } catch (err) {
        return thrown(err);
      }
      if (!res.ok) {
        const failure: Failure = {
          reason: 'http',
          status: res.status,
          detail: `HTTP ${res.status}: ${serverMessage(raw, res.statusText)}`,
          retryable: isRetryableStatus(res.status),
          retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), Date.now()),
        };
        return { ok: false, failure };
      }
      return parseCompletion(raw);
    } finally {
      clearTimeout(timer);
    }
  }

  async function send(body: string, signal: AbortSignal | undefined): Promise<Completion> {
    let attempts = 0;
    // The limiter's and the backoff's waits reject only when the caller's signal aborts.
    const pause = async (wait: Promise<void>): Promise<void> => {
      try {
        await wait;
      } catch (err) {
        if (signal?.aborted) throw cancelled(attempts);
        throw err;
      }
    };
    for (;;) {
      await pause(limiter.take(signal));
      attempts++;
      const result = await attempt(body, signal);
      if (result.ok) return result.completion;
      const { failure } = result;
      if (failure.reason === 'cancelled') throw cancelled(attempts);
      const retryAfter = failure.retryAfterMs ?? null;
      if (retryAfter !== null && retryAfter > MAX_RETRY_AFTER_MS) {
        const detail = `${failure.detail}; server asks to wait ${Math.round(retryAfter / 1000)} s`;
        throw fail({ ...failure, detail }, attempts);
      }
      if (!failure.retryable || attempts > config.maxRetries) throw fail(failure, attempts);
      await pause(sleep(retryAfter ?? backoffMs(attempts - 1, random), signal));
    }
  }

  async function complete(
    messages: readonly ChatMessage[],
    options: CompleteOptions = {},
  ): Promise<Completion> {
    const temperature = options.temperature ?? config.temperature;
    const maxTokens = options.maxTokens ?? config.maxTokens;
    const { seed, signal } = options;
    const key = cacheKey({
      baseUrl: config.baseUrl,
      model: config.model,
      messages,
      temperature,
      seed,
      maxTokens,
    });
    const hit = deps.cache.get(key);
    if (hit !== null) return { text: hit, cached: true, truncated: false };
    if (signal?.aborted) throw cancelled(0);

    const body = JSON.stringify({
      model: config.model,
      messages: messages.map((m) => ({ role: m.role, content: m.content })),
      temperature,
      max_tokens: maxTokens,
      stream: false,
      ...(seed === undefined ? {} : { seed }),
    });
    let release: () => void;
    try {
      release = await slots.acquire(signal);
    } catch {
      throw cancelled(0); // acquire rejects only when the signal aborts
    }
    let completion: Completion;
    try {
      completion = await send(body, signal);
    } finally {
      release();
    }
    // A cut-short text is thrown away by every caller; caching it would only make the waste permanent.
    if (!completion.truncated) deps.cache.set(key, completion.text);
    return completion;
  }

  return { endpoint, model: config.model, defaultTemperature: config.temperature, complete };
}

function parseCompletion(raw: string): Attempt {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    const detail = `malformed response: not JSON (starts with ${JSON.stringify(oneLine(raw).slice(0, 60))})`;
    return { ok: false, failure: { reason: 'malformed', detail, retryable: false } };
  }
  const parsed = ResponseBody.safeParse(json);
  if (!parsed.success) {
    const detail = 'malformed response: expected choices[0].message.content to be a string';
    return { ok: false, failure: { reason: 'malformed', detail, retryable: false } };
  }
  const first = parsed.data.choices[0];
  const u = parsed.data.usage;
  const completion: Completion = {
    text: first?.message.content ?? '',
    cached: false,
    truncated: first?.finish_reason === 'length',
  };
  if (u?.prompt_tokens !== undefined && u.completion_tokens !== undefined) {
    completion.usage = {
      promptTokens: u.prompt_tokens,
      completionTokens: u.completion_tokens,
      totalTokens: u.total_tokens ?? u.prompt_tokens + u.completion_tokens,
    };
  }
  return { ok: true, completion };
}

/** The server's own explanation: OpenAI's `{error:{message}}`, vLLM's `{message}`, FastAPI's `{detail}`, or text. */
function serverMessage(raw: string, statusText: string): string {
  let message: unknown = raw;
  try {
    const body = JSON.parse(raw) as Record<string, unknown> | null;
    const error = body?.error;
    message =
      (typeof error === 'object' && error !== null ? (error as Record<string, unknown>).message : error) ??
      body?.message ??
      body?.detail ??
      raw;
  } catch {
    // Not JSON: the raw text is the message.
  }
  const text = oneLine(typeof message === 'string' ? message : JSON.stringify(message));
  const shown = text === '' ? statusText || 'no message' : text;
  return shown.length > MAX_SERVER_MESSAGE ? `${shown.slice(0, MAX_SERVER_MESSAGE)}…` : shown;
}

/** fetch reports network failures as `TypeError: fetch failed` with the system error as its cause. */
function networkCause(err: unknown): string {
  const cause =
    err instanceof Error ? (err.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return oneLine(cause.message);
  return err instanceof Error ? oneLine(err.message) : String(err);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Servers sometimes echo the key back ("invalid key sk-…"); it must not reach a log or a dialog. */
function redact(text: string, apiKey: string | undefined): string {
  return apiKey === undefined ? text : text.split(apiKey).join('***');
}
