// Migration 5: who owns a running job (so a second process never marks a live job interrupted) and which source
// file a data set was imported from (so importing the same file again is detected).
import type { Migration } from '../migrate';

/*
 * Why these columns:
 * - `owner_pid`, `owner_host`, `owner_token`, `owner_label` name the process that runs a job; `heartbeat_at`
 *   (ms since the epoch) is refreshed by that process while the job runs. Opening a project marks a running job
 *   interrupted only when its owner is gone: a dead pid on this host, or a heartbeat too old (another host, or a
 *   reused pid). A job row without an owner predates this migration and counts as gone.
 * - `source_hash` is the sha256 of the imported file's bytes; `import.start` looks it up to offer resume or skip.
 */
const SCHEMA = `
ALTER TABLE jobs ADD COLUMN owner_pid INTEGER;
ALTER TABLE jobs ADD COLUMN owner_host TEXT;
ALTER TABLE jobs ADD COLUMN owner_token TEXT;
ALTER TABLE jobs ADD COLUMN owner_label TEXT;
ALTER TABLE jobs ADD COLUMN heartbeat_at INTEGER;
CREATE INDEX jobs_live ON jobs(state) WHERE state IN ('running', 'queued');
ALTER TABLE datasets ADD COLUMN source_hash TEXT;
CREATE INDEX datasets_source_hash ON datasets(source_hash) WHERE source_hash IS NOT NULL;
`;

export const version = 5;
export const name = 'job-owners';

export const up: Migration['up'] = (db) => {
  db.exec(SCHEMA);
};
