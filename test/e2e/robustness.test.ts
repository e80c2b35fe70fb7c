// In real Chromium against `prefstudio serve`: run the robustness suite from its view on a trained demo model and
// read the stored results as a table, the paired differences and a plot per family.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
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
});
