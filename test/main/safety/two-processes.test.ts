// Two real processes on one project: a reader or a second opener never ends the first one's job, a second writer
// fails fast with PROJECT_BUSY naming the first, and a job whose process was killed is interrupted and resumes.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../../src-main/store/project';
import type { Job } from '../../../src-main/shared/dto';
import { bigHhFile, spawnCli, type CliProcess } from '../../support/big-hh';
import { HH_MISSING_REASON, HH_PRESENT } from '../../support/hh';
import { makeStudio, type TestStudio } from '../../support/studio';

let t: TestStudio | undefined;
let child: CliProcess | undefined;
afterEach(async () => {
  if (child && child.child.exitCode === null) child.child.kill('SIGKILL');
  await child?.exit;
  await t?.dispose();
  t = undefined;
  child = undefined;
});

/** Polls the file read-only (as a third party) until the import job has committed at least one batch. */
async function waitForRunningImport(path: string, timeoutMs = 60_000): Promise<Job> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const db = openProject(path, { create: false, readonly: true });
      try {
        const job = db.jobs.list(10).find((j) => j.kind === 'import');
        if (job?.state === 'running' && job.progress.done > 0) return job;
      } finally {
        db.close();
      }
    } catch {
      // The file or its schema may not exist yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no running import in ${path} after ${timeoutMs} ms`);
}

describe.skipIf(!HH_PRESENT)('two processes on one project', () => {
  if (!HH_PRESENT) it.skip(HH_MISSING_REASON, () => {});

  it('a second opener leaves the running import alone and a second writer gets PROJECT_BUSY', async () => {
    t = makeStudio();
    const big = bigHhFile(t.dir, 40);
    const path = join(t.dir, 'shared.prefstudio');
    child = spawnCli(['import', path, big.path]);
    const running = await waitForRunningImport(path);

    await t.call('project.open', { path, create: false });
    // Opening (what `stats` and the server do) must not mark the other process's job interrupted.
    expect((await t.call('jobs.get', { id: running.id })).state).toBe('running');
    const stats = await t.call('project.stats', {});
    expect(stats.jobs.interrupted ?? 0).toBe(0);

    const second = await t.studio.dispatch('demo.start', { pairs: 10 });
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.error.code).toBe('PROJECT_BUSY');
    expect(second.error.message).toContain(`process ${child.child.pid}`);
    expect(second.error.message).toContain('prefstudio import');

    expect(await child.exit).toBe(0);
    const done = await t.call('jobs.get', { id: running.id });
    expect(done.state).toBe('done');
    expect((done.result as { pairs: number }).pairs).toBe(big.rows);
    // Once the other writer is done, this process may write.
    const demo = await t.call('demo.start', { pairs: 10 });
    expect((await t.finished(demo.id)).state).toBe('done');
  }, 120_000);

  it('a job whose process was killed (-9) is interrupted on open and resumes to the full count', async () => {
    t = makeStudio();
    const big = bigHhFile(t.dir, 40);
    const path = join(t.dir, 'killed.prefstudio');
    child = spawnCli(['import', path, big.path]);
    const running = await waitForRunningImport(path);
    child.child.kill('SIGKILL');
    await child.exit;

    await t.call('project.open', { path, create: false });
    const job = await t.call('jobs.get', { id: running.id });
    expect(job.state).toBe('interrupted');
    const resumed = await t.call('jobs.resume', { id: running.id });
    const end = await t.finished(resumed.id);
    expect(end.state).toBe('done');
    const r = end.result as { pairs: number; errors: number; duplicates: number };
    expect(r.pairs).toBe(big.rows);
    expect((await t.call('project.stats', {})).pairs).toBe(big.rows);
  }, 120_000);

});
