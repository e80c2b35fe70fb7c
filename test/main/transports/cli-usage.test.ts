// CLI argument handling through runCli: usage errors exit 2 with one named line, before any service starts.
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliDeps } from '../../../src-main/transports/cli/run';
import { FakeStudioApi } from './fake-api';

let stdout: { text: string; write(chunk: string): boolean };
let stderr: { text: string; write(chunk: string): boolean };
let apiCreated: number;

function deps(): CliDeps {
  return {
    createApi: async () => {
      apiCreated += 1;
      return new FakeStudioApi();
    },
    stdout,
    stderr,
    env: {},
    version: '9.9.9',
    cwd: '/nonexistent',
  };
}

function sink() {
  return {
    text: '',
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

beforeEach(() => {
  stdout = sink();
  stderr = sink();
  apiCreated = 0;
});

describe('usage errors', () => {
  it.each([
    [['frobnicate'], 'frobnicate'],
    [['--frob'], '--frob'],
    [['stats', 'p.prefstudio', '--frob'], '--frob'],
    [['import', 'p.prefstudio', 'hh.jsonl', '--format', 'xml'], '"xml"'],
    [['import', 'p.prefstudio', 'hh.jsonl', '--map', 'prompt='], '"prompt="'],
    [['import', 'p.prefstudio', 'hh.jsonl', '--map', 'foo'], '"foo"'],
    [['import', 'p.prefstudio', 'hh.jsonl', '--map', 'prompt=q,chosen=a'], 'rejected'],
    [['import', 'p.prefstudio', 'hh.jsonl', '--split', 'dev'], '"dev"'],
    [['import', 'p.prefstudio'], '<file>'],
    [['stats', 'p.prefstudio', 'extra'], '"extra"'],
    [['serve', 'p.prefstudio', '--port', 'abc'], '"abc"'],
    [['export', 'p.prefstudio', 'out.jsonl', '--shape'], '--shape'],
    [['help', 'nope'], '"nope"'],
    // A flat file has no agreed column names: without --map every row would be rejected.
    [['import', 'p.prefstudio', 'rows.csv', '--format', 'flat'], '--map'],
    [['eval', 'p.prefstudio', 'rows.csv', '--format', 'flat'], '--map'],
  ])('%j exits 2 with one line naming %s, before building the api', async (argv, named) => {
    expect(await runCli(argv, deps())).toBe(2);
    expect(stderr.text.startsWith('prefstudio: error: ')).toBe(true);
    expect(stderr.text.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr.text).toContain(named);
    expect(stdout.text).toBe('');
    expect(apiCreated).toBe(0);
  });

  it('prints the version and generated help', async () => {
    expect(await runCli(['--version'], deps())).toBe(0);
    expect(stdout.text).toBe('9.9.9\n');
    stdout.text = '';
    expect(await runCli(['help', 'import'], deps())).toBe(0);
    expect(stdout.text).toContain('Usage: prefstudio import <project> <file> [options]');
    expect(stdout.text).toContain('--pku-preference P');
    stdout.text = '';
    expect(await runCli(['export', '--help'], deps())).toBe(0);
    expect(stdout.text).toContain('--shape S');
    stdout.text = '';
    expect(await runCli(['--help'], deps())).toBe(0);
    for (const command of ['import', 'stats', 'export', 'serve', 'demo', 'issues'])
      expect(stdout.text).toContain(`  ${command}`);
    expect(apiCreated).toBe(0);
  });

  it('bare `prefstudio` is a usage error: the help on stderr, exit 2', async () => {
    expect(await runCli([], deps())).toBe(2);
    expect(stdout.text).toBe('');
    expect(stderr.text).toContain('Usage: prefstudio <command> [options]');
    expect(stderr.text).toContain('  import');
    expect(apiCreated).toBe(0);
  });
});
