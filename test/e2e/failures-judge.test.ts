// In real Chromium against `prefstudio serve`, with the project's LLM endpoint set to a real OpenAI-compatible server on
// 127.0.0.1: the Failures tab offers the judge, shows "judge says" beside the rule, and changes no review status.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobContext } from '../../src-main/jobs/context';
import { runDiscovery } from '../../src-main/jobs/discover/discover-run';
import { MemorySecretStore } from '../../src-main/llm/secret-store';
import { writeLlmConfig } from '../../src-main/llm/settings';
import { DiscoverOptions } from '../../src-main/shared/discovery-dto';
import { openProject } from '../../src-main/store/project';
import { fakeDecoder } from '../main/jobs/discover/fake-decoder';
import { reply, startFakeLlm, type FakeLlm } from '../main/llm/fake-llm-server';
import { CHROMIUM, cli, openInChromium, type OpenApp } from './support';

describe.skipIf(CHROMIUM === undefined)('LLM judge in Chromium', () => {
  let dir: string;
  let project: string;
  let app: OpenApp | undefined;
  let llm: FakeLlm | undefined;
  let page: Page;

  function statuses(): (string | null)[] {
    const db = openProject(project, { create: false, readonly: true });
    try {
      return db.discovery.failures({}, 0, 1000).rows.map((r) => r.reviewStatus);
    } finally {
      db.close();
    }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'prefstudio-e2e-judge-'));
    project = join(dir, 'judge.prefstudio');
    await cli('demo', project, '--pairs', '200', '--seed', '8');
    // A judge that reasons, then calls every reply bad (the in-test decoder's responses give no concrete step).
    llm = await startFakeLlm((_req, res) => reply(res, 'The reply gives no concrete step.\nVERDICT: bad'));
    const db = openProject(project, { create: false });
    // No key: the secret store is never asked.
    writeLlmConfig(db, { baseUrl: llm.baseUrl, model: 'judge' }, false, new MemorySecretStore());
    const rm = db.models.create({ name: 'rm', kind: 'reward' });
    const run = db.discovery.createRun({ config: DiscoverOptions.parse({ prompts: 4, samples: 2 }), rewardModelId: rm.id, policies: { aligned: rm.id, misaligned: rm.id } });
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
    await llm?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('asks the judge about the selected failure and shows its verdict as a suggestion only', async () => {
    await page.getByTestId('tab-failures').click();
    await expect.poll(() => page.getByTestId('failures-total').textContent(), { timeout: 15_000 }).toBe('8 failures');
    await page.getByTestId('failure-row').first().click();
    await page.getByTestId('failure-judge').click();
    await expect.poll(() => page.getByTestId('failure-judge-verdict').textContent(), { timeout: 15_000 }).toMatch(/^judge says: bad/);
    expect(await page.getByTestId('failure-rule').textContent()).toMatch(/^rule says: bad/);
    expect(llm?.requests).toHaveLength(1);
    expect(statuses().every((s) => s === null)).toBe(true);
  });
});
