// End-to-end tests run against the built app (out/): build it once if this checkout has not been built yet.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export default function setup(): void {
  if (existsSync('out/main/cli.js') && existsSync('out/renderer/index.html')) return;
  console.log('e2e: out/ is missing; running electron-vite build first');
  execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { stdio: 'inherit' });
}
