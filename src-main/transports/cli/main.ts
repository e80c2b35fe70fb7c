// Entry of `prefstudio` (built to out/main/cli.js): wires the real services into the CLI and sets the exit code.
import { fileURLToPath } from 'node:url';
import { version } from '../../../package.json';
import { createNodeStudio } from '../../services/node-studio';
import { invocation } from './invocation';
import { runCli } from './run';

// Relative to the built file: out/main/cli.js sits beside out/renderer/. The services find job-worker.js themselves.
const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));

// --verbose, accepted anywhere, only widens the one backend line printed when a command first needs the ML backend
// and adds the probe's detail lines (`backend probe: …`).
const argv = process.argv.slice(2);
const verbose = argv.includes('--verbose');

process.exitCode = await runCli(argv.filter((a) => a !== '--verbose'), {
  createApi: async () =>
    createNodeStudio({
      log: (line) => process.stderr.write(`${line}\n`),
      ownerLabel: ['prefstudio', argv[0]].filter((w) => w !== undefined).join(' '),
      backendReasons: verbose,
    }),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  version,
  rendererDir,
  prog: invocation(process.argv[1], process.env, process.cwd()),
});
