// In real Chromium against `prefstudio serve`: import the HH sample through the UI, search, open a pair, export.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HH_MISSING_REASON, HH_PRESENT, HH_SAMPLE } from '../support/hh';
import { CHROMIUM, openInChromium, type OpenApp } from './support';

const ready = HH_PRESENT && CHROMIUM !== undefined;
const why = !HH_PRESENT ? HH_MISSING_REASON : 'no Chromium (apt-get install chromium, or set CHROMIUM_PATH)';

describe.skipIf(!ready)(`UI end to end in Chromium (${ready ? 'ready' : why})`, () => {
  let dir: string;
  let app: OpenApp | undefined;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'prefstudio-e2e-'));
    app = await openInChromium(join(dir, 'e2e.prefstudio'), {
      height: 900,
      beforeLoad: (p) => p.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text())),
    });
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the project and the ML backend', async () => {
    await expect.poll(() => page.getByTestId('backend').textContent()).toMatch(/ML: (wasm|cpu|tensorflow)/);
    expect(await page.getByTestId('project-name').textContent()).toContain('e2e');
  });

  it('imports the HH sample through the file picker and reports the rejected rows', async () => {
    await page.getByTestId('tab-data').click();
    await page.getByTestId('import-file-input').setInputFiles(HH_SAMPLE);
    await page.getByTestId('import-preview').waitFor();
    // The format select stays on "detected" (empty override) and names what was detected.
    await expect.poll(() => page.getByTestId('import-format').locator('option:checked').textContent()).toBe('Detected: hh');
    await page.getByTestId('import-start').click();
    await expect.poll(() => page.getByTestId('import-report').getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    const counts = await page.getByTestId('import-counts').textContent();
    expect(counts).toMatch(/1,?196/);
    await page.getByTestId('issues-table').waitFor();
    await expect.poll(() => page.getByTestId('issue-row').count()).toBe(4);
    expect(await page.getByTestId('issues-table').textContent()).toContain('empty');
  });

  it('searches, opens a pair with both responses side by side and a word diff', async () => {
    await page.getByTestId('tab-browse').click();
    await expect.poll(() => page.getByTestId('pair-total').textContent()).toMatch(/1,196 pairs/);
    await page.keyboard.press('/');
    await page.keyboard.type('neighbor');
    await expect.poll(async () => Number((await page.getByTestId('pair-total').textContent())?.replace(/\D/g, ''))).toBeLessThan(1196);
    await page.getByTestId('pair-row').first().waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('pair-row').first().click();
    await page.keyboard.press('Enter');
    await page.getByTestId('pair-view').waitFor();
    expect((await page.getByTestId('pair-prompt').textContent())?.toLowerCase()).toContain('neighbor');
    expect(await page.getByTestId('pair-chosen').locator('mark').count()).toBeGreaterThan(0);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/e2e-pair-view.png' });
  });

  it('exports the current view through the export dialog, with a manifest', async () => {
    const out = join(dir, 'export.jsonl');
    await page.getByTestId('export-open').click();
    await page.getByTestId('export-dialog').waitFor();
    await page.getByTestId('export-shape').selectOption('hh');
    await page.getByTestId('export-path').fill(out);
    await page.getByTestId('export-start').click();
    await expect.poll(() => existsSync(`${out}.manifest.json`), { timeout: 30_000 }).toBe(true);
    const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')) as { rows: number; shape: string; filter: { search?: string } };
    expect(manifest.shape).toBe('hh');
    expect(manifest.filter.search).toBe('neighbor');
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(manifest.rows);
    for (const line of lines) expect(Object.keys(JSON.parse(line))).toEqual(['chosen', 'rejected']);
    await page.screenshot({ path: 'test-results/e2e-export.png' });
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
  });
});
