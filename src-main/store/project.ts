// Opens (or creates) a project: the SQLite file, its migrations, its artifacts folder and the repositories.
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type { ProjectInfo } from '../shared/dto';
import { ErrorCode, StudioError } from '../shared/errors';
import { assertWritable, corrupt, openConnection, openError } from './connection';
import { SqliteDatasetsRepo } from './datasets-repo';
import { SqliteDiscoveryRepo } from './discovery-repo';
import { SqliteIssuesRepo } from './issues-repo';
import { SqliteJobOwnersRepo } from './job-owners-repo';
import { SqliteJobsRepo } from './jobs-repo';
import { APP_MARKER, migrate, schemaVersion } from './migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations/index';
import { SqliteModelsRepo } from './models-repo';
import { SqlitePairsRepo } from './pairs-repo';
import { SqliteReviewLogRepo } from './review-log-repo';
import { SqliteReviewWrites } from './review-writes';
import { SqliteScoresRepo } from './scores-repo';
import { SqliteMarsRepo } from './mars-repo';
import { SqliteReformRepo } from './reform-repo';
import { SqliteSettingsRepo } from './settings-repo';
import type { ProjectDb } from './types';

export interface OpenProjectOptions {
  /** Create the file (and its artifacts folder) when it does not exist. */
  create: boolean;
  /** Open without writing anything: no migrations, no WAL switch, no artifacts folder. */
  readonly?: boolean;
  /** Path of a better-sqlite3 `.node` addon to load instead of the default (one built for Electron's ABI). */
  nativeBinding?: string | undefined;
}

/** `demo.prefstudio` keeps large artifacts (models, exports staging) in `demo.artifacts/` beside it. */
export function artifactsDirFor(file: string): string {
  const base = basename(file, extname(file));
  return join(dirname(file), `${base}.artifacts`);
}

function tableCount(db: Database.Database): number {
  return db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").pluck().get() as number;
}

function hasAppMarker(db: Database.Database): boolean {
  const hasMeta =
    db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'").get() !== undefined;
  return hasMeta && db.prepare("SELECT value FROM meta WHERE key = 'app'").pluck().get() === APP_MARKER;
}

/** Refuses files from a newer app and SQLite files that are not ours; returns the version found. */
function checkIdentity(db: Database.Database, file: string, create: boolean): number {
  const version = schemaVersion(db);
  if (version > LATEST_SCHEMA_VERSION) {
    throw new StudioError(
      ErrorCode.ProjectTooNew,
      `${file} was created by a newer Preference Studio (schema ${version} > ${LATEST_SCHEMA_VERSION}); upgrade the app`,
      { path: file, schemaVersion: version, supported: LATEST_SCHEMA_VERSION },
    );
  }
  if (version === 0) {
    // An empty database is a project still to be made, but only when the caller asked to create one.
    if (tableCount(db) > 0) throw corrupt(file, 'it holds tables of another application');
    if (!create) throw corrupt(file, 'the file is an empty database');
  } else if (!hasAppMarker(db)) {
    throw corrupt(file, 'its meta table does not name Preference Studio');
  }
  return version;
}

export function openProject(path: string, opts: OpenProjectOptions): ProjectDb {
  const file = resolve(path);
  const readonly = opts.readonly === true;
  const exists = existsSync(file);
  if (!exists && (!opts.create || readonly)) {
    throw new StudioError(ErrorCode.FileNotFound, `Project file not found: ${file}`, { path: file });
  }
  if (!readonly) assertWritable(file, exists);
  const db = openConnection(file, readonly, opts.nativeBinding);
  try {
    const found = checkIdentity(db, file, opts.create);
    if (found < LATEST_SCHEMA_VERSION) {
      if (readonly) {
        throw new StudioError(
          ErrorCode.ProjectUnwritable,
          `${file} needs an upgrade (schema ${found} < ${LATEST_SCHEMA_VERSION}) and was opened read-only`,
          { path: file },
        );
      }
      migrate(db, MIGRATIONS);
    }
    const artifactsDir = artifactsDirFor(file);
    if (!readonly) mkdirSync(artifactsDir, { recursive: true });
    const info: ProjectInfo = {
      path: file,
      name: basename(file, extname(file)),
      artifactsDir,
      schemaVersion: schemaVersion(db),
    };
    return createProjectDb(db, info);
  } catch (err) {
    db.close();
    throw err instanceof StudioError ? err : openError(file, err);
  }
}

function createProjectDb(db: Database.Database, info: ProjectInfo): ProjectDb {
  return {
    info,
    datasets: new SqliteDatasetsRepo(db),
    pairs: new SqlitePairsRepo(db),
    issues: new SqliteIssuesRepo(db),
    jobs: new SqliteJobsRepo(db),
    owners: new SqliteJobOwnersRepo(db),
    reviewLog: new SqliteReviewLogRepo(db),
    reviewWrites: new SqliteReviewWrites(db),
    models: new SqliteModelsRepo(db),
    scores: new SqliteScoresRepo(db),
    mars: new SqliteMarsRepo(db),
    settings: new SqliteSettingsRepo(db),
    discovery: new SqliteDiscoveryRepo(db),
    reform: new SqliteReformRepo(db),
    // IMMEDIATE takes the write lock up front: a deferred transaction that reads first could not upgrade to a
    // write while the job worker's connection writes, and busy_timeout cannot retry that (SQLITE_BUSY_SNAPSHOT).
    transaction: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    close: () => db.close(),
  };
}
