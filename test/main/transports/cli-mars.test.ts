// `prefstudio mars` and `prefstudio llm` through runCli on the real services: a real project, real rounds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNodeStudio } from '../../../src-main/services/node-studio';
import type { MarsRound, MarsRun } from '../../../src-main/shared/mars-dto';
import { runCli, type CliDeps } from '../../../src-main/transports/cli/run';

function sink() {
  return {
    text: '',
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

let dir: string;
let project: string;
let stdout: ReturnType<typeof sink>;
let stderr: ReturnType<typeof sink>;

function deps(): CliDeps {
  return {
    createApi: async () => createNodeStudio({ log: () => undefined }),
    stdout,
    stderr,
    env: { TERM: 'dumb' },
    version: '9.9.9',
    cwd: dir,
    onInterrupt: () => () => undefined,
  };
}

const cli = (...args: string[]) => runCli(args, deps());

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'prefstudio-cli-mars-'));
  project = join(dir, 'p.prefstudio');
  stdout = sink();
  stderr = sink();
  expect(await cli('demo', project, '--pairs', '250', '--seed', '6', '--json')).toBe(0);
  expect(await cli('train', project, '--preset', 'bow', '--json')).toBe(0);
  // Demo data plus a real training run: seconds alone, much longer on a shared, loaded machine.
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(() => {
  stdout = sink();
  stderr = sink();
});

describe('prefstudio mars', () => {
  it('runs the rounds with the given weighting, budget and operators and prints the ledger as JSON', async () => {
    const code = await cli(
      'mars',
      project,
      '--rounds',
      '1',
      '--budget',
      '10',
      '--weighting',
      'abs',
      '--tau',
      '1.5',
      '--operators',
      'synonym,reorder',
      '--json',
    );
    expect(code, stderr.text).toBe(0);
    const out = JSON.parse(stdout.text) as { ok: boolean; value: { run: MarsRun; rounds: MarsRound[] } };
    expect(out.ok).toBe(true);
    expect(out.value.run).toMatchObject({
      status: 'done',
      roundsDone: 1,
      config: { weighting: 'abs', tau: 1.5, budget: 10, operators: ['synonym', 'reorder'] },
    });
    const [round] = out.value.rounds;
    expect(round?.spent).toBe(10);
    expect(Object.keys(round?.operatorBudget ?? {}).every((op) => op === 'synonym' || op === 'reorder')).toBe(
      true,
    );
  });

  it('prints a readable ledger, and says how to continue a run waiting for approval', async () => {
    expect(
      await cli('mars', project, '--rounds', '1', '--budget', '6', '--approve', 'manual'),
      stderr.text,
    ).toBe(0);
    expect(stdout.text).toMatch(/run #\d+ mars-signed-.*: awaiting-approval, 0\/1 rounds, signed weighting/);
    expect(stdout.text).toMatch(/round 1 \(augmented\): \d+ selected, 6\/6 new pairs/);
    // Shares as percentages like the accuracies; the operator counts say what they count (they may exceed 6).
    expect(stdout.text).toContain('signed weighting, select 10.0%');
    expect(stdout.text).toMatch(/6\/6 new pairs; operators used \(a pair can use several\): [a-z-]+ \d/);
    const runId = /run #(\d+)/.exec(stdout.text)?.[1];
    expect(stdout.text).toContain(
      `6 variants of round 1 wait for review (Ambiguous pairs view); then: prefstudio mars ${project} --continue ${runId}`,
    );
    stdout = sink();
    expect(await cli('mars', project, '--continue', String(runId)), stderr.text).toBe(0);
    expect(stdout.text).toMatch(/: done, 1\/1 rounds/);
    expect(stdout.text).toMatch(
      /round 1 \(done\): .* val acc \d+\.\d% {2}loss \d\.\d{3} {2}margin -?\d+\.\d\d ± \d+\.\d\d {2}SNR -?\d+\.\d\d {2}crossed zero: \d+ up, \d+ down/,
    );
  });

  it('names the bad flag in usage errors', async () => {
    expect(await cli('mars', project, '--weighting', 'cubic')).toBe(2);
    expect(stderr.text).toContain('unknown --weighting "cubic" (expected signed, abs, uniform)');
    stderr = sink();
    expect(await cli('mars', project, '--operators', 'synonym,telepathy')).toBe(2);
    expect(stderr.text).toContain('unknown --operators "telepathy"');
    stderr = sink();
    expect(await cli('mars', project, '--continue', '1', '--rounds', '2')).toBe(2);
    expect(stderr.text).toContain("--continue takes the run's own settings: drop --rounds");
  });
});

describe('prefstudio llm', () => {
  it('sets, shows and clears the endpoint without ever printing the key', async () => {
    expect(
      await cli(
        'llm',
        project,
        '--base-url',
        'http://127.0.0.1:8000/v1',
        '--model',
        'qwen',
        '--api-key',
        'sk-123',
      ),
    ).toBe(0);
    expect(stdout.text).toBe('LLM endpoint: http://127.0.0.1:8000/v1 (model qwen), with an API key\n');
    stdout = sink();
    expect(await cli('llm', project, '--json')).toBe(0);
    expect(stdout.text).not.toContain('sk-123');
    expect(JSON.parse(stdout.text).value).toMatchObject({ configured: true, model: 'qwen', hasApiKey: true });
    stdout = sink();
    expect(await cli('llm', project, '--clear')).toBe(0);
    expect(stdout.text).toContain('no LLM endpoint');
    expect(await cli('llm', project, '--model', 'x')).toBe(2);
    expect(stderr.text).toContain('setting the endpoint needs both --base-url and --model');
  });
});
