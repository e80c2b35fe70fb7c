// In real Chromium against `prefstudio serve`: the ambiguous-pairs queue surfaces the demo's swapped labels, a
// reviewer flips one and undoes it by keyboard, augments a pair and approves a variant, then reads the rounds ledger.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProject } from '../../src-main/store/project';
import { CHROMIUM, checkCharts, cli, openInChromium, type OpenApp } from './support';

describe.skipIf(CHROMIUM === undefined)('MARS review in Chromium', () => {
  let dir: string;
  let project: string;
  let app: OpenApp | undefined;
  let page: Page;

  /** The pair as stored, read beside the running server (WAL lets a read-only connection in). */
  function stored(id: number) {
    const db = openProject(project, { create: false, readonly: true });
    try {
      return { pair: db.pairs.get(id), log: db.reviewLog.list({ pairId: id, limit: 50 }) };
    } finally {
      db.close();
    }
  }

  const rowIds = (): Promise<number[]> =>
    page.getByTestId('amb-row').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-pair-id'))));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'prefstudio-e2e-mars-'));
    project = join(dir, 'mars.prefstudio');
    await cli('demo', project, '--pairs', '400', '--seed', '3', '--label-noise', '0.1');
    await cli('train', project, '--preset', 'bow', '--seed', '1');
    await cli('mars', project, '--rounds', '1', '--budget', '20', '--weighting', 'abs');
    app = await openInChromium(project);
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists the most mis-ranked pairs first, and they are the swapped labels', async () => {
    await page.getByTestId('tab-ambiguous').click();
    await page.getByTestId('amb-sort').selectOption('signed');
    await expect.poll(async () => (await rowIds()).length, { timeout: 15_000 }).toBeGreaterThan(10);
    const margins = await page
      .getByTestId('amb-row')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-margin'))));
    expect(margins[0]).toBeLessThan(0);
    expect([...margins].sort((a, b) => a - b)).toEqual(margins);
    const top = (await rowIds()).slice(0, 5);
    const noisy = top.filter((id) => stored(id).pair?.extra?.['noisy'] === true);
    // One pair in ten is swapped; a queue in random order would put about one of them in the top five.
    expect(noisy.length).toBeGreaterThanOrEqual(3);
  });

  it('flips the selected pair with f and undoes it with u, both in the review log', async () => {
    const [first] = await rowIds();
    const before = stored(first!).pair!;
    await page.getByTestId('amb-row').first().click();
    await page.keyboard.press('f');
    // The UI has the flip's log entry (its undo target) once it counts the pair as reviewed.
    await expect.poll(() => page.getByTestId('amb-reviewed').getAttribute('data-count'), { timeout: 15_000 }).toBe('1');
    expect(stored(first!).pair?.chosen).toBe(before.rejected);
    expect(stored(first!).pair?.reviewStatus).toBe('confirmed');
    await page.keyboard.press('u');
    await expect.poll(() => stored(first!).pair?.chosen, { timeout: 15_000 }).toBe(before.chosen);
    expect(stored(first!).log.map((e) => e.action)).toEqual(['flip', 'undo']);
    await expect.poll(() => page.getByTestId('amb-toast').textContent(), { timeout: 15_000 }).toMatch(/Undid flip/);
  });

  it('augments the selected pair with a and approves a variant with y', async () => {
    await page.getByTestId('amb-row').nth(1).click();
    const id = (await rowIds())[1]!;
    await page.keyboard.press('a');
    await expect.poll(() => page.getByTestId('variant-row').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.keyboard.press('y');
    await expect.poll(() => page.getByTestId('variant-status').first().textContent(), { timeout: 15_000 }).toMatch(/approved/);
    const db = openProject(project, { create: false, readonly: true });
    const variants = db.pairs.children(id);
    db.close();
    expect(variants.length).toBeGreaterThan(0);
    expect(variants.filter((v) => v.reviewStatus === 'approved')).toHaveLength(1);
    expect(stored(id).log.map((e) => e.action)).toEqual(['augment']);
  });

  it('shows the run, its round with metrics and the histogram over the base model', async () => {
    await page.getByTestId('tab-rounds').click();
    await expect.poll(() => page.getByTestId('run-row').count(), { timeout: 15_000 }).toBe(1);
    await page.getByTestId('run-row').first().click();
    // The runs table fits its card: nothing sticks out or scrolls sideways, the long default name is cut.
    const fit = await page.getByTestId('runs-table').evaluate((card) => {
      const table = card.querySelector('table') ?? card;
      return { card: card.getBoundingClientRect().right, table: table.getBoundingClientRect().right, scroll: card.scrollWidth - card.clientWidth };
    });
    expect(fit.table).toBeLessThanOrEqual(fit.card);
    expect(fit.scroll).toBe(0);
    await expect.poll(() => page.getByTestId('rounds-row').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('round-accuracy').first().textContent()).toMatch(/\d+(\.\d)?%/);
    expect(await page.getByTestId('round-spent').first().textContent()).toMatch(/20/);
    expect(await page.getByTestId('hist-overlay-bar').count()).toBeGreaterThan(0);
    expect(await checkCharts(page)).toBeGreaterThanOrEqual(1);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/e2e-rounds.png', fullPage: true });
    await page.getByTestId('tab-ambiguous').click();
    // The opened pair's margin across models.
    await page.getByTestId('margin-history').waitFor();
    expect(await checkCharts(page)).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: 'test-results/e2e-ambiguous.png', fullPage: true });
  });
});
