// Writes the patch of one data set: a header saying how its source file was read, then every change reviewers made, in pair order.
import { basename } from 'node:path';
import { ImportFormat, PkuPreference, Split, type ExportShape, type PairFilter } from '../../shared/dto';
import { ErrorCode, StudioError } from '../../shared/errors';
import type { ProjectDb, ReviewLogEntry } from '../../store/types';
import { AtomicFile } from '../atomic-file';
import { countInto } from '../write-export';
import { changeOf, liveEntries } from './build-patch';
import type { PatchHeader } from './patch-file';

function* wholeLog(db: ProjectDb): Generator<ReviewLogEntry> {
  let after = 0;
  for (;;) {
    const page = db.reviewLog.list({ after, limit: 1000 });
    if (page.length === 0) return;
    yield* page;
    after = page[page.length - 1]?.id ?? after;
  }
}

/** A patch is against one source file, so the filter may name a data set and nothing else. */
function datasetOf(db: ProjectDb, filter: PairFilter): number {
  const other = Object.keys(filter).filter((k) => k !== 'datasetId' && k !== 'modelId');
  if (other.length > 0) throw new StudioError(ErrorCode.InvalidRequest, `a patch covers a whole data set; drop the ${other.join(', ')} filter`, { field: 'filter' });
  if (filter.datasetId !== undefined) return filter.datasetId;
  const all = db.datasets.list();
  if (all.length !== 1 || all[0] === undefined) throw new StudioError(ErrorCode.InvalidRequest, `the project has ${all.length} data sets: name one (--dataset) for the patch`, { field: 'filter' });
  return all[0].id;
}

export function writePatch(db: ProjectDb, path: string, shape: ExportShape, filter: PairFilter, app: string, onRead: (n: number) => void, signal: AbortSignal) {
  const datasetId = datasetOf(db, filter);
  const dataset = db.datasets.get(datasetId);
  const format = ImportFormat.safeParse(dataset?.format);
  if (dataset === null || !format.success) throw new StudioError(ErrorCode.InvalidRequest, `data set ${datasetId} has no source file to patch against`, { datasetId });
  // The import job's parameters say how the file was read (mapping, PKU label, default split).
  const o = db.jobs.list(10_000).find((j) => j.kind === 'import' && j.params.datasetId === datasetId)?.params ?? {};
  const header: PatchHeader = {
    type: 'header',
    version: 1,
    source: {
      file: dataset.sourcePath === null ? null : basename(dataset.sourcePath),
      format: format.data,
      ...(typeof o.mapping === 'object' && o.mapping !== null ? { mapping: o.mapping as NonNullable<PatchHeader['source']['mapping']> } : {}),
      pkuPreference: PkuPreference.safeParse(o.pkuPreference).data ?? 'better',
      split: Split.safeParse(o.split).data ?? 'train',
    },
    shape,
    app,
  };
  const entries = liveEntries(wholeLog(db));
  const file = new AtomicFile(path);
  const byChange: Record<string, number> = {};
  let read = 0;
  try {
    file.write(Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'));
    for (const pair of db.pairs.iterate({ datasetId }, 500)) {
      signal.throwIfAborted();
      const change = changeOf(pair, entries.get(pair.id));
      if (change !== null) {
        file.write(Buffer.from(`${JSON.stringify(change)}\n`, 'utf8'));
        countInto(byChange, change.type);
      }
      onRead(++read);
    }
    const bytes = file.bytes;
    return { sha256: file.commit(), bytes, byChange, datasetId };
  } catch (err) {
    file.abort();
    throw err;
  }
}
