// In real Chromium against `prefstudio serve`: run the robustness suite from its view on a trained demo model and
// read the stored results as a table, the paired differences and a plot per family; export the perturbed sets, read
// an external model's scores back, and run over two seeds.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, cli, openInChromium, type OpenApp } from './support';

describe.skipIf(CHROMIUM === undefined)('robustness suite in Chromium', () => {
  let dir: string;
  let app: OpenApp | undefined;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'prefstudio-e2e-robust-'));
    const project = join(dir, 'robust.prefstudio');
    await cli('demo', project, '--pairs', '300', '--seed', '2');
    await cli('train', project, '--preset', 'bow', '--epochs', '2');
    await cli('train', project, '--preset', 'bow', '--epochs', '2', '--seed', '2');
    app = await openInChromium(project);
    page = app.page;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs the chosen families for the model and shows its row and one plot per family', async () => {
    await page.getByTestId('tab-robustness').click();
    await page.getByTestId('robustness-view').waitFor();
    expect(await page.getByTestId('no-results').count()).toBe(1);
    await page.getByTestId('pick-model-1').check();
    await page.getByTestId('pick-model-2').check();
    for (const f of ['typos', 'paraphrase', 'reorder', 'truncation', 'refusal-opener']) await page.getByTestId(`family-${f}`).uncheck();
    await page.getByTestId('run-robustness').click();
    await page.getByTestId('robustness-table').waitFor({ timeout: 120_000 });
    const rows = page.locator('[data-testid="robustness-table"] tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.first().getAttribute('data-model-id')).toBe('1');
    expect(await page.getByTestId('score').first().textContent()).toMatch(/^\d+\.\d ± \d+\.\d$/);
    // No policy in the demo project: the attack is skipped with its reason; model 2 is compared with model 1, paired.
    expect(await page.getByTestId('attack').first().textContent()).toMatch(/not attacked/);
    expect(await page.getByTestId('attack-notes').textContent()).toMatch(/no ready aligned policy/);
    const diff = page.locator('[data-testid="robustness-diffs"] tbody tr');
    expect(await diff.count()).toBe(1);
    expect(await diff.first().getAttribute('data-model-id')).toBe('2');
    expect(await page.getByTestId('diff-score').textContent()).toMatch(/^[+-]\d+\.\d ± \d+\.\d$/);
    for (const f of ['verbosity', 'sycophancy', 'markdown']) expect(await page.getByTestId(`plot-${f}`).count(), f).toBe(1);
    expect(await page.getByTestId('plot-typos').count()).toBe(0);
    const widths = await page.getByTestId('accuracy-bar').evaluateAll((els) => els.map((e) => e.getAttribute('style') ?? ''));
    expect(widths).toHaveLength(6);
    for (const w of widths) expect(w).toMatch(/^width: \d+(\.\d+)?%;$/);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/e2e-robustness.png', fullPage: true });
  });

  it('exports the perturbed sets as a job, reads the scores back as an external model, and runs over two seeds', async () => {
    // The browser has no native dialogs: the folder is typed.
    expect(await page.getByTestId('export-choose').count()).toBe(0);
    const ext = join(dir, 'ext');
    await page.getByTestId('export-dir').fill(ext);
    await page.getByTestId('export-perturbed-run').click();
    await page.getByTestId('export-written').waitFor({ timeout: 60_000 });
    const parts = await page.locator('[data-testid="export-written"] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-part')));
    expect(parts).toEqual(['held-out', 'verbosity', 'sycophancy', 'markdown']);
    // An outside "model": the shorter response wins.
    for (const part of parts) {
      const lines = readFileSync(join(ext, `${part}.jsonl`), 'utf8').split('\n').filter((l) => l !== '');
      const scores = lines.map((l) => JSON.parse(l) as { id: string; chosen: string; rejected: string });
      writeFileSync(join(ext, `${part}.scores.jsonl`), scores.map((x) => JSON.stringify({ id: x.id, chosen: -x.chosen.length, rejected: -x.rejected.length })).join('\n'));
    }
    await page.getByTestId('export-use-folder').click();
    expect(await page.getByTestId('scores-dir').inputValue()).toBe(ext);
    await page.getByTestId('scores-name').fill('shorter-wins');
    await page.getByTestId('run-robustness').click();
    const rows = page.locator('[data-testid="robustness-table"] tbody tr');
    await page.locator('[data-testid="robustness-table"] tbody tr[data-model-id="3"]').waitFor({ timeout: 120_000 });
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(2).locator('td').first().textContent()).toMatch(/shorter-wins/);

    // Two seeds, models only (a scores folder holds one seed's perturbations).
    await page.getByTestId('scores-dir').fill('');
    await page.getByTestId('suite-seeds').fill('3, 4');
    await page.getByTestId('run-robustness').click();
    await page.getByTestId('result-seeds').first().waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('result-seeds').allTextContents()).toEqual(['seeds 3, 4', 'seeds 3, 4']);
    expect(await page.getByTestId('score').first().getAttribute('title')).toMatch(/^seed 3: \d+\.\d ± \d+\.\d · seed 4: \d+\.\d ± \d+\.\d$/);
    expect(await page.getByTestId('diff-score').textContent()).toMatch(/^[+-]\d+\.\d ± \d+\.\d \(within ± \d+\.\d\)$/);
    expect(existsSync(join(ext, 'manifest.json'))).toBe(true);
    await page.screenshot({ path: 'test-results/e2e-robustness-seeds.png', fullPage: true });
  });
});
