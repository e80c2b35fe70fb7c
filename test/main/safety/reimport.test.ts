// Imports are idempotent and resumable from the CLI: the same file again is detected (resume, skip or new),
// pairs another data set holds are counted (and skipped on request), unfinished imports show in stats and jobs.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { Job, ProjectStats } from '../../../src-main/shared/dto';
import { bigHhFile } from '../../support/big-hh';
import { cli } from '../../support/cli-run';
import { HH_MISSING_REASON, HH_PRESENT, HH_SAMPLE } from '../../support/hh';
import { makeStudio, type TestStudio } from '../../support/studio';

let t: TestStudio | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

describe.skipIf(!HH_PRESENT)('re-imports and resume from the CLI', () => {
  if (!HH_PRESENT) it.skip(HH_MISSING_REASON, () => {});

  it('detects the same file, skips or re-imports it, and counts pairs shared across data sets', async () => {
    t = makeStudio();
    const p = join(t.dir, 'p.prefstudio');
    const first = await cli(['import', p, HH_SAMPLE, '--json'], t.dir);
    expect(first.code).toBe(0);
    const pairs = first.json<{ job: Job }>().job.result?.pairs as number;
    expect(pairs).toBeGreaterThan(1000);

    const again = await cli(['import', p, HH_SAMPLE], t.dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already imported as data set #1');
    expect(again.stderr).toContain('--if-imported resume|skip|new');

    const skipped = await cli(['import', p, HH_SAMPLE, '--if-imported', 'skip', '--json'], t.dir);
    expect(skipped.code).toBe(0);
    expect(skipped.json<{ job: Job }>().job.id).toBe(first.json<{ job: Job }>().job.id);

    const renewed = await cli(['import', p, HH_SAMPLE, '--if-imported', 'new', '--json'], t.dir);
    expect(renewed.code).toBe(0);
    expect(renewed.json<{ job: Job }>().job.result).toMatchObject({ pairs, crossDuplicates: pairs });

    // Another file (other bytes, same rows) with --skip-cross-duplicates: every pair is counted and left out.
    const copy = join(t.dir, 'copy.jsonl.gz');
    writeFileSync(copy, gzipSync(gunzipSync(readFileSync(HH_SAMPLE)), { level: 1 }));
    const skipping = await cli(['import', p, copy, '--skip-cross-duplicates', '--json'], t.dir);
    expect(skipping.code).toBe(0);
    expect(skipping.json<{ job: Job }>().job.result).toMatchObject({ pairs: 0, crossDuplicates: pairs });

    const stats = (await cli(['stats', p, '--json'], t.dir)).json<ProjectStats>();
    expect(stats.pairs).toBe(2 * pairs);
    expect(stats.datasets.map((d) => [d.pairCount, d.crossDuplicates, d.importState])).toEqual([
      [pairs, 0, 'done'],
      [pairs, pairs, 'done'],
      [0, pairs, 'done'],
    ]);
    expect((await cli(['stats', p], t.dir)).stdout).toContain(`${pairs.toLocaleString('en-US')} also in other data sets`);
  }, 120_000);

  it('a cancelled import shows in stats and jobs, and `prefstudio resume` finishes it exactly', async () => {
    t = makeStudio();
    const big = bigHhFile(t.dir, 20);
    const p = join(t.dir, 'r.prefstudio');
    await t.call('project.open', { path: p, create: true });
    const job = await t.call('import.start', { path: big.path });
    await new Promise<void>((resolve) =>
      t?.studio.onEvent((e) => e.type === 'job' && e.job.id === job.id && e.job.progress.done > 0 && resolve()),
    );
    await t.call('jobs.cancel', { id: job.id });
    expect((await t.finished(job.id)).state).toBe('cancelled');
    await t.studio.close();

    const stats = await cli(['stats', p], t.dir);
    expect(stats.stdout).toContain(`import cancelled (job ${job.id})`);
    const listed = await cli(['jobs', p, '--json'], t.dir);
    expect(listed.json<Job[]>().map((j) => [j.id, j.state])).toEqual([[job.id, 'cancelled']]);
    expect((await cli(['jobs', p], t.dir)).stdout).toContain('(resumable)');
    const again = await cli(['import', p, big.path], t.dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('import cancelled');

    const resumed = await cli(['resume', p, job.id.slice(0, 8), '--json'], t.dir);
    expect(resumed.code).toBe(0);
    const r = resumed.json<{ job: Job }>().job;
    expect(r.state).toBe('done');
    expect(r.result).toMatchObject({ pairs: big.rows, duplicates: 0 });
    expect((await cli(['stats', p, '--json'], t.dir)).json<ProjectStats>().pairs).toBe(big.rows);
    // Resuming a finished job is refused with the job's state.
    const twice = await cli(['resume', p, job.id], t.dir);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('is done');
    rmSync(big.path);
  }, 120_000);
});
