// discover.start through the contract: which reward model and policies a run takes, and its refusals.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-main/shared/errors';
import { openProject } from '../../../src-main/store/project';
import { makeStudio, type TestStudio } from '../../support/studio';

let t: TestStudio;
afterEach(async () => t?.dispose());

/** Model rows as the training jobs leave them: ready, with weights; policies carry their role. */
function models(file: string, roles: ('aligned' | 'misaligned')[]): { rm: number; policies: number[] } {
  const db = openProject(file, { create: false });
  try {
    const rm = db.models.create({ name: 'rm', kind: 'reward', status: 'ready', artifactPath: 'models/rm' }).id;
    const policies = roles.map((role) =>
      db.models.create({ name: `p-${role}`, kind: 'policy', status: 'ready', artifactPath: `models/${role}`, config: { role } }).id,
    );
    return { rm, policies };
  } finally {
    db.close();
  }
}

describe('discover.start', () => {
  it('refuses without a trained reward model, then without a policy of the asked role', async () => {
    t = makeStudio();
    const file = join(t.dir, 'd.prefstudio');
    await t.call('project.open', { path: file, create: true });
    await expect(t.call('discover.start', {})).rejects.toMatchObject({ code: ErrorCode.InvalidRequest, message: expect.stringMatching(/no trained reward model/) });
    models(file, ['aligned']);
    await expect(t.call('discover.start', { role: 'misaligned' })).rejects.toMatchObject({
      code: ErrorCode.InvalidRequest,
      message: 'no ready misaligned policy: train one first (prefstudio policy train --role misaligned)',
    });
    expect(await t.call('discover.runs', {})).toEqual([]);
  });

  it('records a run with the newest ready reward model and each role’s policy, and starts a decode job for it', async () => {
    t = makeStudio();
    const file = join(t.dir, 'd.prefstudio');
    await t.call('project.open', { path: file, create: true });
    const { rm, policies } = models(file, ['aligned', 'misaligned']);
    const job = await t.call('discover.start', { prompts: 7, mode: 'sample', approve: 'auto' });
    expect(job.kind).toBe('decode');
    await t.finished(job.id);
    const [run] = await t.call('discover.runs', {});
    expect(run).toMatchObject({ rewardModelId: rm, policies: { aligned: policies[0], misaligned: policies[1] }, jobId: job.id });
    expect(run?.config).toMatchObject({ prompts: 7, mode: 'sample', approve: 'auto', role: 'both', k: 5, temperature: 0.6 });
  });
});
