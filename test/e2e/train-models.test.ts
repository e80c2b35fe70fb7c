// In real Chromium against `prefstudio serve`: train a reward model from the Models view, watch it live, read its
// metrics and plots, then browse the pairs by margin.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, checkCharts, cli, openInChromium, type OpenApp } from './support';

describe.skipIf(CHROMIUM === undefined)('training and margins in Chromium', () => {
  let dir: string;
  let app: OpenApp | undefined;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'prefstudio-e2e-train-'));
    const project = join(dir, 'train.prefstudio');
    await cli('demo', project, '--pairs', '300', '--seed', '2');
    app = await openInChromium(project);
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('trains from the Models view with live curves, then shows metrics, histogram and calibration', async () => {
    await page.getByTestId('tab-models').click();
    await page.getByTestId('train-preset').selectOption('bow');
    await page.getByTestId('train-epochs').fill('2');
    await expect.poll(() => page.getByTestId('train-backend').textContent()).toMatch(/wasm|cpu|tensorflow/);
    await page.getByTestId('train-start').click();
    await expect.poll(() => page.getByTestId('train-run').getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
    expect(Number(await page.getByTestId('chart-line').first().getAttribute('data-points'))).toBeGreaterThan(1);
    // The live loss and accuracy curves.
    expect(await checkCharts(page)).toBeGreaterThanOrEqual(2);
    // Creation dates stay on one line (one line box for the text).
    const lines = await page.getByTestId('model-created').first().evaluate((td) => {
      const range = td.ownerDocument.createRange();
      range.selectNodeContents(td);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });
    expect(lines).toBe(1);
    await page.getByTestId('model-row').first().click();
    await page.getByTestId('model-detail').waitFor();
    expect(await page.getByTestId('metric-accuracy').textContent()).toMatch(/\d+(\.\d)?%/);
    const bars = await page.getByTestId('hist-bar').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
    const below = Number(await page.getByTestId('hist-below').getAttribute('data-count').catch(() => '0'));
    const above = Number(await page.getByTestId('hist-above').getAttribute('data-count').catch(() => '0'));
    const validationPairs = Number((await page.getByTestId('metric-pairs').textContent())?.replace(/\D/g, ''));
    expect(bars.reduce((a, b) => a + b, 0) + (below || 0) + (above || 0)).toBe(validationPairs);
    expect(await page.getByTestId('reliability-point').count()).toBeGreaterThan(0);
    // Histogram, calibration, loss and accuracy by step (and the live curves above them).
    expect(await checkCharts(page)).toBeGreaterThanOrEqual(4);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/e2e-models.png', fullPage: true });
  });

  it('lists the pairs the model ranks against their label, hardest first, with margins', async () => {
    await page.getByTestId('model-disagreements').click();
    await page.getByTestId('pair-row').first().waitFor();
    const margins = await page.getByTestId('pair-margin').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-margin'))));
    expect(margins.length).toBeGreaterThan(0);
    for (const m of margins) expect(m).toBeLessThan(0);
    expect(margins).toEqual([...margins].sort((a, b) => a - b));
    await page.getByTestId('pair-row').first().click();
    await page.keyboard.press('Enter');
    expect(Number(await page.getByTestId('pair-score-margin').textContent().then((t) => t?.replace(/[^\d.−-]/g, '').replace('−', '-')))).toBeLessThan(0);
    await page.screenshot({ path: 'test-results/e2e-disagreements.png' });
  });
});
