// A training child whose parent dies (kill -9 of the CLI) ends quietly: no uncaught EPIPE, no stack trace on the
// terminal it shares with the dead parent, and it exits instead of writing on as an orphan.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../../src-main/store/project';
import { spawnCli } from '../../support/big-hh';
import { HH_MISSING_REASON, HH_PRESENT } from '../../support/hh';
import { smallHhProject } from '../../support/reliability-kinds';
import { makeStudio, type TestStudio } from '../../support/studio';

let t: TestStudio | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

async function trainingStep(path: string): Promise<void> {
  for (let i = 0; i < 6000; i++) {
    const db = openProject(path, { create: false, readonly: true });
    const job = db.jobs.list(1)[0];
    db.close();
    if (job?.kind === 'train' && job.state === 'running' && job.progress.done > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('training never started');
}

describe.skipIf(!HH_PRESENT)('orphaned training child', () => {
  if (!HH_PRESENT) it.skip(HH_MISSING_REASON, () => {});
  it('exits quietly when its parent is killed mid-training', async () => {
    t = makeStudio();
    const path = join(t.dir, 'orphan.prefstudio');
    await smallHhProject(t, path, 200);
    await t.studio.close();
    const cli = spawnCli(['train', path, '--preset', 'bow', '--epochs', '3']);
    await trainingStep(path);
    const before = cli.stderr().length;
    cli.child.kill('SIGKILL');
    // The child inherited the CLI's stderr: the pipe closes only once the child has exited too.
    const closed = await Promise.race([
      new Promise<boolean>((resolve) => cli.child.stderr?.once('close', () => resolve(true))),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 60_000)),
    ]);
    expect(closed, 'the orphaned child kept running').toBe(true);
    const after = cli.stderr().slice(before);
    expect(after).not.toMatch(/EPIPE|ERR_IPC|Error:|^\s+at /m);
  }, 180_000);
});
