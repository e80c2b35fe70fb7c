// Finds the better-sqlite3 binary built for Electron's ABI, so it can live beside the Node build.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Where `npm run setup` puts the Electron-ABI build of better-sqlite3, next to its regular Node build. */
export const ELECTRON_SQLITE_RELATIVE = join('build-electron', 'Release', 'better_sqlite3.node');

/**
 * Path of the Electron-ABI better-sqlite3 binary, or undefined when it was not built (better-sqlite3 then
 * loads its Node build, which fails under Electron with an ABI error that names the module).
 */
export function electronSqliteBinding(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
    const candidate = join(dirname(pkg), ELECTRON_SQLITE_RELATIVE);
    return existsSync(candidate) ? candidate : undefined;
  } catch {
    return undefined;
  }
}
