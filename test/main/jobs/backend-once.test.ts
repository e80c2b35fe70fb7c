// The ML backend is chosen once per job context (and once per service process): every part of a job asks the context,
// which probes on first use, hands the same answer to later callers and logs one backend line.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backendOnce, chooseBackend, type ChosenBackend } from '../../../src-main/engine/backend';
import { createJobContext } from '../../../src-main/jobs/context';
import { runCvJob } from '../../../src-main/jobs/cv-job';
import type { JobToHost } from '../../../src-main/jobs/protocol';
import { openProject } from '../../../src-main/store/project';
import type { ProjectDb } from '../../../src-main/store/types';
import { makeStudio, type TestStudio } from '../../support/studio';

let t: TestStudio | null = null;
let db: ProjectDb | null = null;
afterEach(async () => {
  db?.close();
  db = null;
  await t?.dispose();
  t = null;
});

/** A probe that counts its calls and answers with the real plain-JavaScript backend. */
function countingProbe(): { probe: () => Promise<ChosenBackend>; calls: () => number } {
  let calls = 0;
  return {
    probe: () => {
      calls++;
      return chooseBackend('cpu');
    },
    calls: () => calls,
  };
}

const backendLines = (sent: JobToHost[]): string[] =>
  sent.flatMap((m) => (m.type === 'log' && m.line.startsWith('backend: ') ? [m.line] : []));

async function projectWithDemo(pairs: number): Promise<ProjectDb> {
  t = makeStudio();
  const path = join(t.dir, 'p.prefstudio');
  await t.call('project.open', { path, create: true });
  const demo = await t.finished((await t.call('demo.start', { pairs, seed: 5 })).id);
  expect(demo.state).toBe('done');
  db = openProject(path, { create: false });
  return db;
}

describe('backend chosen once', () => {
  it('a job context probes once however many parts of the job ask, at once or later, and logs one line', async () => {
    const d = await projectWithDemo(40);
    const job = d.jobs.create({ id: randomUUID(), kind: 'train', params: {} });
    const sent: JobToHost[] = [];
    const counting = countingProbe();
    const ctx = createJobContext({ db: d, jobId: job.id, params: {}, signal: new AbortController().signal, send: (m) => sent.push(m), probeBackend: counting.probe });
    const [a, b] = await Promise.all([ctx.backend(), ctx.backend()]);
    const c = await ctx.backend();
    expect(counting.calls()).toBe(1);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(a.report.name).toBe('cpu');
    expect(backendLines(sent)).toHaveLength(1);
    expect(backendLines(sent)[0]).toMatch(/^backend: cpu — plain JavaScript kernels/);
  });

  it('a failed probe fails every caller with the same error, without probing again', async () => {
    let calls = 0;
    const lines: string[] = [];
    const backend = backendOnce(
      (l) => lines.push(l),
      () => {
        calls++;
        return Promise.reject(new Error('no TensorFlow.js backend could start'));
      },
    );
    await expect(backend()).rejects.toThrow(/could start/);
    await expect(backend()).rejects.toThrow(/could start/);
    expect(calls).toBe(1);
    expect(lines).toEqual([]);
  });

  it('a real cv job of the n-gram preset never probes a backend (it needs none)', async () => {
    const d = await projectWithDemo(200);
    const job = d.jobs.create({ id: randomUUID(), kind: 'cv', params: {} });
    const sent: JobToHost[] = [];
    const counting = countingProbe();
    const params = { presets: ['ngram'], folds: 3, seed: 1 };
    const ctx = createJobContext({ db: d, jobId: job.id, params, signal: new AbortController().signal, send: (m) => sent.push(m), probeBackend: counting.probe });
    const result = await runCvJob(ctx);
    expect('results' in result && result.results[0]?.foldAccuracies).toHaveLength(3);
    expect(counting.calls()).toBe(0);
    expect(backendLines(sent)).toEqual([]);
  });

  it('the service process probes once for every caller of app.info', async () => {
    const logs: string[] = [];
    t = makeStudio(logs);
    const first = await t.call('app.info', {});
    const second = await t.call('app.info', {});
    expect(second.backend).toEqual(first.backend);
    expect(logs.filter((l) => l.startsWith('backend: '))).toHaveLength(1);
  });
});
