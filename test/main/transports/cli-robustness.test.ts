// `prefstudio robustness` through runCli on the real services: a demo project, two models, the table and JSON.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RobustnessReport } from '../../../src-main/shared/robustness-dto';
import { cliHarness, sink, type CliHarness } from '../../support/cli-harness';

let h: CliHarness;
let project: string;
const cli = (...args: string[]) => h.cli(...args);

beforeAll(async () => {
  h = cliHarness('cli-robust');
  project = h.project;
  expect(await cli('demo', project, '--pairs', '300', '--seed', '6', '--json')).toBe(0);
  expect(await cli('train', project, '--preset', 'bow', '--seed', '1', '--json')).toBe(0);
  expect(await cli('train', project, '--preset', 'bow', '--seed', '2', '--json')).toBe(0);
}, 120_000);

afterAll(() => h.cleanup());

beforeEach(() => h.reset());

describe('prefstudio robustness', () => {
  it('compares two models on the chosen families as JSON', async () => {
    const code = await cli('robustness', project, '--model', '1', '--model', '2', '--families', 'verbosity,markdown', '--seed', '4', '--json');
    expect(code, h.stderr.text).toBe(0);
    const out = (JSON.parse(h.stdout.text) as { value: { report: RobustnessReport } }).value;
    expect(out.report.models.map((m) => m.modelId)).toEqual([1, 2]);
    expect(out.report.models[0]!.families.map((f) => f.family)).toEqual(['verbosity', 'markdown']);
    expect(out.report.diffs[0]).toMatchObject({ modelId: 2, referenceId: 1 });
  }, 120_000);

  it('prints the side-by-side table, one accuracy and one flip row per family, and a difference column', async () => {
    expect(await cli('robustness', project, '--model', '1,2', '--families', 'sycophancy')).toBe(0);
    const lines = h.stdout.text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/model #1\s+model #2\s+#2 − #1/);
    expect(lines.map((l) => l.split(/\s{2,}/)[0])).toEqual([
      '',
      'in-distribution acc %',
      'robustness score %',
      expect.stringMatching(/^sycophancy acc % \(n=\d+\)$/),
      'sycophancy flip %',
      // No policy in this project: each model says why it was not attacked.
      'model #1: attack skipped: no ready aligned policy to attack with: train one (prefstudio policy train --role aligned) or set attack.role',
      'model #2: attack skipped: no ready aligned policy to attack with: train one (prefstudio policy train --role aligned) or set attack.role',
    ]);
    expect(lines[1]).toMatch(/\d+\.\d±\d+\.\d\s+\d+\.\d±\d+\.\d\s+[+-]\d+\.\d±\d+\.\d$/);
  }, 120_000);

  it('writes the perturbed pairs out and measures an external model from its scores files', async () => {
    const dir = join(h.dir, 'ext');
    expect(await cli('robustness', project, '--export-perturbed', dir, '--families', 'markdown', '--seed', '3')).toBe(0);
    expect(h.stdout.text).toMatch(/markdown\.jsonl \(\d+ pairs\) → markdown\.scores\.jsonl/);
    for (const part of ['held-out', 'markdown']) {
      const lines = readFileSync(join(dir, `${part}.jsonl`), 'utf8').split('\n').filter((l) => l !== '');
      const scores = lines.map((l) => JSON.parse(l) as { id: string; chosen: string; rejected: string });
      writeFileSync(join(dir, `${part}.scores.jsonl`), scores.map((x) => JSON.stringify({ id: x.id, chosen: x.chosen.length, rejected: x.rejected.length })).join('\n'));
    }
    h.reset();
    expect(await cli('robustness', project, '--model', '1', '--scores-dir', dir, '--families', 'markdown', '--seed', '3', '--no-attack'), h.stderr.text).toBe(0);
    const lines = h.stdout.text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/model #1\s+model #3\s+#3 − #1/);
    expect(lines.slice(-2)).toEqual([
      `model #3: external, scores from ${dir}`,
      'model #3: attack skipped: external scores cannot be attacked: the attack decodes against the model itself',
    ]);
  }, 120_000);

  it('runs the suite over seeds: means ± SE over seeds with the within-seed SE in brackets, differences paired by seed', async () => {
    expect(await cli('robustness', project, '--model', '1,2', '--families', 'verbosity', '--seeds', '4,5', '--no-attack'), h.stderr.text).toBe(0);
    const lines = h.stdout.text.trimEnd().split('\n');
    // In-distribution accuracy does not depend on the seed: one measurement, no bracket.
    expect(lines[1]).toMatch(/^in-distribution acc %\s+\d+\.\d±\d+\.\d\s+\d+\.\d±\d+\.\d\s+[+-]\d+\.\d±\d+\.\d$/);
    expect(lines[2]).toMatch(/^robustness score %\s+\d+\.\d±\d+\.\d\[\d+\.\d\]\s+\d+\.\d±\d+\.\d\[\d+\.\d\]\s+[+-]\d+\.\d±\d+\.\d\[\d+\.\d\]$/);
    expect(lines.at(-1)).toBe('over seeds 4, 5: mean ± SE over seeds [within-seed SE]; differences paired by seed');
    h.reset();
    expect(await cli('robustness', project, '--model', '1', '--seeds', '4,5', '--seed', '3')).toBe(2);
    expect(h.stderr.text).toMatch(/--seed S or --seeds S1,S2,…, not both/);
    h.stderr = sink();
    expect(await cli('robustness', project, '--model', '1', '--seeds', '4,5', '--attack-seed', '3')).toBe(2);
    expect(h.stderr.text).toMatch(/--attack-seed does not apply with several --seeds/);
    h.stderr = sink();
    expect(await cli('robustness', project, '--model', '1', '--seeds', '4,4')).toBe(2);
    expect(h.stderr.text).toMatch(/names a seed twice/);
  }, 120_000);

  it('names the bad flag: no model, an unknown family', async () => {
    expect(await cli('robustness', project)).not.toBe(0);
    expect(h.stderr.text).toMatch(/--model/);
    h.stderr = sink();
    expect(await cli('robustness', project, '--model', '1', '--families', 'rhyme')).not.toBe(0);
    expect(h.stderr.text).toMatch(/unknown --families "rhyme"/);
  });
});
