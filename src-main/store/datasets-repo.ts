// Data sets: one row per import, with pair and issue counts read from the trigger-kept tallies.
import type Database from 'better-sqlite3';
import type { Dataset, JobState } from '../shared/dto';
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
  import_job_id: string | null;
  import_state: JobState | null;
  cross_duplicates: number | null;
}

// The latest import job of each data set tells whether the import finished (the jobs table is small).
const SELECT = `SELECT d.id, d.name, d.source_path, d.format, d.created_at,
  (SELECT coalesce(sum(c.n), 0) FROM pair_counts c WHERE c.dataset_id = d.id) AS pair_count,
  (SELECT count(*) FROM import_issues i WHERE i.dataset_id = d.id) AS issue_count,
  j.id AS import_job_id, j.state AS import_state,
  json_extract(j.checkpoint, '$.counts.crossDuplicates') AS cross_duplicates
  FROM datasets d LEFT JOIN jobs j ON j.id = (SELECT id FROM jobs WHERE kind = 'import'
    AND json_extract(params, '$.datasetId') = d.id ORDER BY created_at DESC, rowid DESC LIMIT 1)`;

function toDataset(r: DatasetRow): Dataset {
  return {
    id: r.id,
    name: r.name,
    sourcePath: r.source_path,
    format: r.format,
    createdAt: r.created_at,
    pairCount: r.pair_count,
    issueCount: r.issue_count,
    importState: r.import_state,
    importJobId: r.import_job_id,
    crossDuplicates: r.cross_duplicates ?? 0,
  };
}

export class SqliteDatasetsRepo implements DatasetsRepo {
  private readonly insert: Database.Statement;
  private readonly byId: Database.Statement;
  private readonly byName: Database.Statement;
  private readonly all: Database.Statement;
  private readonly bySourceHash: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      'INSERT INTO datasets (name, source_path, format, options, created_at, source_hash) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.bySourceHash = db.prepare(`${SELECT} WHERE d.source_hash = ? ORDER BY d.id DESC LIMIT 1`);
    this.byId = db.prepare(`${SELECT} WHERE d.id = ?`);
    this.byName = db.prepare(`${SELECT} WHERE d.name = ?`);
    this.all = db.prepare(`${SELECT} ORDER BY d.id`);
  }

  create(input: {
    name: string;
    sourcePath: string | null;
    format: string | null;
    options?: Record<string, unknown>;
    sourceHash?: string;
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
      input.sourceHash ?? null,
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

  findBySourceHash(hash: string): Dataset | null {
    const row = this.bySourceHash.get(hash) as DatasetRow | undefined;
    return row === undefined ? null : toDataset(row);
  }

  list(): Dataset[] {
    return (this.all.all() as DatasetRow[]).map(toDataset);
  }
}
