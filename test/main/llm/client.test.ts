// The chat client against a real HTTP server on 127.0.0.1: cache, retries, timeouts, throttles, cancel, secrets.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonlCompletionCache } from '../../../src-main/llm/cache';
import { createChatClient, type ChatClientDeps } from '../../../src-main/llm/client';
import { parseLlmConfig, type LlmEndpointConfigInput } from '../../../src-main/llm/config';
import { LlmError } from '../../../src-main/llm/errors';
import type { Sleep } from '../../../src-main/llm/limits';
import { reply, replyError, startFakeLlm, until, type FakeLlm, type Handler } from './fake-llm-server';

const MESSAGES = [
  { role: 'system', content: 'Paraphrase.' },
  { role: 'user', content: 'How do I bake bread?' },
];
const API_KEY = 'sk-test-0123456789abcdef';

let server: FakeLlm | undefined;
const dirs: string[] = [];

afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'llm-client-'));
  dirs.push(dir);
  return dir;
}

/** A fake clock whose sleeps complete at once and move time forward, recording each wait. */
function fakeTime(): { now: () => number; sleep: Sleep; sleeps: number[] } {
  let clock = 0;
  const sleeps: number[] = [];
  const sleep: Sleep = async (ms, signal) => {
    if (signal?.aborted) throw signal.reason;
    sleeps.push(ms);
    const target = clock + ms;
    await Promise.resolve();
    clock = Math.max(clock, target);
  };
  return { now: () => clock, sleep, sleeps };
}

async function setup(
  handler: Handler,
  config: Partial<LlmEndpointConfigInput> = {},
  deps: Partial<ChatClientDeps> = {},
) {
  server = await startFakeLlm(handler);
  const time = fakeTime();
  const dir = tempDir();
  const client = createChatClient(
    parseLlmConfig({ baseUrl: server.baseUrl, model: 'test-model', ...config }),
    {
      cache: JsonlCompletionCache.open(dir),
      now: time.now,
      sleep: time.sleep,
      random: () => 0,
      ...deps,
    },
  );
  return { server, client, time, dir };
}

async function failure(p: Promise<unknown>): Promise<LlmError> {
  const err = await p.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  if (!(err instanceof LlmError)) throw err;
  return err;
}

