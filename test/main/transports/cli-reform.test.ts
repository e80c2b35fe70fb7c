// `prefstudio reform` through runCli on the real services: a demo project, random tiny policies, real rounds.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ReformRound, ReformRun } from '../../../src-main/shared/reform-dto';
import { cliHarness, sink, type CliHarness } from '../../support/cli-harness';
import { addPolicies } from '../../support/policies';

let h: CliHarness;
let project: string;
const cli = (...args: string[]) => h.cli(...args);
const DECODE = ['--model', '1', '--prompts', '6', '--max-tokens', '8', '--k', '3', '--epochs', '1'];

beforeAll(async () => {
  h = cliHarness('cli-reform');
  project = h.project;
  expect(await cli('demo', project, '--pairs', '200', '--seed', '6', '--json')).toBe(0);
  expect(await cli('train', project, '--preset', 'bow', '--epochs', '2', '--json')).toBe(0);
  await addPolicies(project);
}, 180_000);

afterAll(() => h.cleanup());

beforeEach(() => h.reset());

describe('prefstudio reform', () => {
  it('runs auto rounds with the given budget and prints the run and ledger as JSON', async () => {
    const code = await cli('reform', project, '--rounds', '1', '--budget', '2', '--approve', 'auto', ...DECODE, '--json');
    expect(code, h.stderr.text).toBe(0);
    const out = JSON.parse(h.stdout.text) as { ok: boolean; value: { run: ReformRun; rounds: ReformRound[] } };
    expect(out.value.run).toMatchObject({ status: 'done', roundsDone: 1, config: { budget: 2, approve: 'auto', prompts: 6 } });
    const [round] = out.value.rounds;
    expect(round?.phase).toBe('done');
    expect(Object.values(round?.added ?? {}).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2);
    expect(round?.attackAfter?.overall.n).toBe(6);
    expect(out.value.run.baseModelId).toBe(1);
  }, 300_000);

  it('stops for review by default, says how to continue, and continues', async () => {
    expect(await cli('reform', project, '--rounds', '1', '--budget', '3', ...DECODE), h.stderr.text).toBe(0);
    expect(h.stdout.text).toMatch(/run #\d+ reform-.*: awaiting-review, 0\/1 rounds, budget 3, approve manual/);
    expect(h.stdout.text).toMatch(/round 1 \(discovered\): found \d+ \((aligned|misaligned) \d+[a-z ,0-9]*\), kept 3, set aside \d+/);
    const runId = /run #(\d+)/.exec(h.stdout.text)?.[1];
    expect(h.stdout.text).toMatch(new RegExp(`failures of round 1 wait for review .*; then: prefstudio reform ${project} --continue ${runId}`));
    h.stdout = sink();
    expect(await cli('reform', project, '--continue', String(runId)), h.stderr.text).toBe(0);
    expect(h.stdout.text).toMatch(/: done, 1\/1 rounds/);
    // Nothing was confirmed, so nothing was added; the model still retrained and was attacked again.
    expect(h.stdout.text).toMatch(/round 1 \(done\): found \d+ .*, added 0 \(none\) {2}val acc \d+\.\d% ± \d+\.\d% {2}loss \d\.\d{3} {2}attack success \d+\.\d% ± \d+\.\d% → \d+\.\d% ± \d+\.\d% \(6 prompts/);
    // The project is the demo, so its rule's class check gives the confirmed failures' rate too.
    expect(h.stdout.text).toMatch(/; class-confirmed \d+\.\d% ± \d+\.\d% → \d+\.\d% ± \d+\.\d% \(6 prompts/);
  }, 300_000);

  it('names the bad flag in usage errors and refuses options with --continue', async () => {
    expect(await cli('reform', project, '--approve', 'sometimes')).toBe(2);
    expect(h.stderr.text).toContain('unknown --approve "sometimes" (expected auto, manual)');
    h.stderr = sink();
    expect(await cli('reform', project, '--continue', '1', '--budget', '3')).toBe(2);
    expect(h.stderr.text).toContain("--continue takes the run's own settings: drop --budget");
  });
});
