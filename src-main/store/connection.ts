// Opens the SQLite connection of a project file with the app's pragmas, turning SQLite failures into StudioErrors.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ErrorCode, StudioError } from '../shared/errors';

/** A job worker holds a second connection and writes while the UI's connection reads: wait, do not fail. */
export const BUSY_TIMEOUT_MS = 5000;

function sqliteCode(err: unknown): string | null {
  return err instanceof Database.SqliteError ? err.code : null;
}

export function corrupt(file: string, detail: string): StudioError {
  return new StudioError(ErrorCode.ProjectCorrupt, `${file} is not a Preference Studio project: ${detail}`, {
    path: file,
  });
}

function unwritable(file: string, detail: string): StudioError {
  return new StudioError(ErrorCode.ProjectUnwritable, `Cannot write project ${file}: ${detail}`, {
    path: file,
  });
}

/** Checks up front what SQLite would only report as a bare SQLITE_CANTOPEN or, later, SQLITE_READONLY. */
export function assertWritable(file: string, exists: boolean): void {
  const dir = dirname(file);
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw unwritable(file, `folder ${dir} does not exist`);
  }
  if (!isDir) throw unwritable(file, `${dir} is not a folder`);
  try {
    // WAL keeps -wal and -shm files beside the database, so the folder must be writable as well as the file.
    accessSync(dir, constants.W_OK);
    if (exists) accessSync(file, constants.W_OK);
  } catch (err) {
    throw unwritable(file, `permission denied (${(err as NodeJS.ErrnoException).code ?? 'EACCES'})`);
  }
}

/** Maps an error thrown while opening or first reading the file. */
export function openError(file: string, err: unknown): Error {
  switch (sqliteCode(err)) {
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return corrupt(file, 'the file is not a readable SQLite database');
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
      return unwritable(file, (err as Error).message);
    default:
      return err instanceof Error ? err : new Error(String(err));
  }
}

/**
 * Opens the file and applies the pragmas. Reading journal_mode is the first real read of the file, so a file that
 * is not SQLite fails here (as ProjectCorrupt) rather than inside a repository. `nativeBinding` names the
 * better-sqlite3 addon to load instead of the package's own (Electron needs one built for its ABI).
 */
export function openConnection(file: string, readonly: boolean, nativeBinding?: string): Database.Database {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, {
      readonly,
      fileMustExist: readonly,
      ...(nativeBinding === undefined ? {} : { nativeBinding }),
    });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (readonly) db.pragma('schema_version');
    else db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // 64 MiB of page cache: list pages and bulk inserts touch many index pages at a million pairs.
    db.pragma('cache_size = -65536');
    // Checkpoint every ~40 MiB of WAL instead of 4 MiB: an import batch rewrites the same index pages batch after
    // batch, and each checkpoint copies a page once however many times the WAL holds it (~8% faster imports).
    if (!readonly) db.pragma('wal_autocheckpoint = 10000');
    return db;
  } catch (err) {
    db?.close();
    throw openError(file, err);
  }
}
