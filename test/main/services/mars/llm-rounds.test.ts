// MARS with the user's LLM endpoint: a real HTTP server on 127.0.0.1 plays it. The `llm` operator and the semantic
// layer write pairs with their provenance, the cache spares a re-run its requests, and the key never comes back.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LLM_CACHE_FILE } from '../../../../src-main/llm/cache';
import { openProject } from '../../../../src-main/store/project';
import { makeStudio, type TestStudio } from '../../../support/studio';
import { reply, startFakeLlm, type FakeLlm, type RecordedRequest } from '../../llm/fake-llm-server';

let t: TestStudio | undefined;
let llm: FakeLlm | undefined;

afterEach(async () => {
  await t?.dispose();
  await llm?.close();
  t = llm = undefined;
});

function between(text: string, tag: string): string {
  return new RegExp(`<${tag}>\\n([\\s\\S]*?)\\n</${tag}>`).exec(text)?.[1] ?? '';
}

/**
 * Paraphrases append a sentence named by the seed, except that an odd seed drops the first "no" of a text that has
 * one, as a careless LLM might; semantic rewrites append a clarifying sentence to the side they name.
 */
function answer(req: RecordedRequest): string {
  const user = req.body.messages?.find((m) => m.role === 'user')?.content ?? '';
  const seed = req.body.seed ?? 0;
  if (user.includes('<text>')) {
    const text = between(user, 'text');
    if (seed % 2 === 1 && /\bno /.test(text)) return text.replace(/\bno /, '');
    return `${text} Put differently, version ${'abcdefgh'[seed % 8]}.`;
  }
  const side = user.endsWith('Rewrite the REJECTED response.') ? 'rejected' : 'chosen';
  return `${between(user, side)} That is the gist of it.`;
}

async function project(s: TestStudio): Promise<{ path: string; baseModelId: number }> {
  const path = join(s.dir, 'llm.prefstudio');
  await s.call('project.open', { path, create: true });
  expect((await s.finished((await s.call('demo.start', { pairs: 200, seed: 9 })).id)).state).toBe('done');
  const trained = await s.finished((await s.call('train.start', { preset: 'bow', seed: 1 })).id);
  return { path, baseModelId: Number(trained.result?.modelId) };
}

describe('MARS with an LLM endpoint', () => {
  it('refuses LLM work until an endpoint is configured, and never returns the key', async () => {
    t = makeStudio();
    await project(t);
    await expect(t.call('mars.start', { operators: ['llm'] })).rejects.toThrow(/need an LLM endpoint/);
    await expect(t.call('mars.start', { semantic: true })).rejects.toThrow(/need an LLM endpoint/);
    const view = await t.call('settings.setLlm', {
      config: { baseUrl: 'http://10.0.0.9:8000/v1/', model: 'm', apiKey: 'sk-secret' },
    });
    expect(view).toMatchObject({ configured: true, baseUrl: 'http://10.0.0.9:8000/v1', hasApiKey: true });
    expect(JSON.stringify(view)).not.toContain('sk-secret');
    expect(view.warnings.join(' ')).toMatch(/plain http/);
    // Saving again without the key keeps it, unless told otherwise.
    expect(
      (await t.call('settings.setLlm', { config: { baseUrl: 'http://10.0.0.9:8000/v1', model: 'n' } }))
        .hasApiKey,
    ).toBe(true);
    expect(
      (
        await t.call('settings.setLlm', {
          config: { baseUrl: 'http://10.0.0.9:8000/v1', model: 'n' },
          keepApiKey: false,
        })
      ).hasApiKey,
    ).toBe(false);
    await expect(
      t.call('settings.setLlm', { config: { baseUrl: 'ftp://x', model: 'm' } as never }),
    ).rejects.toThrow(/config.baseUrl/);
    expect((await t.call('settings.setLlm', { config: null })).configured).toBe(false);
  });

  it('paraphrases funded pairs and rewrites near-identical ones; a re-run is served from the cache', async () => {
    llm = await startFakeLlm((req, res) => reply(res, answer(req)));
    t = makeStudio();
    const { path, baseModelId } = await project(t);
    await t.call('settings.setLlm', {
      config: { baseUrl: llm.baseUrl, model: 'local-test', requestsPerMinute: 100_000, maxConcurrency: 4 },
    });
    const options = {
      rounds: 1,
      budget: 30,
      baseModelId,
      operators: ['llm' as const, 'synonym' as const],
      semantic: true,
      perText: 2,
    };
    const done = await t.finished((await t.call('mars.start', options)).id);
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    const [round] = await t.call('mars.rounds', { runId: Number(done.result?.runId) });
    expect(round?.operatorBudget['llm']).toBeGreaterThan(0);
    // Paraphrases of responses that lost their "no" were refused as label flips, and none was stored.
    expect(round?.rejected['label-flip']).toBeGreaterThan(0);
    expect(round?.semantic?.candidates).toBeGreaterThan(0);
    expect(round?.semantic?.rewritten).toBe(round?.semantic?.candidates);
    expect(round?.operatorBudget['llm-semantic']).toBe(round?.semantic?.rewritten);

    const db = openProject(path, { create: false, readonly: true });
    const made = [...db.pairs.iterate({ origin: 'augmented' })];
    const originals = [...db.pairs.iterate({ origin: 'original' })];
    db.close();
    const semantic = made.filter((p) => p.provenance?.['method'] === 'mars-semantic');
    expect(semantic).toHaveLength(round?.semantic?.rewritten ?? -1);
    for (const p of semantic) {
      expect(p.provenance).toMatchObject({
        operators: ['llm'],
        llm: { operator: 'llm', model: 'local-test' },
      });
      expect(`${p.chosen} ${p.rejected}`).toContain('That is the gist of it.');
    }
    const viaLlm = made.filter(
      (p) => (p.provenance?.['operators'] as string[]).includes('llm') && p.provenance?.['method'] === 'mars',
    );
    expect(viaLlm.length).toBe(round?.operatorBudget['llm']);
    expect(viaLlm.some((p) => /Put differently, version [a-h]/.test(p.prompt + p.chosen + p.rejected))).toBe(
      true,
    );
    const noCount = (text: string) => text.match(/\bno\b/gi)?.length ?? 0;
    const source = new Map(originals.map((p) => [p.id, p]));
    for (const p of viaLlm) {
      const from = source.get(p.parentId ?? -1);
      expect(from, `pair ${p.id} has no source`).toBeDefined();
      expect(noCount(p.chosen)).toBe(noCount(from!.chosen));
      expect(noCount(p.rejected)).toBe(noCount(from!.rejected));
    }
    expect(existsSync(join(db.info.artifactsDir, LLM_CACHE_FILE))).toBe(true);

    // The same run again (same seeds, same selection) sends no new request.
    const sent = llm.requests.length;
    expect(sent).toBeGreaterThan(0);
    const again = await t.finished((await t.call('mars.start', options)).id);
    expect(again.state).toBe('done');
    expect(llm.requests.length).toBe(sent);
  });
});
