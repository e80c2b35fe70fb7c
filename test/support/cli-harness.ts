// runCli against the real services in a temporary folder, with captured stdout/stderr: the setup every CLI
// command test shares. Tests read `h.stdout.text` and start a fresh capture with `h.reset()` (or one stream).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeStudio } from '../../src-main/services/node-studio';
import { runCli } from '../../src-main/transports/cli/run';

export interface Sink {
  text: string;
  write(chunk: string): boolean;
}

export function sink(): Sink {
  return {
    text: '',
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

export interface CliHarness {
  readonly dir: string;
  /** `<dir>/p.prefstudio`, not created yet. */
  readonly project: string;
  stdout: Sink;
  stderr: Sink;
  /** Runs `prefstudio ...args` in `dir` (TERM=dumb: no progress bar) and returns its exit code. */
  cli(...args: string[]): Promise<number>;
  reset(): void;
  cleanup(): void;
}

export function cliHarness(prefix: string): CliHarness {
  const dir = mkdtempSync(join(tmpdir(), `prefstudio-${prefix}-`));
  const h: CliHarness = {
    dir,
    project: join(dir, 'p.prefstudio'),
    stdout: sink(),
    stderr: sink(),
    cli: (...args) =>
      runCli(args, {
        createApi: async () => createNodeStudio({ log: () => undefined }),
        stdout: h.stdout,
        stderr: h.stderr,
        env: { TERM: 'dumb' },
        version: '9.9.9',
        cwd: dir,
        onInterrupt: () => () => undefined,
      }),
    reset() {
      h.stdout = sink();
      h.stderr = sink();
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  return h;
}
