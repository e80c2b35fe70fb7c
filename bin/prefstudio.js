#!/usr/bin/env node
// Launcher for `prefstudio`: runs the built CLI (out/main/cli.js), or says how to build it.
import { existsSync } from 'node:fs';

const cli = new URL('../out/main/cli.js', import.meta.url);

if (!existsSync(cli)) {
  // Run from anywhere (a global or linked install): name the folder where the build has to happen.
  const root = new URL('..', import.meta.url).pathname;
  process.stderr.write(`prefstudio: error: the CLI is not built yet: run \`npm run build\` in ${root}\n`);
  process.exitCode = 1;
} else {
  try {
    await import(cli.href);
  } catch (err) {
    // The CLI catches its own errors; this only sees a build that cannot load (a missing native module, say).
    process.stderr.write(
      `prefstudio: error: cannot load ${cli.pathname}: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exitCode = 1;
  }
}
