// The LLM endpoint is checked in one place (llm/endpoint.ts): work that needs none never reads it, work that needs one
// gets a client for it, and every caller — MARS start, one-pair augmentation — refuses a missing one the same way.
import { MemorySecretStore } from '../../../src-main/llm/secret-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { needsLlm, openLlmFor, requireLlmEndpoint } from '../../../src-main/llm/endpoint';
import { FileSecretStore } from '../../../src-main/llm/secret-store';
import { writeLlmConfig } from '../../../src-main/llm/settings';
import { ErrorCode, StudioError } from '../../../src-main/shared/errors';
import { openProject } from '../../../src-main/store/project';
import type { ProjectDb } from '../../../src-main/store/types';
import { makeStudio, type TestStudio } from '../../support/studio';
import { reply, startFakeLlm, type FakeLlm } from './fake-llm-server';

let dir: string | null = null;
let db: ProjectDb | null = null;
let t: TestStudio | null = null;
let server: FakeLlm | null = null;
afterEach(async () => {
  db?.close();
  db = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
  await t?.dispose();
  t = null;
  await server?.close();
  server = null;
});

function project(): ProjectDb {
  dir = mkdtempSync(join(tmpdir(), 'prefstudio-endpoint-'));
  db = openProject(join(dir, 'p.prefstudio'), { create: true });
  return db;
}

function refusal(fn: () => unknown): StudioError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StudioError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

/** A store with no keys: these checks never get as far as a key. */
const none = new MemorySecretStore();

describe('the LLM endpoint, checked once', () => {
  it('only the llm operator and the semantic layer need it', () => {
    expect(needsLlm({ operators: ['synonym', 'deletion'] })).toBe(false);
    expect(needsLlm({ operators: ['synonym', 'llm'] })).toBe(true);
    expect(needsLlm({ operators: [], semantic: true })).toBe(true);
    expect(needsLlm({ operators: ['reorder'], semantic: false })).toBe(false);
  });

  it('work without the LLM gets null; work with it and no endpoint is refused naming what asked', () => {
    const d = project();
    expect(requireLlmEndpoint(d, { operators: ['synonym'] }, none)).toBeNull();
    expect(openLlmFor(d, { operators: ['synonym'] }, { secrets: none })).toBeNull();
    const op = refusal(() => requireLlmEndpoint(d, { operators: ['llm'] }, none));
    expect(op.code).toBe(ErrorCode.InvalidRequest);
    expect(op.message).toBe('to use operator "llm" you need an LLM endpoint: configure one first (settings.setLlm), or leave operator "llm" out');
    expect(op.details).toEqual({ field: 'operators' });
    const semantic = refusal(() => openLlmFor(d, { operators: ['synonym'], semantic: true }, { secrets: none }));
    expect(semantic.message).toMatch(/^to use the semantic layer you need an LLM endpoint/);
    expect(semantic.details).toEqual({ field: 'semantic' });
  });

  it('a configured endpoint opens a client that reaches it, with the key from the secret store', async () => {
    const d = project();
    server = await startFakeLlm((_req, res) => reply(res, 'hello'));
    const secrets = new FileSecretStore(join(dir!, 'config'));
    writeLlmConfig(d, { baseUrl: server.baseUrl, model: 'm', apiKey: 'sk-test' }, false, secrets);
    expect(requireLlmEndpoint(d, { operators: ['llm'] }, secrets)).toMatchObject({ baseUrl: server.baseUrl, apiKey: 'sk-test' });
    const client = openLlmFor(d, { operators: [], semantic: true }, { secrets });
    expect(client?.endpoint).toContain(server.baseUrl.replace(/\/+$/, ''));
    await client?.complete([{ role: 'user', content: 'hi' }]);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-test');
  });

  it('MARS start and one-pair augmentation refuse a missing endpoint with the same words', async () => {
    t = makeStudio();
    await t.call('project.open', { path: join(t.dir, 'p.prefstudio'), create: true });
    const messages: string[] = [];
    for (const call of [() => t!.call('mars.start', { operators: ['llm'] }), () => t!.call('pairs.augment', { pairId: 1, operators: ['llm'] })]) {
      const err = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StudioError);
      expect((err as StudioError).code).toBe(ErrorCode.InvalidRequest);
      messages.push((err as StudioError).message);
    }
    expect(messages[0]).toMatch(/you need an LLM endpoint/);
    expect(messages[1]).toBe(messages[0]);
  });
});
