// Jobs survive cancel, crash and restart: whole batches stay committed and resume finishes the import exactly.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { IMPORT_BATCH } from '../../../src-main/jobs/import-job';
import { threadLauncher, type Launcher } from '../../../src-main/jobs/launcher';
import { createNodeStudio } from '../../../src-main/services/node-studio';
import { Studio } from '../../../src-main/services/studio';
import { openProject } from '../../../src-main/store/project';
import { HH_MISSING_REASON, HH_PRESENT, HH_SAMPLE } from '../../support/hh';
import { makeStudio, type TestStudio } from '../../support/studio';

let t: TestStudio;
afterEach(async () => t?.dispose());

const COPIES = 20;

/** The HH sample repeated with a per-copy marker, so no copy duplicates another: 24,000 rows. */
function bigHhFile(dir: string): { path: string; rows: number } {
  const lines = gunzipSync(readFileSync(HH_SAMPLE)).toString('utf8').split('\n').filter((l) => l.trim() !== '');
  const out: string[] = [];
  for (let c = 0; c < COPIES; c++) {
    for (const line of lines) {
      const row = JSON.parse(line) as { chosen: string; rejected: string };
      const tag = ` [copy ${c}]`;
      out.push(JSON.stringify({ chosen: row.chosen + tag, rejected: row.rejected + tag }));
    }
  }
  const path = join(dir, 'hh-big.jsonl.gz');
  writeFileSync(path, gzipSync(out.join('\n') + '\n'));
  return { path, rows: out.length };
}

function firstProgress(s: TestStudio, jobId: string): Promise<void> {
  return new Promise((resolve) => {
    const off = s.studio.onEvent((e) => {
      if (e.type === 'job' && e.job.id === jobId && e.job.progress.done > 0) {
        off();
        resolve();
      }
    });
  });
}

describe.skipIf(!HH_PRESENT)(`import jobs: cancel, crash, resume (${HH_PRESENT ? 'HH present' : HH_MISSING_REASON})`, () => {
  it('a soft cancel keeps whole batches; resume completes without losing or repeating a row', async () => {
    t = makeStudio();
    const big = bigHhFile(t.dir);
    await t.call('project.open', { path: join(t.dir, 'p.prefstudio'), create: true });
    const job = await t.call('import.start', { path: big.path });
    await firstProgress(t, job.id);
    await t.call('jobs.cancel', { id: job.id });
    const cancelled = await t.finished(job.id);
    expect(cancelled.state).toBe('cancelled');
    const partial = cancelled.result as { pairs: number; errors: number; duplicates: number; lastLine: number };
    expect(partial.pairs).toBeGreaterThan(0);
    expect(partial.pairs).toBeLessThan(big.rows);
    // Whole batches only: every committed line is accounted for, and the store holds exactly the committed pairs.
    expect(partial.pairs + partial.errors + partial.duplicates).toBe(partial.lastLine);
    expect(partial.lastLine % IMPORT_BATCH === 0 || partial.lastLine === big.rows).toBe(true);
    expect((await t.call('project.stats', {})).pairs).toBe(partial.pairs);

    await t.call('jobs.resume', { id: job.id });
    const done = await t.finished(job.id);
    expect(done.state).toBe('done');
    const full = done.result as { pairs: number; errors: number; duplicates: number };
    expect(full.pairs + full.errors + full.duplicates).toBe(big.rows);
    const stats = await t.call('project.stats', {});
    expect(stats.pairs).toBe(full.pairs);
    expect(stats.issues.duplicates).toBe(full.duplicates);
  });

  it('a job whose worker dies is interrupted, and resumes after the project is reopened', async () => {
    t = makeStudio();
    const big = bigHhFile(t.dir);
    const path = join(t.dir, 'crash.prefstudio');
    // A launcher that kills the worker right after its first committed batch: a crash mid-import.
    const crashing: Launcher = (entry) => {
      const channel = threadLauncher(entry);
      channel.onMessage((m) => m.type === 'progress' && channel.kill());
      return channel;
    };
    const base = createNodeStudio({ log: () => undefined });
    const deps = (base as unknown as { deps: ConstructorParameters<typeof Studio>[0] }).deps;
    const studio = new Studio({ ...deps, jobs: { ...deps.jobs, launcherFor: () => crashing } });
    const events: string[] = [];
    studio.onEvent((e) => e.type === 'job' && events.push(e.job.state));
    const open = await studio.dispatch('project.open', { path, create: true });
    expect(open.ok).toBe(true);
    const started = await studio.dispatch('import.start', { path: big.path });
    if (!started.ok) throw new Error(started.error.message);
    const jobId = (started.value as { id: string }).id;
    await new Promise<void>((resolve) => studio.onEvent((e) => e.type === 'job' && e.job.id === jobId && e.job.state === 'interrupted' && resolve()));
    await studio.close();

    await t.call('project.open', { path });
    const before = await t.call('jobs.get', { id: jobId });
    expect(before.state).toBe('interrupted');
    const kept = (await t.call('project.stats', {})).pairs;
    expect(kept).toBeGreaterThan(0);
    await t.call('jobs.resume', { id: jobId });
    const done = await t.finished(jobId);
    expect(done.state).toBe('done');
    const r = done.result as { pairs: number; errors: number; duplicates: number };
    expect(r.pairs + r.errors + r.duplicates).toBe(big.rows);
    expect((await t.call('project.stats', {})).pairs).toBe(r.pairs);
  });

  it('a job left running by a dead process is marked interrupted when the project opens', async () => {
    t = makeStudio();
    const path = join(t.dir, 'stale.prefstudio');
    const db = openProject(path, { create: true });
    db.jobs.create({ id: 'stale-job', kind: 'import', params: {} });
    db.jobs.setState('stale-job', 'running');
    db.close();
    await t.call('project.open', { path });
    expect((await t.call('jobs.get', { id: 'stale-job' })).state).toBe('interrupted');
  });
});
