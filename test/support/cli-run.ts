// Runs `prefstudio …` in this process through runCli with the real services, capturing stdout and stderr.
import { createNodeStudio } from '../../src-main/services/node-studio';
import { runCli } from '../../src-main/transports/cli/run';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The `--json` document, when one was printed. */
  json<T>(): T;
}

export async function cli(args: string[], cwd: string): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    createApi: async () => createNodeStudio({ log: () => undefined }),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { CI: '1' },
    version: 'test',
    cwd,
    onInterrupt: () => () => undefined,
  });
  return {
    code,
    stdout,
    stderr,
    json: <T>() => (JSON.parse(stdout.trim().split('\n').pop() ?? 'null') as { value: T }).value,
  };
}
