// Export as a job on a real project: the HF folder (Parquet per split, card, manifest) read back, the patched set, progress at 100%.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLUMNS } from '../../../src-main/exporters/parquet-columns';
import type { ExportManifest } from '../../../src-main/shared/dto';
import { HH_SAMPLE, HH_SKIP_NOTE, hasHhSample } from '../import/helpers';
import { makeStudio, type TestStudio } from '../../support/studio';

type Row = Record<string, unknown>;

async function readParquet(path: string): Promise<{ rows: Row[]; names: string[] }> {
  const file = await asyncBufferFromFile(path);
  const meta = await parquetMetadataAsync(file);
  const rows = (await parquetReadObjects({ file })) as Row[];
  return { rows, names: meta.schema.slice(1).map((s) => s.name) };
}

/** `- name: X` / `dtype: Y` pairs under `features:` in the card's front matter. */
function cardFeatures(card: string): [string, string][] {
  const block = /features:\n([\s\S]*?)\n {2}splits:/.exec(card)?.[1] ?? '';
  return [...block.matchAll(/- name: (\S+)\n\s+dtype: (\S+)/g)].map((m) => [m[1] ?? '', m[2] ?? '']);
}

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe.skipIf(!hasHhSample)(`export job on the HH sample${HH_SKIP_NOTE}`, () => {
  let t: TestStudio;
  let total = 0;
  let excludedId = 0;
  let flipped = { id: 0, chosen: '', rejected: '' };

  beforeAll(async () => {
    t = makeStudio();
    await t.call('project.open', { path: join(t.dir, 'p.prefstudio'), create: true });
    const job = await t.finished((await t.call('import.start', { path: HH_SAMPLE })).id);
    expect(job.state).toBe('done');
    const page = await t.call('pairs.page', { limit: 2 });
    total = page.total;
    excludedId = page.rows[0]!.id;
    const before = await t.call('pairs.get', { id: page.rows[1]!.id });
    await t.call('review.apply', { pairId: excludedId, action: 'exclude', reviewer: 'ana' });
    await t.call('review.apply', { pairId: before.id, action: 'flip', reviewer: 'ana' });
    flipped = { id: before.id, chosen: before.rejected, rejected: before.chosen };
  }, 120_000);
  afterAll(() => t.dispose());

  it('writes a Hugging Face folder whose card, Parquet schema and manifest agree, with the patched set', async () => {
    const out = join(t.dir, 'hf');
    const job = await t.finished((await t.call('export.start', { path: out, format: 'hf' })).id);
    expect(job.state).toBe('done');
    // The known bug: the bar stayed at 0%. The last progress is the whole filter.
    expect(job.progress).toMatchObject({ done: total, total });

    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as ExportManifest;
    expect(manifest.rows).toBe(total - 1);
    expect(manifest.include).toBe('patched');
    expect(manifest.schemaVersion).toBeGreaterThan(0);
    for (const f of manifest.files ?? []) expect(sha(join(out, f.file)), f.file).toBe(f.sha256);

    const card = readFileSync(join(out, 'README.md'), 'utf8');
    expect(card.startsWith('---\n')).toBe(true);
    expect(card).toMatch(/^license: mit$/m); // carried from the sample's LICENSE
    expect(card).toContain('| flip | 1 |');
    expect(card).toContain('| exclude | 1 |');
    expect(cardFeatures(card)).toEqual(COLUMNS.map((c) => [c.name, c.dtype]));

    const rows: Row[] = [];
    for (const [split, n] of Object.entries(manifest.bySplit ?? {})) {
      const path = join(out, `data/${split}-00000-of-00001.parquet`);
      expect(card).toContain(`path: "data/${split}-00000-of-00001.parquet"`);
      const back = await readParquet(path);
      expect(back.names).toEqual(COLUMNS.map((c) => c.name));
      expect(back.rows).toHaveLength(n);
      rows.push(...back.rows);
    }
    expect(rows).toHaveLength(total - 1);
    expect(rows.some((r) => r.pair_id === excludedId)).toBe(false);
    const flip = rows.find((r) => r.pair_id === flipped.id);
    expect(flip).toMatchObject({ chosen: flipped.chosen, rejected: flipped.rejected, review_state: 'confirmed', origin: 'original', source_file: 'harmless-base-test-sample.jsonl.gz' });
    // Each row is the stored pair: spot-check one against pairs.get.
    const stored = await t.call('pairs.get', { id: rows[10]!.pair_id as number });
    expect(rows[10]).toMatchObject({ prompt: stored.prompt, chosen: stored.chosen, rejected: stored.rejected, content_hash: stored.contentHash, source_line: stored.sourceLine });
  }, 120_000);

  it('previews the first rows and the card without writing anything', async () => {
    const preview = await t.call('export.preview', { path: join(t.dir, 'nowhere'), format: 'hf' });
    expect(preview.rows).toHaveLength(5);
    // The excluded pair is the first one; the preview shows the patched set, so it starts after it.
    expect(preview.rows.some((r) => (JSON.parse(r) as Row).pair_id === excludedId)).toBe(false);
    expect(preview.card).toMatch(/^license: mit$/m);
    expect(cardFeatures(preview.card ?? '')).toEqual(COLUMNS.map((c) => [c.name, c.dtype]));
    const jsonl = await t.call('export.preview', { path: 'x.jsonl', shape: 'trl-standard', include: 'all' });
    expect(JSON.parse(jsonl.rows[0] ?? '{}')).toEqual({ prompt: expect.any(String), chosen: expect.any(String), rejected: expect.any(String) });
    expect(jsonl.card).toBeNull();
    expect(existsSync(join(t.dir, 'nowhere'))).toBe(false);
  });

  it('writes one Parquet file with every pair when asked for all', async () => {
    const out = join(t.dir, 'all.parquet');
    const job = await t.finished((await t.call('export.start', { path: out, format: 'parquet', include: 'all' })).id);
    expect(job.state).toBe('done');
    const { rows } = await readParquet(out);
    expect(rows).toHaveLength(total);
    expect(rows.find((r) => r.pair_id === excludedId)?.review_state).toBe('excluded');
    const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')) as ExportManifest;
    expect(manifest.files?.[0]).toMatchObject({ sha256: sha(out), rows: total });
  }, 60_000);

  it('is read by pandas too, where pandas has a Parquet engine', async (ctx) => {
    const out = join(t.dir, 'all.parquet');
    if (!existsSync(out)) ctx.skip();
    const probe = spawnSync('/usr/bin/python3', ['-c', 'import pandas, pyarrow'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      ctx.skip(`SKIPPED: /usr/bin/python3 lacks pandas with pyarrow (${probe.stderr.trim().split('\n').pop() ?? ''})`);
    }
    const script = `import pandas as pd, sys\ndf = pd.read_parquet(sys.argv[1])\nprint(len(df), int((df.review_state == "excluded").sum()))`;
    const run = spawnSync('/usr/bin/python3', ['-c', script, out], { encoding: 'utf8' });
    expect(run.stdout.trim()).toBe(`${total} 1`);
  });
});
