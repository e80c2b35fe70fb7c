// `prefstudio mars` and `prefstudio llm` through runCli on the real services: a real project, real rounds.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MarsRound, MarsRun } from '../../../src-main/shared/mars-dto';
import { cliHarness, sink, type CliHarness } from '../../support/cli-harness';

let h: CliHarness;
let project: string;
const cli = (...args: string[]) => h.cli(...args);

beforeAll(async () => {
  h = cliHarness('cli-mars');
  project = h.project;
  expect(await cli('demo', project, '--pairs', '250', '--seed', '6', '--json')).toBe(0);
  expect(await cli('train', project, '--preset', 'bow', '--json')).toBe(0);
  // Demo data plus a real training run: seconds alone, much longer on a shared, loaded machine.
}, 120_000);

afterAll(() => h.cleanup());

beforeEach(() => h.reset());

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
    expect(code, h.stderr.text).toBe(0);
    const out = JSON.parse(h.stdout.text) as { ok: boolean; value: { run: MarsRun; rounds: MarsRound[] } };
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
      h.stderr.text,
    ).toBe(0);
    expect(h.stdout.text).toMatch(/run #\d+ mars-signed-.*: awaiting-approval, 0\/1 rounds, signed weighting/);
    expect(h.stdout.text).toMatch(/round 1 \(augmented\): \d+ selected, 6\/6 new pairs/);
    // Shares as percentages like the accuracies; the operator counts say what they count (they may exceed 6).
    expect(h.stdout.text).toContain('signed weighting, select 10.0%');
    expect(h.stdout.text).toMatch(/6\/6 new pairs; operators used \(a pair can use several\): [a-z-]+ \d/);
    const runId = /run #(\d+)/.exec(h.stdout.text)?.[1];
    expect(h.stdout.text).toContain(
      `6 variants of round 1 wait for review (Ambiguous pairs view); then: prefstudio mars ${project} --continue ${runId}`,
    );
    h.stdout = sink();
    expect(await cli('mars', project, '--continue', String(runId)), h.stderr.text).toBe(0);
    expect(h.stdout.text).toMatch(/: done, 1\/1 rounds/);
    expect(h.stdout.text).toMatch(
      /round 1 \(done\): .* val acc \d+\.\d% {2}loss \d\.\d{3} {2}margin -?\d+\.\d\d ± \d+\.\d\d {2}SNR -?\d+\.\d\d {2}crossed zero: \d+ up, \d+ down/,
    );
  });

  it('names the bad flag in usage errors', async () => {
    expect(await cli('mars', project, '--weighting', 'cubic')).toBe(2);
    expect(h.stderr.text).toContain('unknown --weighting "cubic" (expected signed, abs, uniform)');
    h.stderr = sink();
    expect(await cli('mars', project, '--operators', 'synonym,telepathy')).toBe(2);
    expect(h.stderr.text).toContain('unknown --operators "telepathy"');
    h.stderr = sink();
    expect(await cli('mars', project, '--continue', '1', '--rounds', '2')).toBe(2);
    expect(h.stderr.text).toContain("--continue takes the run's own settings: drop --rounds");
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
    expect(h.stdout.text).toBe('LLM endpoint: http://127.0.0.1:8000/v1 (model qwen), with an API key\n');
    h.stdout = sink();
    expect(await cli('llm', project, '--json')).toBe(0);
    expect(h.stdout.text).not.toContain('sk-123');
    expect(JSON.parse(h.stdout.text).value).toMatchObject({ configured: true, model: 'qwen', hasApiKey: true });
    h.stdout = sink();
    expect(await cli('llm', project, '--clear')).toBe(0);
    expect(h.stdout.text).toContain('no LLM endpoint');
    expect(await cli('llm', project, '--model', 'x')).toBe(2);
    expect(h.stderr.text).toContain('setting the endpoint needs both --base-url and --model');
  });
});
