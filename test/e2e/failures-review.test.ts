// In real Chromium against `prefstudio serve`: the Failures tab on a demo project with stored discovery output —
// modes on top, a mode's failures with the demo rule's verdict, keyboard confirm, bulk reject over a mode and undo,
// all landing in the project file; starting discovery without trained models explains what is missing.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobContext } from '../../src-main/jobs/context';
import { runDiscovery } from '../../src-main/jobs/discover/discover-run';
import { DiscoverOptions } from '../../src-main/shared/discovery-dto';
import { openProject } from '../../src-main/store/project';
import { fakeDecoder } from '../main/jobs/discover/fake-decoder';
import { CHROMIUM, cli, openInChromium, type OpenApp } from './support';

describe.skipIf(CHROMIUM === undefined)('Failures review in Chromium', () => {
  let dir: string;
  let project: string;
  let app: OpenApp | undefined;
  let page: Page;

  function statuses(): (string | null)[] {
    const db = openProject(project, { create: false, readonly: true });
    try {
      return db.discovery.failures({}, 0, 1000).rows.map((r) => r.reviewStatus);
    } finally {
      db.close();
    }
  }

  const rowIds = (): Promise<number[]> =>
    page.getByTestId('failure-row').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-pair-id'))));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'prefstudio-e2e-failures-'));
    project = join(dir, 'failures.prefstudio');
    await cli('demo', project, '--pairs', '200', '--seed', '8');
    // Discovery output written by the job loop with the in-test decoder (10 held-out prompts × 2 roles × 2 samples).
    const db = openProject(project, { create: false });
    const rm = db.models.create({ name: 'rm', kind: 'reward' });
    const run = db.discovery.createRun({
      config: DiscoverOptions.parse({ prompts: 10, samples: 2 }),
      rewardModelId: rm.id,
      policies: { aligned: rm.id, misaligned: rm.id },
    });
    const jobId = randomUUID();
    db.jobs.create({ id: jobId, kind: 'decode', params: {} });
    const ctx = createJobContext({ db, jobId, params: {}, signal: new AbortController().signal, send: () => undefined });
    await runDiscovery(ctx, run.id, () => Promise.resolve(fakeDecoder({ calls: [], disposed: 0 }, undefined, true)));
    db.close();
    app = await openInChromium(project);
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the modes and the pending failures with rewards, gap and the rule', async () => {
    await page.getByTestId('tab-failures').click();
    // 10 prompts × 2 roles × 2 samples; the in-test decoder's sample 0 of each role is a failure.
    await expect.poll(() => page.getByTestId('failures-total').textContent(), { timeout: 15_000 }).toBe('20 failures');
    expect((await rowIds()).length).toBeGreaterThan(5);
    expect(await page.getByTestId('failure-mode').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('failure-gap').textContent()).toBe('1.000');
    expect(await page.getByTestId('failure-rule').textContent()).toMatch(/^rule says: bad/);
  });

  it('confirms the selected failure with c, then rejects a whole mode with X and undoes it with u', async () => {
    await page.getByTestId('failure-row').first().click();
    await page.keyboard.press('c');
    await expect.poll(() => statuses().filter((s) => s === 'confirmed').length, { timeout: 15_000 }).toBe(1);
    await page.locator('[data-mode-id="length:aligned:shorter"]').click();
    // Ten aligned failures are shorter than the reference they lost to; one of the pending ones may be confirmed.
    const total = async () => Number(/^(\d+) failures in “shorter/.exec((await page.getByTestId('failures-total').textContent()) ?? '')?.[1] ?? -1);
    await expect.poll(async () => (await rowIds()).length === (await total()), { timeout: 15_000 }).toBe(true);
    const inMode = await total();
    expect(inMode).toBeGreaterThanOrEqual(9);
    await page.keyboard.press('X');
    await expect.poll(() => statuses().filter((s) => s === 'discarded').length, { timeout: 15_000 }).toBe(inMode);
    await expect.poll(() => page.getByTestId('failures-toast').textContent()).toBe(`Rejected ${inMode} failures (u to undo)`);
    await page.keyboard.press('u');
    await expect.poll(() => statuses().filter((s) => s === 'discarded').length, { timeout: 15_000 }).toBe(0);
    expect(statuses().filter((s) => s === 'confirmed')).toHaveLength(1);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/e2e-failures.png', fullPage: true });
  });

  it('refuses to start discovery before models are trained, saying what to do', async () => {
    await page.getByTestId('discover-start').click();
    await expect.poll(() => page.getByTestId('failures-error').textContent(), { timeout: 15_000 }).toMatch(/reward model|policy/);
  });
});
