// Test fixtures for the store: throwaway project files in a tmp dir, pair factories and the real HH-RLHF sample.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll } from 'vitest';
import { openConnection } from '../../../src-main/store/connection';
import { openProject } from '../../../src-main/store/project';
import type { NewPair, ProjectDb } from '../../../src-main/store/types';

export interface TmpProject {
  dir: string;
  file: string;
  project: ProjectDb;
  cleanup(): void;
}

export function tmpDir(): string {
  return mkdtempSync(join(tmpdir(), 'prefstudio-store-'));
}

export function tmpProject(): TmpProject {
  const dir = tmpDir();
  const file = join(dir, 'test.prefstudio');
  const project = openProject(file, { create: true });
  return {
    dir,
    file,
    project,
    cleanup() {
      project.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A read-only raw connection to an empty, fully migrated project, for EXPLAIN QUERY PLAN tests; registers its own
 * beforeAll/afterAll, and `db()` returns the connection once the suite has started.
 */
export function planConnection(): () => Database.Database {
  let db: Database.Database | null = null;
  let dir = '';
  beforeAll(() => {
    const t = tmpProject();
    t.project.close();
    dir = t.dir;
    db = openConnection(t.file, true);
  });
  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!db) throw new Error('planConnection() is used outside a running suite');
    return db;
  };
}

/** A distinct pair; `i` varies the text so lengths and hashes differ. */
export function pair(datasetId: number, i: number, over: Partial<NewPair> = {}): NewPair {
  return {
    datasetId,
    prompt: `Question ${i}: ${'why '.repeat(i % 9)}?`,
    chosen: `Helpful answer ${i} ${'detail '.repeat(i % 13)}`,
    rejected: `Unhelpful answer ${i} ${'noise '.repeat(i % 7)}`,
    split: 'train',
    origin: 'original',
    ...over,
  };
}

export const HH_SAMPLE = resolve(
  import.meta.dirname,
  '../../../../shared/data/hh-rlhf/harmless-base-test-sample.jsonl.gz',
);

export interface HhPair {
  line: number;
  prompt: string;
  chosen: string;
  rejected: string;
}

/** The real sample split at the last assistant turn (good enough for store tests; importers do it properly). */
export function loadHhSample(): HhPair[] | null {
  if (!existsSync(HH_SAMPLE)) return null;
  const marker = '\n\nAssistant:';
  return gunzipSync(readFileSync(HH_SAMPLE))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      const row = JSON.parse(l) as { chosen: string; rejected: string };
      const cut = row.chosen.lastIndexOf(marker);
      return {
        line: i + 1,
        prompt: row.chosen.slice(0, cut),
        chosen: row.chosen.slice(cut + marker.length).trim(),
        rejected: row.rejected.slice(row.rejected.lastIndexOf(marker) + marker.length).trim(),
      };
    });
}
