// Job results are checked against their kind's schema when a job reports them, and read back typed by kind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobHost } from '../../../src-main/jobs/host';
import type { Launcher } from '../../../src-main/jobs/launcher';
import type { JobToHost } from '../../../src-main/jobs/protocol';
import type { Job } from '../../../src-main/shared/dto';
import { ErrorCode, StudioError } from '../../../src-main/shared/errors';
import { jobResult, parseJobResult } from '../../../src-main/shared/job-results';
import { openProject } from '../../../src-main/store/project';
import type { ProjectDb } from '../../../src-main/store/types';
import { makeStudio, type TestStudio } from '../../support/studio';

const IMPORT_PARAMS = { path: '/data/x.jsonl', format: 'hh', pkuPreference: 'better', split: 'train', datasetId: 2 } as const;
const IMPORT_RESULT = { datasetId: 2, pairs: 10, errors: 1, duplicates: 0, crossDuplicates: 0, validation: 1, lastLine: 11 };

/** A channel that answers `start` with one `done` message and exits, as a worker that finished at once would. */
function answering(result: unknown): Launcher {
  return () => {
    let onMessage: (m: JobToHost) => void = () => undefined;
    let onExit: (code: number) => void = () => undefined;
    return {
      post: (m) => {
        if (m.type !== 'start') return;
        setImmediate(() => {
          onMessage({ type: 'done', result, cancelled: false });
          onExit(0);
        });
      },
      onMessage: (l) => (onMessage = l),
      onExit: (l) => (onExit = l),
      kill: () => onExit(1),
    };
  };
}

let dir: string | null = null;
let db: ProjectDb | null = null;
let t: TestStudio | null = null;
afterEach(async () => {
  db?.close();
  db = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
  await t?.dispose();
  t = null;
});

async function runWith(result: unknown): Promise<{ job: Job; logs: string[] }> {
  dir = mkdtempSync(join(tmpdir(), 'prefstudio-results-'));
  db = openProject(join(dir, 'p.prefstudio'), { create: true });
  const logs: string[] = [];
  const host = new JobHost(db, {
    workerUrl: new URL('file:///unused'),
    launcherFor: () => answering(result),
    emit: () => undefined,
    log: (l) => logs.push(l),
  });
  const started = host.start('import', IMPORT_PARAMS);
  return { job: await host.wait(started.id), logs };
}

describe('job results', () => {
  it('the host stores a result that fits its kind', async () => {
    const { job } = await runWith(IMPORT_RESULT);
    expect(job.state).toBe('done');
    expect(jobResult(job, 'import')).toEqual(IMPORT_RESULT);
  });

  it('the host fails a job whose result does not fit its kind, naming the field', async () => {
    const { job, logs } = await runWith({ ...IMPORT_RESULT, pairs: 'ten' });
    expect(job.state).toBe('failed');
    expect(job.result).toBeNull();
    expect(job.error?.code).toBe(ErrorCode.Internal);
    expect(job.error?.message).toMatch(/^the import job's result does not fit its kind: pairs: /);
    expect(logs.some((l) => l.includes('does not fit'))).toBe(true);
  });

  it('the host refuses params that do not fit the kind before recording a job', async () => {
    dir = mkdtempSync(join(tmpdir(), 'prefstudio-results-'));
    db = openProject(join(dir, 'p.prefstudio'), { create: true });
    const host = new JobHost(db, { workerUrl: new URL('file:///unused'), launcherFor: () => answering({}), emit: () => undefined, log: () => undefined });
    expect(() => host.start('mars', { runId: 'one' } as never)).toThrow(/^the mars job's params do not fit its kind: runId: /);
    expect(db.jobs.list(10)).toEqual([]);
  });

  it('parseJobResult throws a StudioError; jobResult reads only its own kind', () => {
    expect(() => parseJobResult('train', { steps: 3 })).toThrow(StudioError);
    expect(parseJobResult('cv', { cancelled: true, finished: 2, total: 6 })).toEqual({ cancelled: true, finished: 2, total: 6 });
    const job = { kind: 'import', result: IMPORT_RESULT } as const;
    const asJob = (over: Partial<Job>): Job => ({
      id: 'j',
      state: 'done',
      params: {},
      progress: { done: 0, total: null, unit: '', message: '', rate: null, etaSeconds: null },
      error: null,
      createdAt: '',
      startedAt: null,
      finishedAt: null,
      ...job,
      ...over,
    });
    expect(jobResult(asJob({}), 'import')?.pairs).toBe(10);
    expect(jobResult(asJob({}), 'demo')).toBeNull();
    expect(jobResult(asJob({ result: null }), 'import')).toBeNull();
    expect(jobResult(null, 'import')).toBeNull();
  });

  it('a real demo job, run in a worker thread, reports a result its schema accepts', async () => {
    t = makeStudio();
    await t.call('project.open', { path: join(t.dir, 'demo.prefstudio'), create: true });
    const started = await t.call('demo.start', { pairs: 300, seed: 3 });
    const done = await t.finished(started.id);
    expect(done.state).toBe('done');
    const result = jobResult(done, 'demo');
    expect(result).not.toBeNull();
    expect(result?.pairs).toBe(300);
    expect((await t.call('project.stats', {})).pairs).toBe(300);
  });
});
