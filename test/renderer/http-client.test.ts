// The server-mode client: token header, Result unwrapping into StudioError, uploads, token handling, event reconnect.
import { mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StudioEvent } from '@shared/contract';
import { ErrorCode, StudioError } from '@shared/errors';
import { TOKEN_STORAGE_KEY } from '@shared/wire';
import { readToken } from '../../src-renderer/src/api';
import type { SocketLike } from '../../src-renderer/src/api/event-socket';
import { createHttpClient } from '../../src-renderer/src/api/http-client';
import type { ConnectionState } from '../../src-renderer/src/api/types';
import StatusBar from '../../src-renderer/src/components/StatusBar.vue';

interface Sent {
  url: string;
  init: RequestInit;
}

function fakeFetch(respond: (url: string) => Response | Promise<Response>): {
  fetch: typeof fetch;
  sent: Sent[];
} {
  const sent: Sent[] = [];
  const fn = async (input: RequestInfo | URL, init?: RequestInit) => {
    sent.push({ url: String(input), init: init ?? {} });
    return respond(String(input));
  };
  return { fetch: fn as typeof fetch, sent };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

class FakeSocket implements SocketLike {
  onopen: SocketLike['onopen'] = null;
  onclose: SocketLike['onclose'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onerror: SocketLike['onerror'] = null;
  closed = false;
  constructor(readonly url: string) {}
  close(): void {
    this.closed = true;
  }
  open(): void {
    this.onopen?.(new Event('open'));
  }
  message(data: unknown): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(data) }));
  }
  drop(): void {
    this.onclose?.(new CloseEvent('close'));
  }
}

afterEach(() => vi.useRealTimers());

