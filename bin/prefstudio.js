#!/usr/bin/env node
// Launcher for `prefstudio`: runs the built CLI (out/main/cli.js), or says how to build it.
import { existsSync } from 'node:fs';

const cli = new URL('../out/main/cli.js', import.meta.url);

if (existsSync(cli)) {
  await import(cli.href);
} else {
  process.stderr.write('prefstudio: error: the CLI is not built yet: run `npm run build` first\n');
  process.exitCode = 1;
}
