// Models: reward/policy/external models with their preset, config, artifacts, lineage (MARS rounds) and metrics.
import type Database from 'better-sqlite3';
import { ErrorCode, StudioError } from '../shared/errors';
import { fromJson, now, toJson } from './rows';
import type { ModelKind, ModelRecord, ModelsRepo, NewModel } from './types';

interface ModelRow {
  id: number;
  name: string;
  kind: ModelKind;
  preset: string | null;
  config: string;
  artifact_path: string | null;
  parent_model_id: number | null;
  round: number | null;
  status: string;
  metrics: string | null;
  created_at: string;
}

function toModel(r: ModelRow): ModelRecord {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    preset: r.preset,
    config: JSON.parse(r.config) as Record<string, unknown>,
    artifactPath: r.artifact_path,
    parentModelId: r.parent_model_id,
    round: r.round,
    status: r.status,
    metrics: fromJson<Record<string, unknown>>(r.metrics),
    createdAt: r.created_at,
  };
}

export class SqliteModelsRepo implements ModelsRepo {
  private readonly insert: Database.Statement;
  private readonly byId: Database.Statement;
  private readonly all: Database.Statement;
  private readonly ofKind: Database.Statement;
  private readonly metrics: Database.Statement;
  private readonly status: Database.Statement;

  constructor(db: Database.Database) {
    this.insert =
      db.prepare(`INSERT INTO models (name, kind, preset, config, artifact_path, parent_model_id, round,
      status, created_at) VALUES (@name, @kind, @preset, @config, @artifactPath, @parentModelId, @round, @status, @createdAt)
      RETURNING *`);
    this.byId = db.prepare('SELECT * FROM models WHERE id = ?');
    this.all = db.prepare('SELECT * FROM models ORDER BY id DESC');
    this.ofKind = db.prepare('SELECT * FROM models WHERE kind = ? ORDER BY id DESC');
    this.metrics = db.prepare('UPDATE models SET metrics = ? WHERE id = ? RETURNING *');
    this.status = db.prepare(`UPDATE models SET status = @status,
      artifact_path = CASE WHEN @setPath THEN @artifactPath ELSE artifact_path END WHERE id = @id RETURNING *`);
  }

  create(input: NewModel): ModelRecord {
    const row = this.insert.get({
      name: input.name,
      kind: input.kind,
      preset: input.preset ?? null,
      config: JSON.stringify(input.config ?? {}),
      artifactPath: input.artifactPath ?? null,
      parentModelId: input.parentModelId ?? null,
      round: input.round ?? null,
      status: input.status ?? 'created',
      createdAt: now(),
    }) as ModelRow;
    return toModel(row);
  }

  get(id: number): ModelRecord | null {
    const row = this.byId.get(id) as ModelRow | undefined;
    return row === undefined ? null : toModel(row);
  }

  list(filter: { kind?: ModelKind } = {}): ModelRecord[] {
    const rows = filter.kind === undefined ? this.all.all() : this.ofKind.all(filter.kind);
    return (rows as ModelRow[]).map(toModel);
  }

  updateMetrics(id: number, metrics: Record<string, unknown>): ModelRecord {
    return this.found(id, this.metrics.get(toJson(metrics), id) as ModelRow | undefined);
  }

  setStatus(id: number, status: string, artifactPath?: string | null): ModelRecord {
    const row = this.status.get({
      id,
      status,
      setPath: artifactPath === undefined ? 0 : 1,
      artifactPath: artifactPath ?? null,
    }) as ModelRow | undefined;
    return this.found(id, row);
  }

  private found(id: number, row: ModelRow | undefined): ModelRecord {
    if (row === undefined)
      throw new StudioError(ErrorCode.NotFound, `Model ${id} not found`, { modelId: id });
    return toModel(row);
  }
}
