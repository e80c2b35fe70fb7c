// Streams rows into one Parquet file, a row group at a time, so memory stays constant however many pairs there are.
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet';
import { AtomicFile } from './atomic-file';
import { COLUMNS, type ColumnDef } from './parquet-columns';

/** Rows per row group: large enough for good compression, small enough to bound memory (~tens of MB of text). */
export const ROW_GROUP = 10_000;

const PHYSICAL: Record<ColumnDef['type'], Pick<SchemaElement, 'type' | 'converted_type'>> = {
  STRING: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  INT32: { type: 'INT32' },
  DOUBLE: { type: 'DOUBLE' },
  BOOLEAN: { type: 'BOOLEAN' },
};

function schema(): SchemaElement[] {
  return [
    { name: 'root', num_children: COLUMNS.length },
    ...COLUMNS.map((c) => ({ name: c.name, ...PHYSICAL[c.type], repetition_type: c.nullable ? ('OPTIONAL' as const) : ('REQUIRED' as const) })),
  ];
}

/** The library's byte writer, emptied into the file after each row group instead of growing in memory. */
class FileSink extends ByteWriter {
  constructor(private readonly file: AtomicFile) {
    super(1 << 20);
  }

  flush(): void {
    if (this.index === 0) return;
    this.file.write(new Uint8Array(this.buffer, 0, this.index));
    this.index = 0;
  }

  override finish(): void {
    this.flush();
  }
}

type Value = string | number | boolean | null;

export class ParquetStream {
  private readonly file: AtomicFile;
  private readonly writer: ParquetWriter;
  private readonly columns: Value[][] = COLUMNS.map(() => []);
  rows = 0;

  constructor(path: string, createdBy: string, kvMetadata: { key: string; value: string }[] = []) {
    this.file = new AtomicFile(path);
    this.writer = new ParquetWriter({ writer: new FileSink(this.file), schema: schema(), createdBy, kvMetadata });
  }

  add(values: Value[]): void {
    values.forEach((v, i) => this.columns[i]?.push(v));
    this.rows++;
    if ((this.columns[0]?.length ?? 0) >= ROW_GROUP) this.flushGroup();
  }

  private flushGroup(): void {
    const n = this.columns[0]?.length ?? 0;
    if (n === 0) return;
    const columnData = COLUMNS.map((c, i) => ({ name: c.name, data: this.columns[i] ?? [] }));
    void this.writer.write({ columnData, rowGroupSize: n });
    for (const col of this.columns) col.length = 0;
  }

  /** Writes the footer, fsyncs and renames into place; returns the file's sha256 and size. */
  commit(): { sha256: string; bytes: number } {
    this.flushGroup();
    void this.writer.finish();
    const bytes = this.file.bytes;
    return { sha256: this.file.commit(), bytes };
  }

  abort(): void {
    this.file.abort();
  }
}
