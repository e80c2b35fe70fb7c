// Job: streams the pairs of a filter to JSONL (plain or gz), one Parquet file, or a Hugging Face data-set folder, then the manifest.
import { basename, join } from 'node:path';
import { version } from '../../package.json';
import type { ExportManifest, Pair } from '../shared/dto';
import { ExportJobParams, parseJobParams } from '../shared/job-params';
import { AtomicFile } from '../exporters/atomic-file';
import { datasetCard } from '../exporters/dataset-card';
import { netActions, rowContext, sourcesOf } from '../exporters/export-facts';
import { manifestPathOf } from '../exporters/export-targets';
import { StagedFolder, writeSplitParquet, type FolderFile } from '../exporters/hf-folder';
import { rowValues } from '../exporters/parquet-columns';
import { writePatch } from '../exporters/patch/write-patch';
import { ParquetStream } from '../exporters/parquet-stream';
import { selectPairs } from '../exporters/patched-set';
import { countInto, writeExport } from '../exporters/write-export';
import type { ProjectDb } from '../store/types';
import type { JobContext, JobRunner } from './context';

interface Written {
  rows: number;
  byOrigin: Record<string, number>;
  bySplit: Record<string, number>;
  files: FolderFile[];
}

const APP = `preference-studio ${version}`;

function writeText(path: string, text: string): FolderFile {
  const file = new AtomicFile(path);
  file.write(Buffer.from(text, 'utf8'));
  const bytes = file.bytes;
  return { file: basename(path), sha256: file.commit(), bytes, rows: null };
}

async function writeParquetFile(pairs: Iterable<Pair>, p: ExportJobParams, db: ProjectDb, signal: AbortSignal): Promise<Written> {
  const stream = new ParquetStream(p.path, APP);
  const ctx = rowContext(db, p.filter);
  const out: Written = { rows: 0, byOrigin: {}, bySplit: {}, files: [] };
  try {
    for (const pair of pairs) {
      signal.throwIfAborted();
      stream.add(rowValues(pair, ctx));
      out.rows++;
      countInto(out.byOrigin, pair.origin);
      countInto(out.bySplit, pair.split);
    }
    const { sha256, bytes } = stream.commit();
    out.files.push({ file: basename(p.path), sha256, bytes, rows: out.rows });
    return out;
  } catch (err) {
    stream.abort();
    throw err;
  }
}

async function writeFolder(pairs: Iterable<Pair>, p: ExportJobParams, db: ProjectDb, signal: AbortSignal): Promise<Written> {
  const folder = new StagedFolder(p.path);
  try {
    const result = await writeSplitParquet(pairs, folder, rowContext(db, p.filter), APP, signal);
    const sources = sourcesOf(db, p.filter);
    const licenses = [...new Set(sources.map((s) => s.license))];
    const model = p.filter.modelId === undefined ? null : db.models.get(p.filter.modelId);
    const card = datasetCard({
      name: basename(p.path),
      files: result.splitFiles,
      bySplit: result.bySplit,
      byOrigin: result.byOrigin,
      byReview: result.byReview,
      byOperator: result.byOperator,
      byRole: result.byRole,
      actions: netActions(db),
      sources,
      // One license only when every source states the same one.
      license: licenses.length === 1 ? (licenses[0] ?? null) : null,
      rewardModel: model === null ? null : `${model.name} (model ${model.id})`,
      app: APP,
      include: p.include,
    });
    const files = [...result.files, writeText(join(folder.staging, 'README.md'), card)];
    // The manifest is written into the staged folder too, so the folder appears complete or not at all.
    const manifest = manifestOf(p, db, { ...result, files });
    writeText(join(folder.staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    folder.finish();
    return { ...result, files };
  } catch (err) {
    folder.abort();
    throw err;
  }
}

function manifestOf(p: ExportJobParams, db: ProjectDb, w: Written): ExportManifest {
  const main = w.files[0];
  return {
    file: basename(p.path),
    shape: p.shape,
    rows: w.rows,
    byOrigin: w.byOrigin,
    sha256: main?.sha256 ?? '',
    filter: p.filter,
    createdAt: new Date().toISOString(),
    app: APP,
    format: p.format,
    include: p.include,
    files: w.files,
    bySplit: w.bySplit,
    schemaVersion: db.info.schemaVersion,
  };
}

/** Counts every pair read (kept or not), so progress reaches its total whatever the review filter drops. */
function* counted(pairs: Iterable<Pair>, onRead: (n: number) => void): Generator<Pair> {
  let n = 0;
  for (const pair of pairs) {
    yield pair;
    onRead(++n);
  }
}

export const runExportJob: JobRunner<'export'> = async (ctx: JobContext) => {
  const p = parseJobParams(ExportJobParams, 'export', ctx.params);
  const total = ctx.db.pairs.count(p.filter);
  const report = (done: number, message: string, force = false): void =>
    ctx.progress({ done, total, unit: 'pairs', message }, force);
  report(0, `exporting ${total} pairs as ${p.format === 'jsonl' ? p.shape : p.format}`, true);
  if (p.format === 'patch') {
    try {
      const r = writePatch(ctx.db, p.path, p.shape, p.filter, APP, (n) => report(n, `read ${n} of ${total}`), ctx.signal);
      const files = [{ file: basename(p.path), sha256: r.sha256, bytes: r.bytes, rows: null }];
      const manifestPath = manifestPathOf(p.path, p.format);
      writeText(manifestPath, `${JSON.stringify({ ...manifestOf(p, ctx.db, { rows: 0, byOrigin: {}, bySplit: {}, files }), filter: { datasetId: r.datasetId }, changes: r.byChange }, null, 2)}\n`);
      report(total, `wrote the patch of data set ${r.datasetId} to ${p.path}`, true);
      return { path: p.path, manifestPath, sha256: r.sha256, changes: r.byChange };
    } catch (err) {
      if (ctx.signal.aborted) return { path: p.path, rows: 0, cancelled: true };
      throw err;
    }
  }
  const read = counted(ctx.db.pairs.iterate(p.filter, 500), (n) => report(n, `read ${n} of ${total}`));
  const pairs = selectPairs(read, p.include);
  try {
    let written: Written;
    if (p.format === 'hf') written = await writeFolder(pairs, p, ctx.db, ctx.signal);
    else if (p.format === 'parquet') written = await writeParquetFile(pairs, p, ctx.db, ctx.signal);
    else {
      const r = await writeExport(pairs, p.path, p.shape, undefined, { signal: ctx.signal, gzip: p.gzip });
      written = { ...r, files: [{ file: basename(p.path), sha256: r.sha256, bytes: r.bytes, rows: r.rows }] };
    }
    const manifestPath = manifestPathOf(p.path, p.format);
    if (p.format !== 'hf') writeText(manifestPath, `${JSON.stringify(manifestOf(p, ctx.db, written), null, 2)}\n`);
    // Forced, and at the total: the bar ends at 100% however fast the export was.
    report(total, `exported ${written.rows} pairs to ${p.path}`, true);
    return { path: p.path, manifestPath, rows: written.rows, sha256: written.files[0]?.sha256 ?? '', byOrigin: written.byOrigin, bySplit: written.bySplit };
  } catch (err) {
    // A soft cancel aborts the write; the partial file or folder is already removed.
    if (ctx.signal.aborted) return { path: p.path, rows: 0, cancelled: true };
    throw err;
  }
};
