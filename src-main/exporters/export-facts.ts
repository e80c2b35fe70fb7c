// What an export says about its project: data set names and sources, scores under the filter's model, net reviewer actions.
import { basename } from 'node:path';
import type { Pair, PairFilter } from '../shared/dto';
import type { ProjectDb } from '../store/types';
import { licenseBeside } from './dataset-card';
import type { RowContext } from './parquet-columns';

export function rowContext(db: ProjectDb, filter: PairFilter): RowContext {
  const datasets = new Map(db.datasets.list().map((d) => [d.id, d]));
  const modelId = filter.modelId;
  return {
    datasetName: (id) => datasets.get(id)?.name ?? null,
    sourceFile: (id) => {
      const path = datasets.get(id)?.sourcePath ?? null;
      return path === null ? null : basename(path);
    },
    margin: (pair: Pair) => (modelId === undefined ? null : (db.scores.get(modelId, pair.id)?.margin ?? null)),
  };
}

/** Reviewer actions in the audit log that no later entry undid, counted by action. */
export function netActions(db: ProjectDb): Record<string, number> {
  const undone = new Set<number>();
  const actions = new Map<number, string>();
  let after = 0;
  for (;;) {
    const page = db.reviewLog.list({ after, limit: 1000 });
    if (page.length === 0) break;
    for (const e of page) {
      if (e.undoes !== null) undone.add(e.undoes);
      else actions.set(e.id, e.action);
      after = e.id;
    }
  }
  const counts: Record<string, number> = {};
  for (const [id, action] of actions) if (!undone.has(id)) counts[action] = (counts[action] ?? 0) + 1;
  return counts;
}

export function sourcesOf(db: ProjectDb, filter: PairFilter): { name: string; file: string | null; format: string | null; license: string | null }[] {
  return db.datasets
    .list()
    .filter((d) => filter.datasetId === undefined || d.id === filter.datasetId)
    .map((d) => ({ name: d.name, file: d.sourcePath === null ? null : basename(d.sourcePath), format: d.format, license: licenseBeside(d.sourcePath) }));
}
