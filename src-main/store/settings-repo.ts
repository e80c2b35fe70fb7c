// Project settings: small JSON values by key (the LLM endpoint lives here).
import type Database from 'better-sqlite3';
import type { SettingsRepo } from './types';

export class SqliteSettingsRepo implements SettingsRepo {
  private readonly read: Database.Statement;
  private readonly write: Database.Statement;
  private readonly remove: Database.Statement;

  constructor(db: Database.Database) {
    this.read = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
    this.write = db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.remove = db.prepare('DELETE FROM settings WHERE key = ?');
  }

  get<T>(key: string): T | null {
    const value = this.read.get(key) as string | undefined;
    return value === undefined ? null : (JSON.parse(value) as T);
  }

  set(key: string, value: unknown): void {
    this.write.run(key, JSON.stringify(value));
  }

  delete(key: string): void {
    this.remove.run(key);
  }
}
