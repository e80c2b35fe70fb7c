// What an export will write, without writing it: its first rows in the chosen format and the data-set card with the filter's counts.
import { basename } from 'node:path';
import { version } from '../../package.json';
import { Origin, ReviewStatus, Split, type ExportPreview, type ExportFormat, type ExportInclude, type ExportShape, type PairFilter } from '../shared/dto';
import type { ProjectDb } from '../store/types';
import { datasetCard } from './dataset-card';
import { netActions, rowContext, sourcesOf } from './export-facts';
import { formatExportRow } from './format-row';
import { splitFileName } from './hf-folder';
import { COLUMNS, rowValues } from './parquet-columns';
import { selectPairs } from './patched-set';

const PREVIEW_ROWS = 5;

function nonZero(entries: [string, number][]): Record<string, number> {
  return Object.fromEntries(entries.filter(([, n]) => n > 0));
}

export function exportPreview(db: ProjectDb, o: { path: string; shape: ExportShape; filter: PairFilter; format: ExportFormat; include: ExportInclude }): ExportPreview {
  const rows: string[] = [];
  const ctx = rowContext(db, o.filter);
  for (const pair of selectPairs(db.pairs.iterate(o.filter, PREVIEW_ROWS * 4), o.include)) {
    if (rows.length >= PREVIEW_ROWS) break;
    const values = rowValues(pair, ctx);
    rows.push(
      o.format === 'jsonl' || o.format === 'patch'
        ? formatExportRow(o.shape, pair)
        : JSON.stringify(Object.fromEntries(COLUMNS.map((c, i) => [c.name, values[i]]))),
    );
  }
  if (o.format !== 'hf') return { rows, card: null };
  // Counts of the filter before the review selection: the written card counts what was kept.
  const count = (extra: PairFilter): number => db.pairs.count({ ...o.filter, ...extra });
  const bySplit = nonZero(Split.options.map((s) => [s, count({ split: s })]));
  const sources = sourcesOf(db, o.filter);
  const licenses = [...new Set(sources.map((s) => s.license))];
  const model = o.filter.modelId === undefined ? null : db.models.get(o.filter.modelId);
  const card = datasetCard({
    name: basename(o.path),
    files: Object.fromEntries(Object.keys(bySplit).map((s) => [s, splitFileName(s)])),
    bySplit,
    byOrigin: nonZero(Origin.options.map((v) => [v, count({ origin: v })])),
    byReview: nonZero(ReviewStatus.options.map((v) => [v, count({ reviewStatus: v })])),
    byOperator: {},
    byRole: {},
    actions: netActions(db),
    sources,
    license: licenses.length === 1 ? (licenses[0] ?? null) : null,
    rewardModel: model === null ? null : `${model.name} (model ${model.id})`,
    app: `preference-studio ${version}`,
    include: o.include,
  });
  return { rows, card };
}
