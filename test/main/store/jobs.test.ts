// Jobs repository: state transitions with timestamps, progress and checkpoints as JSON, interruption on reopen.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-main/shared/errors';
import { openProject } from '../../../src-main/store/project';
import { tmpProject, type TmpProject } from './fixtures';

let t: TmpProject;
beforeEach(() => {
  t = tmpProject();
});
afterEach(() => t.cleanup());

describe('jobs repository', () => {
  it('creates queued jobs with empty progress and lists newest first', () => {
    const a = t.project.jobs.create({ id: 'job-a', kind: 'import', params: { path: '/x.jsonl' } });
    t.project.jobs.create({ id: 'job-b', kind: 'train', params: {} });
    expect(a).toMatchObject({
      id: 'job-a',
      kind: 'import',
      state: 'queued',
      params: { path: '/x.jsonl' },
      progress: { done: 0, total: null, unit: '', message: '', rate: null, etaSeconds: null },
      result: null,
      error: null,
      startedAt: null,
      finishedAt: null,
    });
    expect(t.project.jobs.list(10).map((j) => j.id)).toEqual(['job-b', 'job-a']);
    expect(t.project.jobs.list(1)).toHaveLength(1);
    expect(t.project.jobs.get('nope')).toBeNull();
  });

  it('stamps start once, finish on terminal states, and stores result and error', () => {
    const jobs = t.project.jobs;
    jobs.create({ id: 'j', kind: 'import', params: {} });
    const running = jobs.setState('j', 'running');
    expect(running.startedAt).not.toBeNull();
    expect(running.finishedAt).toBeNull();
    const failed = jobs.setState('j', 'failed', {
      error: { code: 'UNKNOWN_FORMAT', message: 'line 3: bad' },
    });
    expect(failed.error).toEqual({ code: 'UNKNOWN_FORMAT', message: 'line 3: bad' });
    expect(failed.finishedAt).not.toBeNull();
    const resumed = jobs.setState('j', 'running', { error: null });
    expect(resumed).toMatchObject({ startedAt: running.startedAt, finishedAt: null, error: null });
    const done = jobs.setState('j', 'done', { result: { imported: 1200 } });
    expect(done.result).toEqual({ imported: 1200 });
    expect(jobs.countByState()).toEqual({ done: 1 });
    expect(() => jobs.setState('missing', 'done')).toThrow(
      expect.objectContaining({ code: ErrorCode.NotFound }),
    );
  });

  it('persists progress and checkpoints as JSON, inside the caller’s transaction', () => {
    const jobs = t.project.jobs;
    jobs.create({ id: 'j', kind: 'import', params: {} });
    const progress = {
      done: 500,
      total: 1200,
      unit: 'rows',
      message: 'importing',
      rate: 250.5,
      etaSeconds: 2.8,
    };
    jobs.setProgress('j', progress);
    expect(jobs.get('j')?.progress).toEqual(progress);
    expect(jobs.getCheckpoint('j')).toBeNull();
    jobs.setCheckpoint('j', { line: 500, byteOffset: 12345 });
    expect(() =>
      t.project.transaction(() => {
        jobs.setCheckpoint('j', { line: 1000, byteOffset: 99999 });
        throw new Error('batch failed');
      }),
    ).toThrow('batch failed');
    expect(jobs.getCheckpoint('j')).toEqual({ line: 500, byteOffset: 12345 });
    expect(jobs.getCheckpoint('missing')).toBeNull();
  });

  it('marks jobs a dead process left running or queued as interrupted', () => {
    const jobs = t.project.jobs;
    jobs.create({ id: 'run', kind: 'import', params: {} });
    jobs.create({ id: 'wait', kind: 'export', params: {} });
    jobs.create({ id: 'ok', kind: 'export', params: {} });
    jobs.setState('run', 'running');
    jobs.setState('ok', 'done');
    t.project.close();
    t.project = openProject(t.file, { create: false });
    expect(t.project.owners.interruptOrphans()).toBe(2);
    expect(t.project.jobs.countByState()).toEqual({ interrupted: 2, done: 1 });
    expect(t.project.jobs.get('run')?.finishedAt).not.toBeNull();
    expect(t.project.owners.interruptOrphans()).toBe(0);
  });
});
