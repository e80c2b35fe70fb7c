// Where an export may write: never onto a project (its SQLite file, -wal/-shm, managed artifacts) and never over an existing file unless asked.
import { closeSync, existsSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { ErrorCode, StudioError } from '../shared/errors';

export interface TargetGuard {
  /** The open project's SQLite file and artifacts folder. */
  projectPath: string;
  artifactsDir: string;
  overwrite: boolean;
}

/** Inside a project's artifacts folder only this subfolder is the user's to write to (the UI's default export place). */
export const EXPORTS_SUBDIR = 'exports';

const SQLITE_HEADER = 'SQLite format 3\0';

/** True for a file that starts with SQLite's header: a project (ours or any other), open or not. */
function isSqliteFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(16);
      const n = readSync(fd, head, 0, 16, 0);
      return n === 16 && head.toString('latin1') === SQLITE_HEADER;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** The real path of `path`, following links in the part of it that exists (a new file's folder). */
function realPath(path: string): string {
  const abs = resolve(path);
  if (existsSync(abs)) return realpathSync(abs);
  const parent = dirname(abs);
  return parent === abs ? abs : join(realPath(parent), basename(abs));
}

function inside(child: string, folder: string): boolean {
  const rel = relative(folder, child);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

function refuse(target: string, why: string): never {
  throw new StudioError(ErrorCode.TargetProtected, `refusing to write the export to ${target}: ${why}`, { path: target });
}

/**
 * Throws TARGET_PROTECTED for a path that would destroy project data and TARGET_EXISTS for an existing
 * file or folder without `overwrite`. `paths` are every file or folder the export will write.
 */
export function checkExportTargets(paths: readonly string[], guard: TargetGuard): void {
  const project = realPath(guard.projectPath);
  const artifacts = realPath(guard.artifactsDir);
  const exportsDir = join(artifacts, EXPORTS_SUBDIR);
  for (const path of paths) {
    const target = realPath(path);
    for (const suffix of ['', '-wal', '-shm', '-journal']) {
      if (target === project + suffix) refuse(target, suffix === '' ? 'it is the open project' : `it is the open project's ${suffix.slice(1).toUpperCase()} file`);
    }
    if (inside(artifacts, target)) refuse(target, "it holds the open project's artifacts folder");
    if (inside(target, artifacts) && !inside(target, exportsDir)) {
      refuse(target, `it is inside the project's artifacts folder (only ${exportsDir} is for exports)`);
    }
    if (isSqliteFile(target)) refuse(target, 'it is a SQLite database (a project file)');
    const base = target.replace(/-(wal|shm|journal)$/, '');
    if (base !== target && isSqliteFile(base)) refuse(target, `it belongs to the database ${base}`);
    if (existsSync(target) && !guard.overwrite) {
      throw new StudioError(ErrorCode.TargetExists, `${target} already exists (pass --force, or overwrite: true, to replace it)`, { path: target });
    }
  }
}
