// The columns of a Parquet export: TRL-standard texts plus provenance, so pandas can filter what the app can.
import type { Pair } from '../shared/dto';

export type ColumnType = 'STRING' | 'INT32' | 'DOUBLE' | 'BOOLEAN';

export interface ColumnDef {
  name: string;
  type: ColumnType;
  /** HF `datasets` feature dtype of the column. */
  dtype: 'string' | 'int32' | 'float64' | 'bool';
  nullable: boolean;
  doc: string;
}

/** What a row needs beyond the pair: names of data sets, the source file, a score under a chosen model. */
export interface RowContext {
  datasetName(id: number): string | null;
  sourceFile(id: number): string | null;
  margin(pair: Pair): number | null;
}

type Value = string | number | boolean | null;

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

const DEFS: [ColumnDef, (p: Pair, c: RowContext) => Value][] = [
  [{ name: 'prompt', type: 'STRING', dtype: 'string', nullable: false, doc: 'the prompt as one string' }, (p) => p.prompt],
  [{ name: 'chosen', type: 'STRING', dtype: 'string', nullable: false, doc: 'the preferred response' }, (p) => p.chosen],
  [{ name: 'rejected', type: 'STRING', dtype: 'string', nullable: false, doc: 'the other response' }, (p) => p.rejected],
  [{ name: 'pair_id', type: 'INT32', dtype: 'int32', nullable: false, doc: "the pair's id in the project" }, (p) => p.id],
  [{ name: 'content_hash', type: 'STRING', dtype: 'string', nullable: false, doc: 'sha256 of prompt, chosen and rejected' }, (p) => p.contentHash],
  [{ name: 'source_dataset', type: 'STRING', dtype: 'string', nullable: true, doc: 'the data set the pair belongs to' }, (p, c) => c.datasetName(p.datasetId)],
  [{ name: 'source_file', type: 'STRING', dtype: 'string', nullable: true, doc: 'its source file (name only)' }, (p, c) => c.sourceFile(p.datasetId)],
  [{ name: 'source_line', type: 'INT32', dtype: 'int32', nullable: true, doc: 'its line in that file' }, (p) => p.sourceLine],
  [{ name: 'origin', type: 'STRING', dtype: 'string', nullable: false, doc: 'original, augmented, discovered or edited' }, (p) => p.origin],
  [{ name: 'parent_pair_id', type: 'INT32', dtype: 'int32', nullable: true, doc: 'the pair a variant or failure came from' }, (p) => p.parentId],
  [{ name: 'operator', type: 'STRING', dtype: 'string', nullable: true, doc: 'MARS operator that made a variant' }, (p) => text(p.provenance?.operator)],
  [{ name: 'policy_role', type: 'STRING', dtype: 'string', nullable: true, doc: 'role of a discovered failure' }, (p) => text(p.provenance?.role)],
  [{ name: 'round', type: 'INT32', dtype: 'int32', nullable: true, doc: 'the MARS or discovery round' }, (p) => p.round],
  [{ name: 'review_state', type: 'STRING', dtype: 'string', nullable: true, doc: "the reviewer's verdict, if any" }, (p) => p.reviewStatus],
  [{ name: 'split', type: 'STRING', dtype: 'string', nullable: false, doc: 'train, validation or test' }, (p) => p.split],
  [{ name: 'tie', type: 'BOOLEAN', dtype: 'bool', nullable: false, doc: 'neither response is better' }, (p) => p.tie],
  [{ name: 'strength', type: 'DOUBLE', dtype: 'float64', nullable: true, doc: 'preference strength from the source' }, (p) => p.strength],
  [{ name: 'margin', type: 'DOUBLE', dtype: 'float64', nullable: true, doc: 'r(chosen) − r(rejected) under the filter’s model' }, (p, c) => c.margin(p)],
  [{ name: 'provenance', type: 'STRING', dtype: 'string', nullable: true, doc: 'the full provenance record as JSON' }, (p) => (p.provenance === null ? null : JSON.stringify(p.provenance))],
];

export const COLUMNS: readonly ColumnDef[] = DEFS.map(([def]) => def);

export function rowValues(pair: Pair, ctx: RowContext): Value[] {
  return DEFS.map(([, get]) => get(pair, ctx));
}
