// Builds out/ only when a source is newer than the build: `npm ci` already builds (prepare), so `npm run demo`
// right after it starts at once instead of building a second time.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the build reads: change any of these and out/ is stale. */
export const BUILD_INPUTS = ['src-main', 'src-renderer', 'package.json', 'electron.vite.config.ts', 'tsconfig.json'];
/** What the build writes that the CLI and server need. */
export const BUILD_OUTPUTS = ['out/main/cli.js', 'out/main/job-worker.js', 'out/renderer/index.html'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when an output is missing or older than the newest input under `root`. */
export function needsBuild(root) {
  const outputs = BUILD_OUTPUTS.map((p) => join(root, p));
  if (outputs.some((p) => !existsSync(p))) return true;
  const built = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  return Math.max(...BUILD_INPUTS.map((p) => newestMtime(join(root, p)))) > built;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (needsBuild(root)) {
    execFileSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
      cwd: root,
      stdio: 'inherit',
    });
  } else {
    console.log('out/ is up to date with the sources: not building again');
  }
}
