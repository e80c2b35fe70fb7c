// Server mode against a real listener on 127.0.0.1: auth, origin checks, calls, uploads, events and static files.
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../../src-main/transports/server/server';
import { sanitizeUploadName } from '../../../src-main/transports/server/api-routes';
import { FakeStudioApi, fakeJob, ok } from './fake-api';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http rather than fetch: fetch normalises `..` and refuses to set Host/Origin freely. */
function raw(
  server: RunningServer,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

let dir: string;
let rendererDir: string;
let api: FakeStudioApi;
let server: RunningServer;
let auth: Record<string, string>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prefstudio-server-'));
  rendererDir = join(dir, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>studio</title>');
  await writeFile(join(rendererDir, 'assets', 'app-abc123.js'), 'console.log(1)');
  await writeFile(join(rendererDir, 'assets', 'app-abc123.css'), 'body{}');
  await writeFile(join(dir, 'secret.txt'), 'top secret');
  api = new FakeStudioApi(join(dir, 'project.artifacts'));
  server = await startServer({ api, rendererDir });
  auth = { Authorization: `Bearer ${server.token}` };
});

afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('access control', () => {
  it('prints a loopback URL carrying a fresh 32-character token', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const other = await startServer({ api, rendererDir });
    expect(other.token).not.toBe(server.token);
    await other.close();
  });

  it('answers 401 without a token or with a wrong one, and never reaches the api', async () => {
    api.on('app.info', () => ok({}));
    const missing = await raw(server, '/api/call/app.info', { method: 'POST', body: '{}' });
    const wrong = await raw(server, '/api/call/app.info', {
      method: 'POST',
      body: '{}',
      headers: { Authorization: `Bearer ${server.token.slice(1)}x` },
    });
    const inQuery = await raw(server, `/api/call/app.info?token=${server.token}`, {
      method: 'POST',
      body: '{}',
    });
    expect([missing.status, wrong.status, inQuery.status]).toEqual([401, 401, 401]);
    expect(JSON.parse(missing.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(api.calls).toEqual([]);
  });

  it('answers 403 to a foreign Origin or Host even with the right token', async () => {
    const foreignOrigin = await raw(server, '/api/call/app.info', {
      method: 'POST',
      headers: { ...auth, Origin: 'http://evil.example' },
    });
    const rebound = await raw(server, '/api/call/app.info', {
      method: 'POST',
      headers: { ...auth, Host: `evil.example:${server.port}` },
    });
    const otherPort = await raw(server, '/', { headers: { Origin: `http://127.0.0.1:${server.port + 1}` } });
    expect([foreignOrigin.status, rebound.status, otherPort.status]).toEqual([403, 403, 403]);
    expect(api.calls).toEqual([]);
  });

  it('accepts its own origin under both loopback names', async () => {
    api.on('app.info', () => ok({ version: '1' }));
    for (const origin of [`http://127.0.0.1:${server.port}`, `http://localhost:${server.port}`]) {
      const res = await raw(server, '/api/call/app.info', {
        method: 'POST',
        headers: { ...auth, Origin: origin },
      });
      expect(res.status).toBe(200);
    }
  });
});

describe('contract calls', () => {
  it('passes the JSON body to dispatch unvalidated and returns its Result', async () => {
    api.on('pairs.get', (input) => ok({ echo: input }));
    const res = await raw(server, '/api/call/pairs.get', {
      method: 'POST',
      headers: auth,
      body: '{"id":"nope"}',
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: { echo: { id: 'nope' } } });
    expect(api.calls).toEqual([{ method: 'pairs.get', input: { id: 'nope' } }]);
  });

  it('reports unknown methods and malformed JSON as Results', async () => {
    const unknown = await raw(server, '/api/call/pairs.drop', { method: 'POST', headers: auth, body: '{}' });
    const malformed = await raw(server, '/api/call/pairs.get', {
      method: 'POST',
      headers: auth,
      body: '{"id":',
    });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(JSON.parse(malformed.body)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(api.calls).toEqual([]);
  });

  it('refuses bodies over 10 MB and non-POST calls', async () => {
    const big = await raw(server, '/api/call/pairs.get', {
      method: 'POST',
      headers: auth,
      body: Buffer.alloc(10 * 1024 * 1024 + 1, 32),
    });
    const get = await raw(server, '/api/call/app.info', { headers: auth });
    expect(big.status).toBe(413);
    expect(get.status).toBe(405);
    expect(api.calls).toEqual([]);
  });
});

describe('uploads', () => {
  it('streams the body into <artifacts>/uploads under a sanitised, unique name', async () => {
    const body = '{"chosen":"a","rejected":"b"}\n'.repeat(1000);
    const res = await raw(server, '/api/upload?name=..%2F..%2Fmy%20data.jsonl', {
      method: 'POST',
      headers: auth,
      body,
    });
    const result = JSON.parse(res.body) as { ok: true; value: { path: string } };
    expect(result.ok).toBe(true);
    expect(result.value.path.startsWith(join(dir, 'project.artifacts', 'uploads') + '/')).toBe(true);
    expect(result.value.path).toMatch(/-my_data\.jsonl$/);
    expect(await readFile(result.value.path, 'utf8')).toBe(body);
    await raw(server, '/api/upload?name=my%20data.jsonl', { method: 'POST', headers: auth, body: 'x' });
    expect(await readdir(join(dir, 'project.artifacts', 'uploads'))).toHaveLength(2);
  });

  it('refuses uploads when no project is open', async () => {
    api.setArtifactsDir(null);
    const res = await raw(server, '/api/upload?name=a.jsonl', { method: 'POST', headers: auth, body: 'x' });
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'NO_PROJECT' } });
  });

  it('sanitises names down to a safe basename', () => {
    expect(sanitizeUploadName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeUploadName('C:\\Users\\me\\hh.jsonl.gz')).toBe('hh.jsonl.gz');
    expect(sanitizeUploadName('.bashrc')).toBe('bashrc');
    expect(sanitizeUploadName(null)).toBe('upload');
  });
});

