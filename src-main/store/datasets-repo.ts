// Data sets: one row per import, with pair and issue counts read from the trigger-kept tallies.
import type Database from 'better-sqlite3';
import type { Dataset } from '../shared/dto';
import { ErrorCode, StudioError } from '../shared/errors';
import { now } from './rows';
import type { DatasetsRepo } from './types';

interface DatasetRow {
  id: number;
  name: string;
  source_path: string | null;
  format: string | null;
  created_at: string;
  pair_count: number;
  issue_count: number;
}

const SELECT = `SELECT d.id, d.name, d.source_path, d.format, d.created_at,
  (SELECT coalesce(sum(c.n), 0) FROM pair_counts c WHERE c.dataset_id = d.id) AS pair_count,
  (SELECT count(*) FROM import_issues i WHERE i.dataset_id = d.id) AS issue_count
  FROM datasets d`;

function toDataset(r: DatasetRow): Dataset {
  return {
    id: r.id,
    name: r.name,
    sourcePath: r.source_path,
    format: r.format,
    createdAt: r.created_at,
    pairCount: r.pair_count,
    issueCount: r.issue_count,
  };
}

export class SqliteDatasetsRepo implements DatasetsRepo {
  private readonly insert: Database.Statement;
  private readonly byId: Database.Statement;
  private readonly byName: Database.Statement;
  private readonly all: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      'INSERT INTO datasets (name, source_path, format, options, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.byId = db.prepare(`${SELECT} WHERE d.id = ?`);
    this.byName = db.prepare(`${SELECT} WHERE d.name = ?`);
    this.all = db.prepare(`${SELECT} ORDER BY d.id`);
  }

  create(input: {
    name: string;
    sourcePath: string | null;
    format: string | null;
    options?: Record<string, unknown>;
  }): Dataset {
    if (this.byName.get(input.name) !== undefined) {
      throw new StudioError(
        ErrorCode.InvalidRequest,
        `A data set named "${input.name}" already exists in this project`,
        {
          field: 'datasetName',
        },
      );
    }
    const info = this.insert.run(
      input.name,
      input.sourcePath,
      input.format,
      JSON.stringify(input.options ?? {}),
      now(),
    );
    return toDataset(this.byId.get(info.lastInsertRowid) as DatasetRow);
  }

  get(id: number): Dataset | null {
    const row = this.byId.get(id) as DatasetRow | undefined;
    return row === undefined ? null : toDataset(row);
  }

  findByName(name: string): Dataset | null {
    const row = this.byName.get(name) as DatasetRow | undefined;
    return row === undefined ? null : toDataset(row);
  }

  list(): Dataset[] {
    return (this.all.all() as DatasetRow[]).map(toDataset);
  }
}
