// Writes never clobber: an export refuses the project, its WAL/SHM, its artifacts and any other project; an existing file needs overwrite.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStudio, type TestStudio } from '../../support/studio';

describe('export targets', () => {
  let t: TestStudio;
  let project = '';
  let artifacts = '';

  beforeAll(async () => {
    t = makeStudio();
    project = join(t.dir, 'p.prefstudio');
    const info = await t.call('project.open', { path: project, create: true });
    artifacts = info.artifactsDir;
    expect((await t.finished((await t.call('demo.start', { pairs: 50 })).id)).state).toBe('done');
  }, 60_000);
  afterAll(() => t.dispose());

  const start = (path: string, overwrite = false, format: 'jsonl' | 'hf' = 'jsonl') =>
    t.call('export.start', { path, overwrite, format });

  it.each([
    ['the project file', () => project, 'it is the open project'],
    ['its WAL', () => `${project}-wal`, 'WAL'],
    ['its SHM', () => `${project}-shm`, 'SHM'],
    ['its artifacts folder', () => artifacts, 'artifacts folder'],
    ['a file among its models', () => join(artifacts, 'models', 'x.jsonl'), 'artifacts folder'],
    ['the folder holding the project', () => t.dir, 'artifacts folder'],
  ])('refuses %s even with overwrite', async (_what, path, why) => {
    await expect(start(path(), true)).rejects.toMatchObject({ code: 'TARGET_PROTECTED', message: expect.stringContaining(why) });
  });

  it('refuses another project file (any SQLite database), open elsewhere or not', async () => {
    const other = join(t.dir, 'other.prefstudio');
    new Database(other).exec('CREATE TABLE t (x)');
    await expect(start(other, true)).rejects.toMatchObject({ code: 'TARGET_PROTECTED' });
    expect(readFileSync(other).subarray(0, 15).toString()).toBe('SQLite format 3');
  });

  it('refuses an existing file unless overwrite, then replaces it whole', async () => {
    const out = join(t.dir, 'out.jsonl');
    writeFileSync(out, 'keep me\n');
    await expect(start(out)).rejects.toMatchObject({ code: 'TARGET_EXISTS' });
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');
    const job = await t.finished((await start(out, true)).id);
    expect(job.state).toBe('done');
    expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(50);
    // A manifest from an earlier export counts as existing too.
    await expect(start(out, false)).rejects.toMatchObject({ code: 'TARGET_EXISTS' });
  }, 30_000);

  it('writes into <artifacts>/exports, the dialog’s default place', async () => {
    mkdirSync(join(artifacts, 'exports'), { recursive: true });
    const job = await t.finished((await start(join(artifacts, 'exports', 'a.jsonl'))).id);
    expect(job.state).toBe('done');
  }, 30_000);

  it('leaves the project intact after all of the above', async () => {
    const stats = await t.call('project.stats', {});
    expect(stats.pairs).toBe(50);
  });
});
