// Corrupt sources through the real CLI: a `.gz` that is not gzip exits 1 (not the usage code 2), and a `.gz` cut
// short mid-file fails its import, which `stats` then shows as a failed data set with the job to resume or drop.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProjectStats } from '../../../src-main/shared/dto';
import { bigHhFile } from '../../support/big-hh';
import { cli } from '../../support/cli-run';
import { HH_MISSING_REASON, HH_PRESENT } from '../../support/hh';
import { makeStudio, type TestStudio } from '../../support/studio';

let t: TestStudio | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

describe.skipIf(!HH_PRESENT)('corrupt source files', () => {
  if (!HH_PRESENT) it.skip(HH_MISSING_REASON, () => {});

  it('a non-gzip .gz exits 1 with SOURCE_CORRUPT', async () => {
    t = makeStudio();
    const bad = join(t.dir, 'bad.jsonl.gz');
    writeFileSync(bad, '{"chosen":"x","rejected":"y"}\n');
    const r = await cli(['import', join(t.dir, 'p.prefstudio'), bad, '--json'], t.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('corrupt gzip data');
    expect(JSON.parse(r.stdout.trim()).error.code).toBe('SOURCE_CORRUPT');
  });

  it('a .gz cut short fails the import and stats reports the data set as failed', async () => {
    t = makeStudio();
    const big = bigHhFile(t.dir, 5);
    const cut = join(t.dir, 'cut.jsonl.gz');
    const bytes = readFileSync(big.path);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const p = join(t.dir, 'p.prefstudio');
    const r = await cli(['import', p, cut], t.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('corrupt gzip data');
    const stats = (await cli(['stats', p, '--json'], t.dir)).json<ProjectStats>();
    expect(stats.datasets).toHaveLength(1);
    expect(stats.datasets[0]?.importState).toBe('failed');
    expect((await cli(['stats', p], t.dir)).stdout).toMatch(/import failed \(job [0-9a-f-]{36}\)/);
  });
});
