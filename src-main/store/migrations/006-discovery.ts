// Migration 7: failure-discovery runs and every output they generated (failures and non-failures alike).
import type { Migration } from '../migrate';

/*
 * Why these tables:
 * - `discovery_runs` holds a run's whole configuration, the policies and reward model it used, and the source
 *   pairs it decodes (`prompt_ids`, fixed at its first start), so resuming needs nothing but the run id.
 * - `discovery_outputs` keeps every generated response, not only failures: the failure rate needs the rest, and
 *   the robustness measure of the next issue re-scores them under later models. A prompt's outputs commit with
 *   the failure pairs they made, so the UNIQUE key is also the resume checkpoint (nothing is generated twice).
 *   `failure_pair_id` links a failure to its `pairs` row (origin `discovered`, parent = the source pair).
 * - `gap` is signed so that gap > 0 is exactly a failure: r(y_rejected) − r(y) for an aligned output,
 *   r(y) − r(y_chosen) for a misaligned one.
 */
const SCHEMA = `
CREATE TABLE discovery_runs (
  id INTEGER PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled', 'interrupted')),
  config TEXT NOT NULL,
  reward_model_id INTEGER REFERENCES models(id) ON DELETE SET NULL,
  policies TEXT NOT NULL,
  prompt_ids TEXT NOT NULL DEFAULT '[]',
  tokens INTEGER NOT NULL DEFAULT 0,
  seconds REAL NOT NULL DEFAULT 0,
  job_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE discovery_outputs (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES discovery_runs(id) ON DELETE CASCADE,
  source_pair_id INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('aligned', 'misaligned')),
  mode TEXT NOT NULL CHECK (mode IN ('guided', 'sample')),
  sample INTEGER NOT NULL,
  response TEXT NOT NULL,
  reward REAL NOT NULL,
  r_chosen REAL NOT NULL,
  r_rejected REAL NOT NULL,
  gap REAL NOT NULL,
  is_failure INTEGER NOT NULL CHECK (is_failure IN (0, 1)),
  tokens INTEGER NOT NULL,
  failure_pair_id INTEGER REFERENCES pairs(id) ON DELETE SET NULL,
  UNIQUE (run_id, role, source_pair_id, sample)
);
CREATE INDEX discovery_outputs_failure_pair ON discovery_outputs(failure_pair_id) WHERE failure_pair_id IS NOT NULL;
`;

export const version = 6;
export const name = 'discovery';

export const up: Migration['up'] = (db) => {
  db.exec(SCHEMA);
};