describe('events over WebSocket', () => {
  function connect(query: string, headers: Record<string, string> = {}): WebSocket {
    return new WebSocket(`ws://127.0.0.1:${server.port}/api/events${query}`, { headers });
  }

  it('broadcasts api events to clients holding the token', async () => {
    const ws = connect(`?token=${server.token}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const received = new Promise<string>((resolve) =>
      ws.once('message', (data: Buffer) => resolve(data.toString())),
    );
    const event = { type: 'job', job: fakeJob({ state: 'done' }) } as const;
    api.emit(event);
    expect(JSON.parse(await received)).toEqual(event);
    ws.close();
  });

  it('refuses the upgrade without the token or from a foreign origin', async () => {
    const statusOf = (ws: WebSocket) =>
      new Promise<number>((resolve) =>
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
      );
    expect(await statusOf(connect(''))).toBe(401);
    expect(await statusOf(connect('?token=wrong'))).toBe(401);
    expect(await statusOf(connect(`?token=${server.token}`, { Origin: 'http://evil.example' }))).toBe(403);
  });

  it('stops listening to the api when closed', async () => {
    expect(api.listenerCount()).toBe(1);
    await server.close();
    expect(api.listenerCount()).toBe(0);
    server = await startServer({ api, rendererDir });
  });
});

describe('static files', () => {
  it('serves the page without a token, with CSP and nosniff', async () => {
    const res = await raw(server, `/?token=${server.token}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<title>studio</title>');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves assets with their content types and falls back to index.html for client routes only', async () => {
    const js = await raw(server, '/assets/app-abc123.js');
    const css = await raw(server, '/assets/app-abc123.css');
    const route = await raw(server, '/datasets/3');
    const missingAsset = await raw(server, '/assets/missing.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toBe('console.log(1)');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(route.body).toContain('<title>studio</title>');
    expect(missingAsset.status).toBe(404);
  });

  it('refuses path traversal, raw or percent-encoded', async () => {
    for (const path of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%2e%2e/secret.txt',
    ]) {
      const res = await raw(server, path);
      expect(res.body, path).not.toContain('top secret');
      expect([403, 404], path).toContain(res.status);
    }
  });
});
