// The service layer end to end on a real project: validation at the boundary, demo, import, paging, export.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-main/shared/errors';
import { HH_MISSING_REASON, HH_PRESENT, HH_SAMPLE } from '../../support/hh';
import { makeStudio, type TestStudio } from '../../support/studio';

let t: TestStudio;
afterEach(async () => t?.dispose());

describe('contract boundary', () => {
  it('rejects unknown methods and invalid input with codes, and needs a project for data', async () => {
    t = makeStudio();
    expect(await t.studio.dispatch('pairs.delete', {})).toMatchObject({ ok: false, error: { code: ErrorCode.UnknownMethod } });
    const bad = await t.studio.dispatch('pairs.page', { limit: 'fifty' });
    expect(bad).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidRequest } });
    expect(!bad.ok && bad.error.message).toContain('limit');
    expect(await t.studio.dispatch('datasets.list', {})).toMatchObject({ ok: false, error: { code: ErrorCode.NoProject } });
    const missing = await t.studio.dispatch('project.open', { path: join(t.dir, 'nope.prefstudio') });
    expect(missing).toMatchObject({ ok: false, error: { code: ErrorCode.FileNotFound } });
  });

  it('reports the ML backend it chose and why better ones were skipped', async () => {
    t = makeStudio();
    const info = await t.call('app.info', {});
    expect(['wasm', 'cpu', 'tensorflow', 'webgpu', 'tensorflow-gpu']).toContain(info.backend.name);
    if (info.backend.name === 'wasm') {
      // In probe order; webgpu is listed only where a Vulkan/Metal/D3D12 loader let Dawn look for an adapter.
      const rejected = info.backend.rejected.map((r) => r.name);
      expect([['tensorflow-gpu', 'webgpu', 'tensorflow'], ['tensorflow-gpu', 'tensorflow']]).toContainEqual(rejected);
    }
    expect(info.project).toBeNull();
  });
});

describe('demo data set', () => {
  it('generates pairs in a worker job with progress events and counts them by split', async () => {
    t = makeStudio();
    await t.call('project.open', { path: join(t.dir, 'demo.prefstudio'), create: true });
    const job = await t.call('demo.start', { pairs: 2500, seed: 3 });
    const done = await t.finished(job.id);
    expect(done.state).toBe('done');
    expect(done.result).toMatchObject({ pairs: 2500 });
    const stats = await t.call('project.stats', {});
    expect(stats.pairs).toBe(2500);
    expect((stats.bySplit.train ?? 0) + (stats.bySplit.validation ?? 0)).toBe(2500);
    expect(t.events.some((e) => e.type === 'job' && e.job.state === 'running' && e.job.progress.done > 0)).toBe(true);
    expect(t.events.some((e) => e.type === 'pairs-changed')).toBe(true);
    // A second run on the same project finds the data set and adds nothing.
    const again = await t.finished((await t.call('demo.start', { pairs: 2500, seed: 3 })).id);
    expect(again.result).toMatchObject({ pairs: 0, existing: 2500 });
    expect((await t.call('project.stats', {})).pairs).toBe(2500);
  });
});

describe.skipIf(!HH_PRESENT)(`HH sample import and export (${HH_PRESENT ? 'present' : HH_MISSING_REASON})`, () => {
  it('imports every row, pages and searches them, and exports the HH shape exactly', async () => {
    t = makeStudio();
    await t.call('project.open', { path: join(t.dir, 'hh.prefstudio'), create: true });
    const preview = await t.call('import.preview', { path: HH_SAMPLE });
    expect(preview).toMatchObject({ format: 'hh', detected: true });
    const job = await t.call('import.start', { path: HH_SAMPLE });
    const done = await t.finished(job.id);
    expect(done.state).toBe('done');
    const source = gunzipSync(readFileSync(HH_SAMPLE)).toString('utf8').split('\n').filter((l) => l.trim() !== '');
    const { pairs, errors, duplicates } = done.result as { pairs: number; errors: number; duplicates: number };
    expect(pairs + errors + duplicates).toBe(source.length);
    expect(pairs).toBeGreaterThan(1100);

    const page = await t.call('pairs.page', { limit: 50, sort: 'chosenLen', dir: 'desc' });
    expect(page.rows).toHaveLength(50);
    expect(page.total).toBe(pairs);
    const lens = page.rows.map((r) => r.chosenLen);
    expect(lens).toEqual([...lens].sort((a, b) => b - a));
    const next = await t.call('pairs.page', { limit: 50, sort: 'chosenLen', dir: 'desc', after: page.nextCursor ?? '' });
    expect(next.rows[0]!.chosenLen).toBeLessThanOrEqual(lens[49]!);
    expect(new Set([...page.rows, ...next.rows].map((r) => r.id)).size).toBe(100);

    const hits = await t.call('pairs.page', { search: 'neighbor' });
    expect(hits.total).toBeGreaterThan(0);
    const hit = await t.call('pairs.get', { id: hits.rows[0]!.id });
    expect(`${hit.prompt}${hit.chosen}${hit.rejected}`.toLowerCase()).toContain('neighbor');

    const out = join(t.dir, 'hh-export.jsonl');
    const exp = await t.finished((await t.call('export.start', { path: out, shape: 'hh' })).id);
    expect(exp.state).toBe('done');
    const exported = readFileSync(out, 'utf8').trimEnd().split('\n');
    // Same keys, same values, same order (normalised through JSON: the source escapes some characters).
    const importedLines = new Set((await collectLines(t, pairs)).map((l) => JSON.stringify(JSON.parse(source[l - 1]!))));
    expect(exported.length).toBe(pairs);
    for (const line of exported) expect(importedLines.has(line)).toBe(true);
    const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8'));
    expect(manifest).toMatchObject({ rows: pairs, shape: 'hh', byOrigin: { original: pairs } });
  });
});

/** Source line numbers of every stored pair, through the paged API. */
async function collectLines(s: TestStudio, total: number): Promise<number[]> {
  const lines: number[] = [];
  let after: string | undefined;
  while (lines.length < total) {
    const page = await s.call('pairs.page', { limit: 500, ...(after ? { after } : {}) });
    for (const row of page.rows) lines.push((await s.call('pairs.get', { id: row.id })).sourceLine ?? -1);
    if (!page.nextCursor) break;
    after = page.nextCursor;
  }
  return lines;
}