describe('HTTP client', () => {
  it('POSTs the input to /api/call/<method> with the bearer token and returns the value', async () => {
    const { fetch, sent } = fakeFetch(() =>
      json({ ok: true, value: { rows: [], nextCursor: null, total: 0 } }),
    );
    const client = createHttpClient({ baseUrl: 'http://127.0.0.1:5178/', token: 's3cret', fetch });
    const page = await client.call('pairs.page', { search: 'cactus', limit: 10 });
    expect(page.total).toBe(0);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe('http://127.0.0.1:5178/api/call/pairs.page');
    expect(sent[0]!.init.method).toBe('POST');
    expect((sent[0]!.init.headers as Record<string, string>).Authorization).toBe('Bearer s3cret');
    expect(JSON.parse(sent[0]!.init.body as string)).toEqual({ search: 'cactus', limit: 10 });
  });

  it('throws the StudioError the server reported, code and details intact', async () => {
    const { fetch } = fakeFetch(() =>
      json({
        ok: false,
        error: { code: 'FILE_NOT_FOUND', message: 'No file at /x.jsonl', details: { path: '/x.jsonl' } },
      }),
    );
    const client = createHttpClient({ baseUrl: 'http://127.0.0.1:1', token: 't', fetch });
    const err = await client.call('import.preview', { path: '/x.jsonl' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StudioError);
    expect(err).toMatchObject({
      code: ErrorCode.FileNotFound,
      message: 'No file at /x.jsonl',
      details: { path: '/x.jsonl' },
    });
  });

  it('maps 401/403, non-JSON bodies and network failures to StudioErrors', async () => {
    const codeOf = async (respond: () => Response | Promise<Response>) =>
      createHttpClient({ baseUrl: 'http://h', token: 't', fetch: fakeFetch(respond).fetch })
        .call('app.info', {})
        .catch((e: unknown) => (e instanceof StudioError ? e.code : 'not a StudioError'));
    expect(await codeOf(() => new Response('no', { status: 401 }))).toBe(ErrorCode.Unauthorized);
    expect(await codeOf(() => new Response('no', { status: 403 }))).toBe(ErrorCode.Unauthorized);
    expect(await codeOf(() => new Response('<html>oops</html>', { status: 500 }))).toBe(ErrorCode.Internal);
    expect(await codeOf(() => json({ hello: 'world' }))).toBe(ErrorCode.Internal);
    expect(await codeOf(() => Promise.reject(new TypeError('Failed to fetch')))).toBe(ErrorCode.Internal);
  });

  it('uploads a file to /api/upload?name= and returns the staged path', async () => {
    const { fetch, sent } = fakeFetch(() =>
      json({ ok: true, value: { path: '/proj/artifacts/uploads/a b.jsonl' } }),
    );
    const client = createHttpClient({ baseUrl: 'http://h', token: 'tok', fetch });
    const file = new File(['{"chosen":"a","rejected":"b"}\n'], 'a b.jsonl');
    expect(await client.stageFile(file)).toBe('/proj/artifacts/uploads/a b.jsonl');
    expect(sent[0]!.url).toBe('http://h/api/upload?name=a%20b.jsonl');
    expect(sent[0]!.init.body).toBe(file);
    expect((sent[0]!.init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
  });

  it('opens the event socket with the token, delivers events and reconnects after a drop', async () => {
    vi.useFakeTimers();
    const sockets: FakeSocket[] = [];
    const client = createHttpClient({
      baseUrl: 'http://127.0.0.1:5178',
      token: 'a&b',
      fetch: fakeFetch(() => json({ ok: true, value: null })).fetch,
      openSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
    });
    const events: StudioEvent[] = [];
    const states: ConnectionState[] = [];
    const offEvents = client.onEvent((e) => events.push(e));
    const offConnection = client.onConnection((c) => states.push(c));
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.url).toBe('ws://127.0.0.1:5178/api/events?token=a%26b');

    sockets[0]!.open();
    sockets[0]!.message({ type: 'pairs-changed', datasetId: 3 });
    expect(events).toEqual([{ type: 'pairs-changed', datasetId: 3 }]);

    sockets[0]!.drop();
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(600);
    expect(sockets).toHaveLength(2);
    sockets[1]!.open();
    sockets[1]!.message({ type: 'project', project: null });
    expect(events).toHaveLength(2);
    expect(states).toEqual(['reconnecting', 'live', 'reconnecting', 'live']);

    offEvents();
    offConnection();
    expect(sockets[1]!.closed).toBe(true);
  });
});

describe('a refused token', () => {
  it('stops reconnecting and reports `refused` when the server turns the token down', async () => {
    vi.useFakeTimers();
    const sockets: FakeSocket[] = [];
    const { fetch, sent } = fakeFetch(() => new Response('{}', { status: 401 }));
    const client = createHttpClient({
      baseUrl: 'http://127.0.0.1:5178',
      token: 'stale',
      fetch,
      openSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
    });
    const states: ConnectionState[] = [];
    const off = client.onConnection((c) => states.push(c));
    // The upgrade is refused: the browser only sees the socket close.
    sockets[0]!.drop();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(sent.map((s) => s.url)).toEqual(['http://127.0.0.1:5178/api/call/app.info']);
    expect(states).toEqual(['reconnecting', 'refused']);
    expect(sockets).toHaveLength(1);
    off();
  });

  it('shows a sign-in message in the status bar instead of "reconnecting"', async () => {
    const w = mount(StatusBar, { props: { connection: 'refused' }, global: { plugins: [createPinia()] } });
    expect(w.find('[data-testid="offline"]').exists()).toBe(false);
    expect(w.get('[data-testid="signed-out"]').text()).toContain('refused this page');
    expect(w.get('[data-testid="signed-out"]').text()).toContain('prefstudio serve');
    await w.setProps({ connection: 'reconnecting' });
    expect(w.find('[data-testid="signed-out"]').exists()).toBe(false);
    expect(w.get('[data-testid="offline"]').text()).toContain('reconnecting');
  });
});

describe('readToken', () => {
  it('takes the token from ?token= once, stores it, and removes it from the address bar', () => {
    sessionStorage.clear();
    window.history.replaceState(null, '', '/?token=abc&x=1#here');
    expect(readToken(window.location, sessionStorage, window.history)).toBe('abc');
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBe('abc');
    expect(window.location.search).toBe('?x=1');
    expect(window.location.hash).toBe('#here');
    // After a reload the URL no longer has it: sessionStorage does.
    expect(readToken(window.location, sessionStorage, window.history)).toBe('abc');
  });
});
