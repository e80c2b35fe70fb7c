// The LLM API key never enters the project file, and never follows a changed base URL to another host
// (two real HTTP listeners on 127.0.0.1).
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../../src-main/llm/secret-store';
import { openLlmFor } from '../../../src-main/llm/endpoint';
import { LLM_SETTINGS_KEY, readLlmConfig, writeLlmConfig } from '../../../src-main/llm/settings';
import { openProject } from '../../../src-main/store/project';
import type { ProjectDb } from '../../../src-main/store/types';
import { reply, startFakeLlm, type FakeLlm } from '../llm/fake-llm-server';

const KEY = 'sk-test-4f1c2b9e7d';
let servers: FakeLlm[] = [];
let db: ProjectDb | undefined;
afterEach(async () => {
  db?.close();
  db = undefined;
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

function projectBytes(file: string): string {
  return [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('');
}

describe('LLM API key storage', () => {
  it('keeps the key in a 0600 file outside the project and drops it when the base URL changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prefstudio-secret-'));
    const secrets = new FileSecretStore(join(dir, 'config'));
    const file = join(dir, 'k.prefstudio');
    db = openProject(file, { create: true });
    const a = await startFakeLlm((_req, res) => reply(res, 'a'));
    const b = await startFakeLlm((_req, res) => reply(res, 'b'));
    servers = [a, b];

    writeLlmConfig(db, { baseUrl: a.baseUrl, model: 'm', apiKey: KEY }, true, secrets);
    expect(readLlmConfig(db, secrets)?.apiKey).toBe(KEY);
    expect(projectBytes(file)).not.toContain(KEY);
    expect(readFileSync(secrets.file, 'utf8')).toContain(KEY);
    if (process.platform !== 'win32') expect(statSync(secrets.file).mode & 0o777).toBe(0o600);

    // Same URL, no key given: kept. A new URL, no key given: dropped, even with keepApiKey.
    writeLlmConfig(db, { baseUrl: a.baseUrl, model: 'm2' }, true, secrets);
    expect(readLlmConfig(db, secrets)?.apiKey).toBe(KEY);
    writeLlmConfig(db, { baseUrl: b.baseUrl, model: 'm' }, true, secrets);
    expect(readLlmConfig(db, secrets)?.apiKey).toBeUndefined();
    expect(readFileSync(secrets.file, 'utf8')).not.toContain(KEY);
  });

  it('a key an older project kept inline moves out, and a changed host never receives it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prefstudio-secret-'));
    const file = join(dir, 'old.prefstudio');
    const secrets = new FileSecretStore(join(dir, 'config'));
    db = openProject(file, { create: true });
    const a = await startFakeLlm((_req, res) => reply(res, 'a'));
    const b = await startFakeLlm((_req, res) => reply(res, 'b'));
    servers = [a, b];
    // What builds before this one wrote: the key inside the settings row.
    db.settings.set(LLM_SETTINGS_KEY, { baseUrl: a.baseUrl, model: 'm', apiKey: KEY });
    expect(readLlmConfig(db, secrets)?.apiKey).toBe(KEY);
    expect(JSON.stringify(db.settings.get(LLM_SETTINGS_KEY))).not.toContain(KEY);

    await openLlmFor(db, { operators: ['llm'] }, { secrets })?.complete([{ role: 'user', content: 'hi' }]);
    expect(a.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);

    writeLlmConfig(db, { baseUrl: b.baseUrl, model: 'm' }, true, secrets);
    await openLlmFor(db, { operators: ['llm'] }, { secrets })?.complete([{ role: 'user', content: 'hi' }]);
    expect(b.requests).toHaveLength(1);
    expect(b.requests[0]?.headers.authorization).toBeUndefined();
    expect(JSON.stringify(b.requests)).not.toContain(KEY);
  });
});
