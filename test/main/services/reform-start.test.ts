// reform.start and reform.continue refuse what cannot run, naming what is missing: no reward model, no policy of a
// role, a model of the wrong kind, an unknown run, a run that is not waiting.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReformOptions } from '../../../src-main/shared/reform-dto';
import { openProject } from '../../../src-main/store/project';
import { makeStudio, type TestStudio } from '../../support/studio';

let t: TestStudio;
let path: string;

beforeEach(async () => {
  t = makeStudio();
  path = join(t.dir, 'p.prefstudio');
  await t.call('project.open', { path, create: true });
});

afterEach(async () => t.dispose());

/** Writes model rows straight into the project (no weights are read before the job starts). */
function addModel(kind: 'reward' | 'policy', role?: string): number {
  const db = openProject(path, { create: false });
  try {
    return db.models.create({ name: `${kind} ${role ?? ''}`, kind, status: 'ready', artifactPath: `models/${kind}${role ?? ''}`, config: role ? { role } : {} }).id;
  } finally {
    db.close();
  }
}

describe('reform.start / reform.continue', () => {
  it('names the missing reward model, then the missing policy of a role', async () => {
    await expect(t.call('reform.start', {})).rejects.toThrow(/no trained reward model: train one first/);
    addModel('reward');
    addModel('policy', 'aligned');
    await expect(t.call('reform.start', {})).rejects.toThrow(/no ready misaligned policy: train one first \(prefstudio policy train --role misaligned\)/);
    await expect(t.call('reform.start', { baseModelId: 99 })).rejects.toThrow(/no model 99/);
    await expect(t.call('reform.start', { role: 'aligned', baseModelId: 2 })).rejects.toThrow(/not a ready reward model/);
  });

  it('refuses to continue an unknown run or one that is done', async () => {
    await expect(t.call('reform.continue', { runId: 5 })).rejects.toThrow(/no REFORM run 5/);
    await expect(t.call('reform.rounds', { runId: 5 })).rejects.toThrow(/no REFORM run 5/);
    const base = addModel('reward');
    const db = openProject(path, { create: false });
    const run = db.reform.createRun({ name: 'r', config: ReformOptions.parse({}), baseModelId: base, policies: {} });
    db.reform.setRun(run.id, { status: 'done' });
    db.close();
    await expect(t.call('reform.continue', { runId: run.id })).rejects.toThrow(/is done; only runs that are awaiting-review, cancelled, interrupted, failed continue/);
    expect((await t.call('reform.runs', {})).map((r) => r.id)).toEqual([run.id]);
  });
});
