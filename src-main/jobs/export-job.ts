// Job: streams the pairs of a filter to JSONL in the chosen shape and writes `<file>.manifest.json` beside it.
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { version } from '../../package.json';
import type { ExportManifest, ExportShape, PairFilter } from '../shared/dto';
import { writeExport } from '../exporters/write-export';
import type { JobRunner } from './context';

interface ExportParams {
  path: string;
  shape: ExportShape;
  filter: PairFilter;
}

export const runExportJob: JobRunner = async (ctx) => {
  const p = ctx.params as unknown as ExportParams;
  const total = ctx.db.pairs.count(p.filter);
  ctx.progress({ done: 0, total: total, unit: 'pairs', message: `exporting ${total} pairs as ${p.shape}` }, true);
  try {
    const result = await writeExport(
      ctx.db.pairs.iterate(p.filter, 500),
      p.path,
      p.shape,
      (rows) => ctx.progress({ done: rows, total: total, unit: 'pairs', message: `exported ${rows} of ${total}` }),
      { signal: ctx.signal },
    );
    const manifest: ExportManifest = {
      file: basename(p.path),
      shape: p.shape,
      rows: result.rows,
      byOrigin: result.byOrigin,
      sha256: result.sha256,
      filter: p.filter,
      createdAt: new Date().toISOString(),
      app: `preference-studio ${version}`,
    };
    const manifestPath = `${p.path}.manifest.json`;
    await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    ctx.progress({ done: result.rows, total: total, unit: 'pairs', message: `exported ${result.rows} pairs to ${p.path}` }, true);
    return { path: p.path, manifestPath, rows: result.rows, sha256: result.sha256, byOrigin: result.byOrigin };
  } catch (err) {
    // A soft cancel aborts the write; the partial file is already removed by writeExport.
    if (ctx.signal.aborted) return { path: p.path, rows: 0, cancelled: true };
    throw err;
  }
};
