// Applies numbered migrations, one transaction each, and records progress in PRAGMA user_version.
import type Database from 'better-sqlite3';

/** One schema step; `up` runs inside a write transaction that also bumps user_version. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/** Written into `meta.app` by migration 1: tells our project files apart from other SQLite files. */
export const APP_MARKER = 'preference-studio';

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Runs every migration newer than the file's user_version, in order. Each runs in an IMMEDIATE transaction and
 * re-reads user_version inside it, so two connections opening the same old project cannot both apply a step.
 * A failing step rolls back whole: the file keeps the previous version and no half-made tables.
 * Returns the versions applied.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[]): number[] {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  // Numbers are assigned per feature branch, so a branch may lack some until merge: they must only increase.
  ordered.forEach((m, i) => {
    if (i > 0 && m.version <= (ordered[i - 1]?.version ?? 0))
      throw new Error(`Migrations must have distinct increasing numbers; found ${m.version} twice`);
  });
  const applied: number[] = [];
  for (const m of ordered) {
    const step = db.transaction(() => {
      if (schemaVersion(db) >= m.version) return false;
      m.up(db);
      // PRAGMA user_version is written to the file header inside this transaction, so it commits with the step.
      db.pragma(`user_version = ${m.version}`);
      return true;
    });
    if (step.immediate()) applied.push(m.version);
  }
  return applied;
}