describe('createChatClient', () => {
  it('posts an OpenAI chat request and returns the text and usage', async () => {
    const { server, client } = await setup((_req, res) => reply(res, 'How can I make bread?'), {
      apiKey: API_KEY,
    });
    const out = await client.complete(MESSAGES, { seed: 7, temperature: 0.2, maxTokens: 64 });
    expect(out).toEqual({
      text: 'How can I make bread?',
      cached: false,
      truncated: false,
      usage: { promptTokens: 11, completionTokens: 7, totalTokens: 18 },
    });
    const [req] = server.requests;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/v1/chat/completions');
    expect(req?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(req?.body).toMatchObject({
      model: 'test-model',
      messages: MESSAGES,
      temperature: 0.2,
      max_tokens: 64,
      seed: 7,
    });
  });

  it('answers a repeated request from the cache, also after reopening the cache file', async () => {
    const { server, client, dir } = await setup((req, res) => reply(res, `answer ${req.index}`));
    const first = await client.complete(MESSAGES, { seed: 1 });
    const second = await client.complete(MESSAGES, { seed: 1 });
    expect(second).toEqual({ text: first.text, cached: true, truncated: false });
    expect(server.requests).toHaveLength(1);

    const otherSeed = await client.complete(MESSAGES, { seed: 2 });
    expect(otherSeed).toMatchObject({ text: 'answer 1', cached: false });

    const reopened = createChatClient(parseLlmConfig({ baseUrl: server.baseUrl, model: 'test-model' }), {
      cache: JsonlCompletionCache.open(dir),
    });
    expect(await reopened.complete(MESSAGES, { seed: 1 })).toMatchObject({ text: 'answer 0', cached: true });
    expect(server.requests).toHaveLength(2);
  });

  it('does not cache a completion cut off at maxTokens', async () => {
    const { server, client } = await setup((_req, res) => reply(res, 'How can I', 'length'));
    expect(await client.complete(MESSAGES)).toMatchObject({ truncated: true, cached: false });
    expect(await client.complete(MESSAGES)).toMatchObject({ truncated: true, cached: false });
    expect(server.requests).toHaveLength(2);
  });

  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    const { server, client, time } = await setup(
      (req, res) =>
        req.index === 0 ? replyError(res, 429, 'slow down', { 'retry-after': '7' }) : reply(res, 'ok'),
      { requestsPerMinute: 100_000 },
    );
    expect((await client.complete(MESSAGES)).text).toBe('ok');
    expect(server.requests).toHaveLength(2);
    expect(time.sleeps).toEqual([7000]);
  });

  it('retries a 500 with exponential backoff and succeeds on the third attempt', async () => {
    const { server, client, time } = await setup(
      (req, res) => (req.index < 2 ? replyError(res, 500, 'model is loading') : reply(res, 'ok')),
      { requestsPerMinute: 100_000 },
    );
    expect((await client.complete(MESSAGES)).text).toBe('ok');
    expect(server.requests).toHaveLength(3);
    // random() = 0 gives the lower edge of each jittered window: half of 0.5 s, then half of 1 s.
    expect(time.sleeps).toEqual([250, 500]);
  });

  it('gives up after maxRetries timeouts with a one-line timeout error naming the endpoint', async () => {
    const { server, client } = await setup(() => undefined, { timeoutMs: 100, maxRetries: 1 });
    const err = await failure(client.complete(MESSAGES));
    expect(err.reason).toBe('timeout');
    expect(err.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
    expect(err.message).toBe(
      `LLM endpoint ${server.baseUrl} (model test-model): no response within 100 ms (after 2 attempts)`,
    );
  });

  it('reports a non-JSON body as malformed without retrying', async () => {
    const { server, client } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>\n<body>proxy error</body>');
    });
    const err = await failure(client.complete(MESSAGES));
    expect(err.reason).toBe('malformed');
    expect(err.message).toContain(server.baseUrl);
    expect(err.message).toContain('not JSON (starts with "<html> <body>proxy error</body>")');
    expect(err.message).not.toContain('\n');
    expect(server.requests).toHaveLength(1);
  });

  it('reports JSON without choices[0].message.content as malformed', async () => {
    const { client } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [] }));
    });
    const err = await failure(client.complete(MESSAGES));
    expect(err.reason).toBe('malformed');
    expect(err.message).toContain('choices[0].message.content');
  });

  it('fails at once on a 400 and quotes the server', async () => {
    const { server, client } = await setup((_req, res) =>
      replyError(res, 400, "model 'test-model' not found"),
    );
    const err = await failure(client.complete(MESSAGES));
    expect(err).toMatchObject({ reason: 'http', status: 400, attempts: 1 });
    expect(err.message).toContain(`HTTP 400: model 'test-model' not found`);
    expect(server.requests).toHaveLength(1);
  });

  it('reports a closed port as unreachable after retrying', async () => {
    const { server: probe } = await setup((_req, res) => reply(res, 'unused'));
    const baseUrl = probe.baseUrl;
    await probe.close();
    server = undefined;
    const time = fakeTime();
    const client = createChatClient(parseLlmConfig({ baseUrl, model: 'm', maxRetries: 2 }), {
      cache: JsonlCompletionCache.open(tempDir()),
      sleep: time.sleep,
      now: time.now,
    });
    const err = await failure(client.complete(MESSAGES));
    expect(err.reason).toBe('unreachable');
    expect(err.attempts).toBe(3);
    expect(err.message).toMatch(
      /^LLM endpoint http:\/\/127\.0\.0\.1:\d+\/v1 \(model m\): unreachable \(ECONNREFUSED\)/,
    );
  });

  it('never has more than maxConcurrency requests in flight', async () => {
    const total = 6;
    const held: Array<() => void> = [];
    let answered = 0;
    let releasing = false;
    // Once as many requests wait as the cap allows, the server pauses before answering the oldest: a client
    // that ignored the cap would have sent the rest by then, and they would all be counted in flight.
    const releaseWhenFull = (): void => {
      if (releasing || held.length === 0 || held.length < Math.min(2, total - answered)) return;
      releasing = true;
      setTimeout(() => {
        releasing = false;
        answered++;
        held.shift()?.();
        releaseWhenFull();
      }, 20);
    };
    const { server, client } = await setup(
      (req, res) => {
        held.push(() => reply(res, `r${req.index}`));
        releaseWhenFull();
      },
      { maxConcurrency: 2, requestsPerMinute: 100_000 },
    );
    const calls = Array.from({ length: total }, (_, i) =>
      client.complete([{ role: 'user', content: `q${i}` }]),
    );
    const results = await Promise.all(calls);
    expect(results.map((r) => r.text).sort()).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
    expect(server.requests).toHaveLength(total);
    expect(server.maxInFlight()).toBe(2);
  });

  it('spaces requests to requestsPerMinute on the injected clock', async () => {
    const sent: number[] = [];
    const time = fakeTime();
    const { server, client } = await setup(
      (_req, res) => {
        sent.push(time.now());
        reply(res, 'ok');
      },
      { requestsPerMinute: 6, maxConcurrency: 1 },
      { now: time.now, sleep: time.sleep },
    );
    await Promise.all([0, 1, 2, 3].map((i) => client.complete([{ role: 'user', content: `q${i}` }])));
    expect(server.requests).toHaveLength(4);
    expect(sent).toEqual([0, 10_000, 20_000, 30_000]);
  });

  it('lets a burst of maxConcurrency through, then holds the rate', async () => {
    // Send times are read where fetch is called: the server sees a request later, after other sleeps moved the clock.
    const sent: number[] = [];
    const time = fakeTime();
    const recordingFetch: typeof fetch = (input, init) => {
      sent.push(time.now());
      return fetch(input, init);
    };
    const { server, client } = await setup(
      (_req, res) => reply(res, 'ok'),
      { requestsPerMinute: 60, maxConcurrency: 3 },
      { now: time.now, sleep: time.sleep, fetch: recordingFetch },
    );
    await Promise.all([0, 1, 2, 3, 4].map((i) => client.complete([{ role: 'user', content: `q${i}` }])));
    expect(server.requests).toHaveLength(5);
    expect(sent).toEqual([0, 0, 0, 1000, 2000]);
  });

  it('aborts an in-flight request and a queued one when the caller cancels', async () => {
    const { server, client } = await setup(() => undefined, { maxConcurrency: 1 });
    const controller = new AbortController();
    const inFlight = failure(client.complete(MESSAGES, { signal: controller.signal }));
    const queued = failure(
      client.complete([{ role: 'user', content: 'later' }], { signal: controller.signal }),
    );
    await until(() => server.inFlight() === 1, 'the first request to reach the server');
    controller.abort();
    expect(await inFlight).toMatchObject({ reason: 'cancelled', attempts: 1 });
    expect(await queued).toMatchObject({ reason: 'cancelled', attempts: 0 });
    await until(() => server.aborted.length === 1, 'the server to see the connection close');
    expect(server.requests).toHaveLength(1);
  });

  it('sends the key as a Bearer token and keeps it out of error messages, even when the server echoes it', async () => {
    const { server, client } = await setup(
      (req, res) => replyError(res, 401, `Incorrect API key provided: ${String(req.headers.authorization)}`),
      { apiKey: API_KEY },
    );
    const err = await failure(client.complete(MESSAGES));
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(err).toMatchObject({ reason: 'http', status: 401 });
    expect(err.message).toContain('HTTP 401: Incorrect API key provided: Bearer ***');
    expect(err.message).not.toContain(API_KEY);
    expect(JSON.stringify(err.toDTO())).not.toContain(API_KEY);
  });
});
