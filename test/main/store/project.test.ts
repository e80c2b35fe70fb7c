// Opening projects: pragmas, artifacts folder, read-only mode, a second connection, and each refusal as a StudioError.
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, StudioError } from '../../../src-main/shared/errors';
import { BUSY_TIMEOUT_MS, openConnection } from '../../../src-main/store/connection';
import { LATEST_SCHEMA_VERSION } from '../../../src-main/store/migrations/index';
import { openProject } from '../../../src-main/store/project';
import { pair, tmpDir } from './fixtures';

const dirs: string[] = [];
function dir(): string {
  const d = tmpDir();
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) {
    chmodSync(d, 0o755);
    rmSync(d, { recursive: true, force: true });
  }
});

function failure(fn: () => unknown): StudioError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StudioError) return err;
    throw err;
  }
  throw new Error('expected a StudioError');
}

describe('openProject', () => {
  it('creates the file, its artifacts folder and the connection pragmas', () => {
    const file = join(dir(), 'demo.prefstudio');
    const project = openProject(file, { create: true });
    expect(project.info).toEqual({
      path: file,
      name: 'demo',
      artifactsDir: file.replace(/demo\.prefstudio$/, 'demo.artifacts'),
      schemaVersion: LATEST_SCHEMA_VERSION,
    });
    expect(existsSync(project.info.artifactsDir)).toBe(true);
    project.close();
    const raw = new Database(file);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('sets foreign keys, busy timeout and synchronous NORMAL on its own connection', () => {
    const file = join(dir(), 'pragmas.prefstudio');
    const project = openProject(file, { create: true });
    const ds = project.datasets.create({ name: 'd', sourcePath: null, format: null });
    // foreign_keys is per connection: a pair pointing at a missing data set must fail here.
    expect(() => project.pairs.insertMany([pair(ds.id + 99, 1)])).toThrow(/FOREIGN KEY/);
    project.close();
    const db = openConnection(file, false);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('reports a missing file without create as FileNotFound naming the path', () => {
    const file = join(dir(), 'missing.prefstudio');
    const err = failure(() => openProject(file, { create: false }));
    expect(err.code).toBe(ErrorCode.FileNotFound);
    expect(err.message).toContain(file);
    expect(existsSync(file)).toBe(false);
  });

  it('reports a folder that is a file as ProjectUnwritable', () => {
    const notDir = join(dir(), 'plain-file');
    writeFileSync(notDir, 'x');
    const err = failure(() => openProject(join(notDir, 'p.prefstudio'), { create: true }));
    expect(err.code).toBe(ErrorCode.ProjectUnwritable);
    expect(err.message).toContain(notDir);
  });

  it.skipIf(process.getuid?.() === 0)('reports a read-only folder as ProjectUnwritable (not as root)', () => {
    const locked = join(dir(), 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const err = failure(() => openProject(join(locked, 'p.prefstudio'), { create: true }));
    chmodSync(locked, 0o755);
    expect(err.code).toBe(ErrorCode.ProjectUnwritable);
  });

  it('reports a file that is not SQLite as ProjectCorrupt', () => {
    const file = join(dir(), 'garbage.prefstudio');
    writeFileSync(
      file,
      'this is not a database, just some text that is long enough to look like a header. '.repeat(20),
    );
    const err = failure(() => openProject(file, { create: false }));
    expect(err.code).toBe(ErrorCode.ProjectCorrupt);
    expect(err.message).toContain(file);
  });

  it('reports another application’s SQLite file as ProjectCorrupt, even with create', () => {
    const file = join(dir(), 'other.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    raw.close();
    expect(failure(() => openProject(file, { create: true })).code).toBe(ErrorCode.ProjectCorrupt);
    const marked = new Database(file);
    marked.pragma('user_version = 1');
    marked.close();
    expect(failure(() => openProject(file, { create: false })).message).toMatch(
      /not a Preference Studio project/,
    );
  });

  it('opens read-only without writing, and refuses writes', () => {
    const file = join(dir(), 'ro.prefstudio');
    const rw = openProject(file, { create: true });
    const ds = rw.datasets.create({ name: 'd', sourcePath: null, format: null });
    rw.transaction(() => rw.pairs.insertMany([pair(ds.id, 1)]));
    rw.close();
    const ro = openProject(file, { create: false, readonly: true });
    expect(ro.pairs.count({})).toBe(1);
    expect(() => ro.datasets.create({ name: 'e', sourcePath: null, format: null })).toThrow(/readonly/);
    ro.close();
    expect(
      failure(() => openProject(join(dir(), 'none.prefstudio'), { create: true, readonly: true })).code,
    ).toBe(ErrorCode.FileNotFound);
  });

  it('loads the better-sqlite3 addon named by nativeBinding, and fails on one that is not there', () => {
    const d = dir();
    const binding = join(
      import.meta.dirname,
      '../../../node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    );
    const project = openProject(join(d, 'native.prefstudio'), { create: true, nativeBinding: binding });
    expect(project.info.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    project.close();
    const missing = join(d, 'nowhere', 'better_sqlite3.node');
    expect(() => openProject(join(d, 'other.prefstudio'), { create: true, nativeBinding: missing })).toThrow(
      /Cannot find module.*nowhere/,
    );
    expect(existsSync(join(d, 'other.prefstudio'))).toBe(false);
  });

  it('lets a second connection (a job worker) write while the first reads', () => {
    const file = join(dir(), 'two.prefstudio');
    const ui = openProject(file, { create: true });
    const worker = openProject(file, { create: false });
    const ds = worker.datasets.create({ name: 'd', sourcePath: null, format: null });
    const seen: number[] = [];
    for (let batch = 0; batch < 3; batch++) {
      worker.transaction(() => worker.pairs.insertMany([pair(ds.id, batch * 2), pair(ds.id, batch * 2 + 1)]));
      seen.push(ui.pairs.count({ datasetId: ds.id }));
    }
    expect(seen).toEqual([2, 4, 6]);
    expect(ui.datasets.get(ds.id)?.pairCount).toBe(6);
    worker.close();
    ui.close();
  });
});
