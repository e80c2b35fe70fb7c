// Migration 7: REFORM failure-patching runs with their per-round ledger.
import type { Migration } from '../migrate';

/*
 * Why these tables:
 * - `reform_runs` holds a run's whole configuration and the policies it attacks with, so continuing one (after
 *   review, a cancel or a crash) needs nothing but its id.
 * - `reform_rounds` is the ledger and the run's checkpoint. The row is written in the same transaction as the
 *   round's discovery run (phase `discovering`), whose outputs table is itself the discovery checkpoint, so a
 *   resumed round decodes no prompt twice; the budget cap (`discovered`) and the added pairs (`added`) each commit
 *   with the review statuses they set, so nothing is set aside or added twice; `model_id` names the retrained model
 *   from the moment training starts, so a resumed round finds its checkpoint.
 */
const SCHEMA = `
CREATE TABLE reform_runs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'awaiting-review', 'done', 'failed', 'cancelled', 'interrupted')),
  config TEXT NOT NULL,
  base_model_id INTEGER NOT NULL REFERENCES models(id),
  policies TEXT NOT NULL,
  rounds_done INTEGER NOT NULL DEFAULT 0,
  job_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE reform_rounds (
  run_id INTEGER NOT NULL REFERENCES reform_runs(id) ON DELETE CASCADE,
  round INTEGER NOT NULL CHECK (round >= 1),
  phase TEXT NOT NULL CHECK (phase IN ('discovering', 'discovered', 'added', 'training', 'done')),
  source_model_id INTEGER NOT NULL REFERENCES models(id),
  model_id INTEGER REFERENCES models(id),
  discovery_run_id INTEGER NOT NULL REFERENCES discovery_runs(id),
  prompts INTEGER NOT NULL,
  budget INTEGER NOT NULL,
  found TEXT,
  candidates TEXT,
  set_aside INTEGER,
  confirmed INTEGER,
  added TEXT,
  validation TEXT,
  train TEXT,
  attack_before TEXT,
  attack_after TEXT,
  crossed TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  PRIMARY KEY (run_id, round)
) WITHOUT ROWID;
`;

export const version = 7;
export const name = 'reform-ledger';

export const up: Migration['up'] = (db) => {
  db.exec(SCHEMA);
};
