// External models in the robustness suite: the perturbed pairs written out per family, scored outside the app (here
// by "the shorter response wins"), read back and measured exactly; malformed scores files name file, line and field.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobResult } from '../../../src-main/shared/job-results';
import type { RobustnessExportResult, RobustnessReport } from '../../../src-main/shared/robustness-dto';
import { makeStudio, type TestStudio } from '../../support/studio';

let t: TestStudio;
let dir: string;

interface Line {
  id: string;
  pairId: number;
  prompt: string;
  chosen: string;
  rejected: string;
}

const readLines = (file: string): Line[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);

/** The external "model": reward = −length, so the chosen response wins when it is shorter. */
function scoreFile(part: string): Line[] {
  const lines = readLines(join(dir, `${part}.jsonl`));
  writeFileSync(join(dir, `${part}.scores.jsonl`), lines.map((l) => JSON.stringify({ id: l.id, chosen: -l.chosen.length, rejected: -l.rejected.length })).join('\n') + '\n');
  return lines;
}

const shorterWins = (l: Line) => (l.chosen.length < l.rejected.length ? 1 : l.chosen.length === l.rejected.length ? 0.5 : 0);

beforeAll(async () => {
  t = makeStudio();
  await t.call('project.open', { path: join(t.dir, 's.prefstudio'), create: true });
  expect((await t.finished((await t.call('demo.start', { pairs: 300, seed: 8 })).id)).state).toBe('done');
  dir = join(t.dir, 'perturbed');
}, 60_000);

afterAll(async () => t?.dispose());

describe('external scores files', () => {
  it('round trip: export, score outside, measure accuracy and flips per family exactly; never attacked', async () => {
    const job = await t.finished((await t.call('robustness.exportPerturbed', { dir, families: ['verbosity', 'markdown', 'typos'], seed: 2 })).id);
    expect(job.state, JSON.stringify(job.error)).toBe('done');
    expect(job.kind).toBe('robustness-export');
    expect(job.progress).toMatchObject({ done: 4, total: 4 });
    const exported = jobResult(job, 'robustness-export') as RobustnessExportResult;
    expect(exported.dir).toBe(dir);
    expect(exported.parts.map((p) => p.name)).toEqual(['held-out', 'verbosity', 'typos', 'markdown']);
    const held = scoreFile('held-out');
    expect(held).toHaveLength(exported.parts[0]!.pairs);
    expect(held[0]!.id).toBe(`held-out/${held[0]!.pairId}`);
    const verbosity = scoreFile('verbosity');
    const markdown = scoreFile('markdown');
    // typos is left unscored: that family is then left out for this model.

    const run = await t.finished((await t.call('robustness.start', { modelIds: [], families: ['verbosity', 'markdown', 'typos'], seed: 2, scores: [{ dir, name: 'shorter-wins' }] })).id);
    expect(run.state, JSON.stringify(run.error)).toBe('done');
    const m = (run.result as unknown as RobustnessReport).models[0]!;
    const model = (await t.call('models.list', {})).find((x) => x.id === m.modelId);
    expect(model).toMatchObject({ kind: 'external', name: 'shorter-wins' });
    expect(m.scoresDir).toBe(dir);
    expect(m.attack).toBeUndefined();
    expect(m.attackSkipped).toMatch(/external scores cannot be attacked/);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(m.inDistribution.value).toBeCloseTo(mean(held.map(shorterWins)), 12);
    expect(m.families.map((f) => f.family)).toEqual(['verbosity', 'markdown']);
    const byId = new Map(held.map((l) => [l.pairId, l]));
    for (const [name, lines] of [['verbosity', verbosity], ['markdown', markdown]] as const) {
      const f = m.families.find((x) => x.family === name)!;
      expect(f.n).toBe(lines.length);
      expect(f.accuracy.value).toBeCloseTo(mean(lines.map(shorterWins)), 12);
      const flips = lines.map((l) => (shorterWins(byId.get(l.pairId)!) === 1) !== (shorterWins(l) === 1) ? 1 : 0);
      expect(f.flipRate.value).toBeCloseTo(mean(flips), 12);
    }
    // Padding the rejected response only helps "shorter wins": verbosity never flips a correct pair to wrong.
    expect(m.families.find((x) => x.family === 'verbosity')!.accuracy.value).toBeGreaterThanOrEqual(m.inDistribution.value - 1e-12);

    // Rerunning the same folder measures the same external model again.
    const again = await t.finished((await t.call('robustness.start', { modelIds: [], families: ['verbosity'], seed: 2, scores: [{ dir, name: 'shorter-wins' }] })).id);
    expect((again.result as unknown as RobustnessReport).models[0]!.modelId).toBe(m.modelId);
    // A folder with scores is never overwritten by a new export.
    await expect(t.call('robustness.exportPerturbed', { dir, seed: 3 })).rejects.toThrow(/already holds scores files/);
  }, 120_000);

  it('names the file, line and field of a malformed score, and the seed mismatch', async () => {
    const path = join(dir, 'markdown.scores.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    const bad = JSON.parse(lines[2]!) as Record<string, unknown>;
    lines[2] = JSON.stringify({ ...bad, rejected: 'high' });
    writeFileSync(path, lines.join('\n'));
    const job = await t.finished((await t.call('robustness.start', { modelIds: [], families: ['markdown'], seed: 2, scores: [{ dir }] })).id);
    expect(job.state).toBe('failed');
    expect(job.error?.message).toContain(`${path}, line 3, field "rejected": expected a finite number`);

    lines[2] = '{"id": "markdown/999999", "chosen": 1, "rejected": 0}';
    writeFileSync(path, lines.join('\n'));
    const unknown = await t.finished((await t.call('robustness.start', { modelIds: [], families: ['markdown'], seed: 2, scores: [{ dir }] })).id);
    expect(unknown.error?.message).toMatch(/line 3, field "id": "markdown\/999999" is not a pair of markdown.jsonl/);

    const seed = await t.finished((await t.call('robustness.start', { modelIds: [], families: ['markdown'], seed: 5, scores: [{ dir }] })).id);
    expect(seed.error?.message).toMatch(/manifest.json, field "seed": the pairs were perturbed with seed 2 but this run uses seed 5/);

    await expect(t.call('robustness.start', { modelIds: [], scores: [{ dir: join(t.dir, 'nowhere') }] })).rejects.toThrow(/manifest.json not found/);
    expect(existsSync(join(t.dir, 'nowhere'))).toBe(false);
  }, 120_000);
});
