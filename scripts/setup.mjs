// Prepares the desktop app on a machine with internet: downloads Electron's binary (its postinstall is skipped
// by allowScripts so that offline installs succeed) and builds better-sqlite3 for Electron's ABI beside the
// Node build, so the CLI/tests (Node) and the app (Electron) each load a matching binary without rebuilds.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
const electronBuild = join(sqliteDir, 'build-electron', 'Release', 'better_sqlite3.node');

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' } });
  return r.status === 0;
}

function fail(what) {
  console.error(`prefstudio setup: ${what} failed (no internet?). The desktop app needs it; server mode does not:`);
  console.error('  npx prefstudio serve <project>   # the same UI in your browser');
  process.exit(1);
}

if (!existsSync(join(electronDir, 'path.txt'))) {
  console.log('prefstudio setup: downloading the Electron binary');
  if (!run(process.execPath, [join(electronDir, 'install.js')], electronDir)) fail('the Electron download');
}

if (!existsSync(electronBuild)) {
  const { version } = require('electron/package.json');
  console.log(`prefstudio setup: building better-sqlite3 for Electron ${version}`);
  // Build in a copy so the Node build in build/ stays untouched.
  const work = mkdtempSync(join(tmpdir(), 'prefstudio-sqlite-'));
  cpSync(sqliteDir, work, { recursive: true, filter: (src) => !src.includes(`${sqliteDir}/build`) });
  const ok = run(
    'npx',
    ['--yes', 'node-gyp', 'rebuild', '--release', `--target=${version}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
    work,
  );
  if (!ok) fail('the better-sqlite3 build for Electron');
  mkdirSync(dirname(electronBuild), { recursive: true });
  cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), electronBuild);
  rmSync(work, { recursive: true, force: true });
}
console.log('prefstudio setup: ready (npm start opens the app)');
