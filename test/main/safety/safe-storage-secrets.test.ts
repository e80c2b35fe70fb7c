// The desktop app's API key store with a stand-in for Electron's safeStorage (the binary cannot run here): keys are
// sealed at rest, never in the project, fall back to the 0600 file when the OS cannot protect them, move out of the
// old plain file, and reach a MARS job only through its start message.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SEALED_FILE, desktopSecretStore, type SafeStorageLike } from '../../../src-main/electron/safe-storage-secrets';
import type { Launcher } from '../../../src-main/jobs/launcher';
import type { HostToJob } from '../../../src-main/jobs/protocol';
import { FileSecretStore, MemorySecretStore } from '../../../src-main/llm/secret-store';
import { openLlmFor } from '../../../src-main/llm/endpoint';
import { createNodeStudio } from '../../../src-main/services/node-studio';
import { openProject } from '../../../src-main/store/project';
import { reply, startFakeLlm, type FakeLlm } from '../llm/fake-llm-server';

const KEY = 'sk-desktop-9a8b7c6d5e';
let dir: string;
let server: FakeLlm | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** AES-GCM with a process-local key: sealed text that reveals nothing, like the OS-backed original. */
function fakeSafeStorage(available = true, backend = 'gnome_libsecret'): SafeStorageLike & { calls: number } {
  const key = randomBytes(32);
  const fake = {
    calls: 0,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString(plain: string): Buffer {
      fake.calls++;
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(sealed: Buffer): string {
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
  };
  return fake;
}

function dirs() {
  dir = mkdtempSync(join(tmpdir(), 'prefstudio-safe-'));
  return { data: join(dir, 'userData'), config: join(dir, 'config') };
}

describe('desktop secret store (safeStorage)', () => {
  it('seals keys in a 0600 file of the app data folder; the plain file is never written', () => {
    const d = dirs();
    const safe = fakeSafeStorage();
    const store = desktopSecretStore(safe, d.data, d.config, () => undefined);
    store.set('ref-1', KEY);
    expect(store.get('ref-1')).toBe(KEY);
    const sealed = join(d.data, SEALED_FILE);
    expect(readFileSync(sealed, 'utf8')).not.toContain(KEY);
    expect(readFileSync(sealed, 'utf8')).toContain('ref-1');
    if (process.platform !== 'win32') expect(statSync(sealed).mode & 0o777).toBe(0o600);
    expect(existsSync(join(d.config, 'secrets.json'))).toBe(false);
    expect(safe.calls).toBe(1);
    store.delete('ref-1');
    expect(store.get('ref-1')).toBeNull();
  });

  it('falls back to the 0600 file, saying why, when encryption is unavailable or only basic_text', () => {
    for (const safe of [fakeSafeStorage(false), fakeSafeStorage(true, 'basic_text')]) {
      const d = dirs();
      const logs: string[] = [];
      const store = desktopSecretStore(safe, d.data, d.config, (l) => logs.push(l));
      store.set('r', KEY);
      expect(readFileSync(join(d.config, 'secrets.json'), 'utf8')).toContain(KEY);
      expect(existsSync(join(d.data, SEALED_FILE))).toBe(false);
      expect(logs[0]).toMatch(/^API keys: (safeStorage encryption is not available|no OS keyring)/);
      expect(safe.calls).toBe(0);
      rmSync(dir, { recursive: true, force: true });
    }
    dirs();
  });

  it('a key an earlier build kept in the plain file is sealed on first read and removed from it', () => {
    const d = dirs();
    new FileSecretStore(d.config).set('old', KEY);
    const store = desktopSecretStore(fakeSafeStorage(), d.data, d.config, () => undefined);
    expect(store.get('old')).toBe(KEY);
    expect(readFileSync(join(d.config, 'secrets.json'), 'utf8')).not.toContain(KEY);
    expect(readFileSync(join(d.data, SEALED_FILE), 'utf8')).toContain('old');
    expect(store.get('old')).toBe(KEY);
  });

  it('through the studio: the key stays out of the project and reaches a MARS job only in its start message', async () => {
    const d = dirs();
    const secrets = desktopSecretStore(fakeSafeStorage(), d.data, d.config, () => undefined);
    const started: HostToJob[] = [];
    // Records what a job process would receive, then ends as a crashed job would (no model is trained here).
    const recording: Launcher = () => {
      let exit: (code: number, reason?: string) => void = () => undefined;
      return {
        post: (m) => {
          started.push(m);
          setImmediate(() => exit(1, 'recorded'));
        },
        onMessage: () => undefined,
        onExit: (l) => (exit = l),
        kill: () => undefined,
      };
    };
    const studio = createNodeStudio({ log: () => undefined, secrets, processLauncher: recording });
    server = await startFakeLlm((_req, res) => reply(res, 'ok'));
    const path = join(dir, 'p.prefstudio');
    try {
      expect((await studio.dispatch('project.open', { path, create: true })).ok).toBe(true);
      const set = await studio.dispatch('settings.setLlm', { config: { baseUrl: server.baseUrl, model: 'm', apiKey: KEY }, keepApiKey: false });
      expect(set.ok).toBe(true);
      const mars = await studio.dispatch('mars.start', { operators: ['llm'], rounds: 1 });
      expect(mars.ok, JSON.stringify(mars)).toBe(true);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      await studio.close();
    }
    const start = started.find((m) => m.type === 'start');
    if (start?.type !== 'start') throw new Error('no start message');
    expect(start.start.kind).toBe('mars');
    expect(Object.values(start.start.secrets ?? {}).join()).toContain(KEY);
    for (const f of [path, `${path}-wal`].filter(existsSync)) expect(readFileSync(f).toString('latin1')).not.toContain(KEY);
    expect(readFileSync(join(d.data, SEALED_FILE), 'utf8')).not.toContain(KEY);

    // The job side: its client, built from the start message alone, authenticates to the endpoint.
    const db = openProject(path, { create: false });
    try {
      await openLlmFor(db, { operators: ['llm'] }, { secrets: new MemorySecretStore(start.start.secrets) })?.complete([{ role: 'user', content: 'hi' }]);
      expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
      // Without the start message's secrets the same job would send no key at all.
      await openLlmFor(db, { operators: ['llm'] }, { secrets: new MemorySecretStore() })?.complete([{ role: 'user', content: 'bye' }]);
      expect(server.requests[1]?.headers.authorization).toBeUndefined();
    } finally {
      db.close();
    }
  });
});
