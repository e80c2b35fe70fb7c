// Entry of `prefstudio` (built to out/main/cli.js): wires the real services into the CLI and sets the exit code.
import { fileURLToPath } from 'node:url';
import { version } from '../../../package.json';
import { createNodeStudio } from '../../services/node-studio';
import { invocation } from './invocation';
import { runCli } from './run';

// Relative to the built file: out/main/cli.js sits beside out/renderer/. The services find job-worker.js themselves.
const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));

process.exitCode = await runCli(process.argv.slice(2), {
  createApi: async () => createNodeStudio({ log: (line) => process.stderr.write(`${line}\n`) }),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  version,
  rendererDir,
  prog: invocation(process.argv[1], process.env, process.cwd()),
});
