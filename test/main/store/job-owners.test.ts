// Job ownership (migration 5): only jobs whose owner is gone are interrupted; another live writer is PROJECT_BUSY.
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentOwner, ownerGone, STALE_MS, type JobOwner } from '../../../src-main/store/job-owner';
import { tmpProject, type TmpProject } from './fixtures';

let t: TmpProject;
beforeEach(() => (t = tmpProject()));
afterEach(() => t.cleanup());

/** A pid that certainly belonged to a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

function other(pid: number, host = hostname()): JobOwner {
  return { pid, host, token: `other-${pid}`, label: 'prefstudio import' };
}

describe('job owners', () => {
  it('interrupts jobs of a dead pid, a stale heartbeat or no owner, and keeps a live owner\'s job', () => {
    const { jobs, owners } = t.project;
    const now = Date.now();
    for (const id of ['dead', 'stale', 'none', 'live', 'mine']) {
      jobs.create({ id, kind: 'import', params: {} });
      jobs.setState(id, 'running');
    }
    owners.claim('dead', other(deadPid()), now);
    // The parent of this test runner is alive, but its heartbeat stopped long ago (a reused pid, a hung process).
    owners.claim('stale', other(process.ppid), now - STALE_MS - 1);
    owners.claim('live', other(process.ppid), now);
    owners.claim('mine', currentOwner('test'), now);
    expect(owners.interruptOrphans(now)).toBe(3);
    const states = Object.fromEntries(['dead', 'stale', 'none', 'live', 'mine'].map((id) => [id, jobs.get(id)?.state]));
    expect(states).toEqual({ dead: 'interrupted', stale: 'interrupted', none: 'interrupted', live: 'running', mine: 'running' });
  });

  it('an owner on another host counts as alive while its heartbeat is fresh', () => {
    const live = { id: 'x', kind: 'import', state: 'running' as const, owner: other(999_999_999, 'elsewhere'), heartbeatAt: 1_000 };
    expect(ownerGone(live, 1_000 + STALE_MS)).toBe(false);
    expect(ownerGone(live, 1_001 + STALE_MS)).toBe(true);
  });

  it('a heartbeat keeps a live job fresh; a second writer of another process is refused, a reader is not', () => {
    const { jobs, owners } = t.project;
    jobs.create({ id: 'imp', kind: 'import', params: {} });
    jobs.setState('imp', 'running');
    const first = other(process.ppid);
    owners.claim('imp', first, 1);
    expect(owners.heartbeat(first.token)).toBe(1);
    const me = currentOwner('test');
    expect(() => owners.assertNoOtherWriter(me, 'train')).toThrow(
      expect.objectContaining({ code: 'PROJECT_BUSY', message: expect.stringContaining(`process ${process.ppid} (prefstudio import)`) }),
    );
    expect(() => owners.assertNoOtherWriter(me, 'export')).not.toThrow();
    // The same process may run several jobs at once (the UI starts an export while an import runs).
    expect(() => owners.assertNoOtherWriter(first, 'train')).not.toThrow();
    jobs.setState('imp', 'done');
    expect(() => owners.assertNoOtherWriter(me, 'train')).not.toThrow();
  });
});
