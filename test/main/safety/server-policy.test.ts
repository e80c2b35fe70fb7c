// Server mode's file-access policy and upload cap, on a real listener in front of the real services:
// paths outside the allowed folders (symlinks included) fail with PATH_NOT_ALLOWED before any file is touched.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNodeStudio } from '../../../src-main/services/node-studio';
import type { Studio } from '../../../src-main/services/studio';
import { startServer, type RunningServer } from '../../../src-main/transports/server/server';

const ROW = '{"chosen":"\\n\\nHuman: a\\n\\nAssistant: b","rejected":"\\n\\nHuman: a\\n\\nAssistant: c"}\n';
let dir: string;
let studio: Studio;
let server: RunningServer;

async function post(path: string, body: string | Buffer): Promise<{ status: number; json: { ok: boolean; error?: { code: string; message: string } } }> {
  const res = await fetch(`http://127.0.0.1:${server.port}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body,
  });
  return { status: res.status, json: (await res.json()) as { ok: boolean; error?: { code: string; message: string } } };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'prefstudio-policy-'));
  mkdirSync(join(dir, 'allowed'));
  mkdirSync(join(dir, 'outside'));
  writeFileSync(join(dir, 'outside', 'private.jsonl'), ROW);
  symlinkSync(join(dir, 'outside'), join(dir, 'allowed', 'link'));
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html>');
  studio = createNodeStudio({ log: () => undefined });
  const opened = await studio.dispatch('project.open', { path: join(dir, 'allowed', 'p.prefstudio'), create: true });
  expect(opened.ok).toBe(true);
  server = await startServer({ api: studio, rendererDir: join(dir, 'renderer'), allow: [join(dir, 'allowed')], maxUploadBytes: 1000 });
});

afterEach(async () => {
  await server.close();
  await studio.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('server file-access policy', () => {
  it('refuses every path input outside the allowed folders, symlinks resolved', async () => {
    const outside = join(dir, 'outside', 'private.jsonl');
    const viaLink = join(dir, 'allowed', 'link', 'private.jsonl');
    const calls: [string, unknown][] = [
      ['import.preview', { path: outside }],
      ['import.preview', { path: viaLink }],
      ['import.start', { path: '/etc/passwd' }],
      ['export.start', { path: join(dir, 'outside', 'out.jsonl') }],
      ['project.open', { path: join(dir, 'outside', 'new.prefstudio'), create: true }],
      ['eval.start', { path: outside }],
      ['train.start', { initFrom: join(dir, 'outside') }],
      ['scores.import', { path: outside, name: 'x' }],
    ];
    for (const [method, input] of calls) {
      const r = await post(`/api/call/${method}`, JSON.stringify(input));
      expect(r.json.ok, method).toBe(false);
      expect(r.json.error?.code, method).toBe('PATH_NOT_ALLOWED');
    }
    expect(readdirSync(join(dir, 'outside'))).toEqual(['private.jsonl']);
    // Inside the allowed folder the call goes through to the services.
    writeFileSync(join(dir, 'allowed', 'ok.jsonl'), ROW);
    const ok = await post('/api/call/import.preview', JSON.stringify({ path: join(dir, 'allowed', 'ok.jsonl') }));
    expect(ok.json.ok).toBe(true);
  });

  it('caps uploads (declared or streamed) and keeps no partial file', async () => {
    const small = await post('/api/upload?name=a.jsonl', Buffer.alloc(1000, 120));
    expect(small.json.ok).toBe(true);
    const big = await post('/api/upload?name=b.jsonl', Buffer.alloc(1001, 120));
    expect(big.status).toBe(413);
    expect(big.json.error?.code).toBe('TOO_LARGE');
    // Chunked, without Content-Length: the cap holds on the streamed bytes.
    const body = new ReadableStream({
      start(c) {
        for (let i = 0; i < 4; i++) c.enqueue(new Uint8Array(400).fill(120));
        c.close();
      },
    });
    const res = await fetch(`http://127.0.0.1:${server.port}/api/upload?name=c.jsonl`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}` },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    const uploads = readdirSync(join(dir, 'allowed', 'p.artifacts', 'uploads'));
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatch(/a\.jsonl$/);
  });
});
