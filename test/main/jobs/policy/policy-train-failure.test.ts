// A policy-train job that cannot train (no training pairs) fails with a message saying why, and its model row is
// marked failed, so discovery never picks it and the policies list shows what happened.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProject } from '../../../../src-main/store/project';
import { makeStudio, type TestStudio } from '../../../support/studio';

let t: TestStudio;

beforeAll(async () => {
  t = makeStudio();
  const file = join(t.dir, 'p.prefstudio');
  const db = openProject(file, { create: true });
  const ds = db.datasets.create({ name: 'd', sourcePath: null, format: null });
  // Held-out pairs only: nothing in the train split for a policy to learn from.
  db.transaction(() =>
    db.pairs.insertMany([
      { datasetId: ds.id, prompt: 'Human: hi\n\nAssistant:', chosen: ' Hello!', rejected: ' Go away.', split: 'validation', origin: 'original' },
    ]),
  );
  db.close();
  await t.call('project.open', { path: file, create: false });
});

afterAll(async () => t?.dispose());

describe('policy-train job', () => {
  it('fails without training pairs, naming the reason, and marks its policy failed', async () => {
    const job = await t.call('policy.train', { role: 'aligned', steps: 5 });
    expect(job.kind).toBe('policy-train');
    const done = await t.finished(job.id);
    expect(done.state).toBe('failed');
    expect(done.error?.message).toContain('no training pairs');
    const [policy] = await t.call('policy.list', {});
    expect(policy).toMatchObject({ role: 'aligned', source: 'trained', status: 'failed', preset: 'tiny', steps: 5, metrics: null });
  }, 60_000);
});
