// policy.setEndpoint / policy.list / policy.remove on a real Studio and project file: the boundary names a bad field,
// the API key goes to the secret store (not the project file) and comes back, bound to its URL, for the discovery job.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policySource } from '../../../src-main/jobs/discover/discover-job';
import { policyKeyEntries } from '../../../src-main/llm/endpoint-key';
import { FileSecretStore, MemorySecretStore } from '../../../src-main/llm/secret-store';
import { openProject } from '../../../src-main/store/project';
import { makeStudio, type TestStudio } from '../../support/studio';

const KEY = 'sk-test-7f3a9c-never-in-the-project';
let t: TestStudio;
let file: string;
let previousConfigDir: string | undefined;
let configFolder = '';

/** Every byte the project keeps on disk: the SQLite file and its WAL/SHM. */
function projectBytes(): string {
  return readdirSync(t.dir)
    .filter((f) => f.startsWith('p.prefstudio'))
    .map((f) => readFileSync(join(t.dir, f)).toString('latin1'))
    .join('');
}

beforeAll(async () => {
  // The studio's secret store takes its folder when it is made, so the folder is set first.
  const dir = mkdtempSync(join(tmpdir(), 'prefstudio-policy-keys-'));
  previousConfigDir = process.env.PREFSTUDIO_CONFIG_DIR;
  process.env.PREFSTUDIO_CONFIG_DIR = join(dir, 'config');
  t = makeStudio();
  configFolder = join(dir, 'config');
  file = join(t.dir, 'p.prefstudio');
  await t.call('project.open', { path: file, create: true });
});

afterAll(async () => {
  if (previousConfigDir === undefined) delete process.env.PREFSTUDIO_CONFIG_DIR;
  else process.env.PREFSTUDIO_CONFIG_DIR = previousConfigDir;
  await t.dispose();
});

describe('policy.setEndpoint', () => {
  it('refuses a base URL that is not http(s), naming the field', async () => {
    await expect(t.call('policy.setEndpoint', { role: 'aligned', baseUrl: 'ftp://127.0.0.1/v1', model: 'm' })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('baseUrl: baseUrl must be an http:// or https:// URL'),
    });
    await expect(t.call('policy.setEndpoint', { role: 'aligned', baseUrl: 'http://127.0.0.1/v1', model: 'm', topLogprobs: 50 })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('topLogprobs'),
    });
    await expect(t.call('policy.setEndpoint', { role: 'neutral' as never, baseUrl: 'http://127.0.0.1/v1', model: 'm' })).rejects.toMatchObject({
      message: expect.stringContaining('role'),
    });
    expect(await t.call('policy.list', {})).toEqual([]);
  });

  it('registers a ready endpoint policy whose key is kept out of the project and handed to the discovery job', async () => {
    const p = await t.call('policy.setEndpoint', { role: 'misaligned', baseUrl: 'http://127.0.0.1:8000/v1/', model: 'qwen', apiKey: KEY, topLogprobs: 10 });
    expect(p).toMatchObject({
      role: 'misaligned',
      source: 'endpoint',
      status: 'ready',
      endpoint: { baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen', topLogprobs: 10, hasApiKey: true },
    });
    expect(JSON.stringify(await t.call('policy.list', {}))).not.toContain(KEY);
    expect(projectBytes()).not.toContain(KEY);
    expect(readFileSync(join(configFolder, 'secrets.json'), 'utf8')).toContain(KEY);

    const db = openProject(file, { create: false, readonly: true });
    const record = db.models.get(p.id);
    expect(record?.config.endpoint).not.toHaveProperty('apiKey');
    // What a decoding job gets: the host hands it the policies' stored keys, and the job's source carries the key.
    const handed = new MemorySecretStore(policyKeyEntries(db, new FileSecretStore()));
    expect(record && policySource(db, record, handed)).toEqual({ kind: 'endpoint', baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen', apiKey: KEY, topLogprobs: 10 });
    expect(record && policySource(db, record, new MemorySecretStore())).not.toHaveProperty('apiKey');
    db.close();
  });

  it('removes a policy from use and deletes its key', async () => {
    const [p] = await t.call('policy.list', {});
    expect(p).toBeDefined();
    const removed = await t.call('policy.remove', { id: p?.id ?? 0 });
    expect(removed.status).toBe('removed');
    expect(await t.call('policy.list', {})).toEqual([]);
    expect(readFileSync(join(configFolder, 'secrets.json'), 'utf8')).not.toContain(KEY);
    await expect(t.call('policy.remove', { id: p?.id ?? 0 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
