// One test per migration on an empty database, plus the runner's guarantees (atomic steps, ordering, idempotence).
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, StudioError } from '../../../src-main/shared/errors';
import { migrate, schemaVersion, type Migration } from '../../../src-main/store/migrate';
import * as m001 from '../../../src-main/store/migrations/001-initial';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src-main/store/migrations/index';
import { openProject } from '../../../src-main/store/project';
import { tmpDir } from './fixtures';

function names(db: Database.Database, type: 'table' | 'index' | 'trigger'): string[] {
  return db
    .prepare('SELECT name FROM sqlite_schema WHERE type = ? AND name NOT LIKE ? ORDER BY name')
    .pluck()
    .all(type, 'sqlite_%') as string[];
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migration 001-initial', () => {
  it('applies on an empty database and creates every table, index and trigger', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    expect(migrate(db, [m001])).toEqual([1]);
    expect(schemaVersion(db)).toBe(1);
    expect(names(db, 'table')).toEqual(
      expect.arrayContaining([
        'meta',
        'datasets',
        'models',
        'pairs',
        'pair_counts',
        'pairs_fts',
        'scores',
        'jobs',
        'import_issues',
        'review_log',
      ]),
    );
    expect(names(db, 'index')).toEqual(
      expect.arrayContaining([
        'pairs_prompt_len',
        'pairs_chosen_len',
        'pairs_rejected_len',
        'pairs_dataset',
        'pairs_dataset_prompt_len',
        'pairs_dataset_chosen_len',
        'pairs_dataset_rejected_len',
        'pairs_origin',
        'pairs_origin_prompt_len',
        'pairs_origin_chosen_len',
        'pairs_origin_rejected_len',
        'pairs_split',
        'pairs_split_prompt_len',
        'pairs_split_chosen_len',
        'pairs_split_rejected_len',
        'pairs_dataset_hash',
        'pairs_parent',
        'pairs_model',
        'scores_model_margin',
        'scores_pair',
        'import_issues_job',
        'import_issues_dataset',
        'import_issues_kind',
        'review_log_pair',
        'jobs_state',
      ]),
    );
    expect(names(db, 'trigger')).toEqual([
      'pair_counts_delete',
      'pair_counts_insert',
      'pair_counts_update',
      'pairs_created_at_fixed',
      'pairs_fts_delete',
      'pairs_fts_insert',
      'pairs_fts_update',
      'pairs_touch',
      'review_log_no_delete',
      'review_log_no_update',
    ]);
    const pairColumns = db.prepare('SELECT name FROM pragma_table_xinfo(?)').pluck().all('pairs') as string[];
    expect(pairColumns).toEqual(
      expect.arrayContaining([
        'strength',
        'tie',
        'parent_id',
        'round',
        'model_id',
        'provenance',
        'review_status',
        'extra',
        'content_hash',
        'prompt_len',
        'chosen_len',
        'rejected_len',
        'updated_at',
      ]),
    );
    expect(db.prepare("SELECT value FROM meta WHERE key = 'app'").pluck().get()).toBe('preference-studio');
    expect(db.prepare("SELECT value FROM meta WHERE key = 'project_id'").pluck().get()).toMatch(
      /^[0-9a-f-]{36}$/,
    );
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});

describe('migration runner', () => {
  it('knows every migration in order and reports the latest version', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(LATEST_SCHEMA_VERSION).toBe(versions.at(-1));
  });

  it('rolls a failing step back whole, keeping the previous version', () => {
    const db = new Database(':memory:');
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up(d) {
        d.exec('CREATE TABLE half_made (x)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [m001, broken])).toThrow('boom');
    expect(schemaVersion(db)).toBe(1);
    expect(names(db, 'table')).not.toContain('half_made');
    db.close();
  });

  it('skips steps already applied and refuses a number used twice', () => {
    const db = new Database(':memory:');
    migrate(db, [m001]);
    expect(migrate(db, [m001])).toEqual([]);
    const twice: Migration = { version: 1, name: 'twice', up: () => undefined };
    expect(() => migrate(db, [m001, twice])).toThrow(/distinct increasing/);
    db.close();
  });
});

describe('schema versions of project files', () => {
  it('refuses a project written by a newer app, naming both versions', () => {
    const dir = tmpDir();
    dirs.push(dir);
    const file = join(dir, 'future.prefstudio');
    openProject(file, { create: true }).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.close();
    let error: unknown;
    try {
      openProject(file, { create: false });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StudioError);
    expect((error as StudioError).code).toBe(ErrorCode.ProjectTooNew);
    expect((error as StudioError).message).toContain(
      `created by a newer Preference Studio (schema ${LATEST_SCHEMA_VERSION + 5} > ${LATEST_SCHEMA_VERSION}); upgrade the app`,
    );
  });

  it('reopens an up-to-date project without migrating again or losing data', () => {
    const dir = tmpDir();
    dirs.push(dir);
    const file = join(dir, 'again.prefstudio');
    const first = openProject(file, { create: true });
    first.datasets.create({ name: 'kept', sourcePath: null, format: null });
    first.close();
    const readId = () => {
      const raw = new Database(file, { readonly: true });
      const id = raw.prepare("SELECT value FROM meta WHERE key = 'project_id'").pluck().get();
      raw.close();
      return id;
    };
    const id = readId();
    const second = openProject(file, { create: true });
    expect(second.info.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(second.datasets.list().map((d) => d.name)).toEqual(['kept']);
    second.close();
    expect(readId()).toBe(id);
  });
});
