// Migration 4: MARS refinement runs with their per-round ledger, and project settings (the LLM endpoint).
import type { Migration } from '../migrate';

/*
 * Why these tables:
 * - `mars_runs` holds a run's whole configuration, so continuing one (after approval, a cancel or a crash) needs
 *   nothing but its id; `status` and `rounds_done` are what the runs list shows.
 * - `mars_rounds` is the ledger and also the run's checkpoint: a round's row is written in the same transaction as
 *   the augmented pairs it made (phase `augmented`), so a resumed round never augments twice; `model_id` names the
 *   retrained model from the moment training starts, so a resumed round finds its model folder and checkpoint.
 * - `settings` is a small key/value table (JSON values) for project-level preferences such as the LLM endpoint.
 */
const SCHEMA = `
CREATE TABLE mars_runs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'awaiting-approval', 'done', 'failed', 'cancelled', 'interrupted')),
  config TEXT NOT NULL,
  base_model_id INTEGER REFERENCES models(id) ON DELETE SET NULL,
  rounds_done INTEGER NOT NULL DEFAULT 0,
  job_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE mars_rounds (
  run_id INTEGER NOT NULL REFERENCES mars_runs(id) ON DELETE CASCADE,
  round INTEGER NOT NULL CHECK (round >= 1),
  phase TEXT NOT NULL CHECK (phase IN ('augmented', 'training', 'done')),
  source_model_id INTEGER NOT NULL REFERENCES models(id),
  model_id INTEGER REFERENCES models(id),
  selected INTEGER NOT NULL,
  budget INTEGER NOT NULL,
  spent INTEGER NOT NULL,
  operator_budget TEXT NOT NULL,
  rejected TEXT NOT NULL,
  semantic TEXT,
  validation TEXT,
  train TEXT,
  crossed TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  PRIMARY KEY (run_id, round)
) WITHOUT ROWID;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;

export const version = 4;
export const name = 'mars-ledger';

export const up: Migration['up'] = (db) => {
  db.exec(SCHEMA);
};
