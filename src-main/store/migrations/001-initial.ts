// Migration 1: the whole first schema, already shaped for reward models, MARS rounds, failure discovery and review.
import { randomUUID } from 'node:crypto';
import { APP_MARKER, type Migration } from '../migrate';

/*
 * Layout notes (why the schema looks the way it does):
 * - `pairs` keeps its small columns first and the three transcripts last, so filters that visit table rows never
 *   walk the transcripts' overflow pages.
 * - Lengths are STORED generated columns: they stay right after an edit and can be indexed.
 * - Every list sort key has an index alone and behind each equality filter (data set, origin, split), so a page is
 *   an index range scan, never a sort of the whole table. Each index costs every insert about as much as the
 *   row itself, so created_at has none: it never decreases as ids grow (the pairs repository writes it so, and
 *   `pairs_created_at_fixed` forbids changing it), which makes id order the created_at order.
 * - `pair_counts` is kept by triggers so the exact total of any data set / origin / split filter is a sum over a
 *   handful of rows instead of a count over a million index entries.
 * - `review_log.pair_id` is deliberately not a foreign key: the audit trail must outlive the pairs it mentions.
 */
const SCHEMA = `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE datasets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  source_path TEXT,
  format TEXT,
  options TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
);

CREATE TABLE models (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('reward', 'policy', 'external')),
  preset TEXT,
  config TEXT NOT NULL DEFAULT '{}',
  artifact_path TEXT,
  parent_model_id INTEGER REFERENCES models(id) ON DELETE SET NULL,
  round INTEGER,
  status TEXT NOT NULL DEFAULT 'created',
  metrics TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX models_parent ON models(parent_model_id) WHERE parent_model_id IS NOT NULL;

CREATE TABLE pairs (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  split TEXT NOT NULL CHECK (split IN ('train', 'validation', 'test')),
  origin TEXT NOT NULL CHECK (origin IN ('original', 'augmented', 'discovered', 'edited')),
  tie INTEGER NOT NULL DEFAULT 0 CHECK (tie IN (0, 1)),
  strength REAL,
  parent_id INTEGER REFERENCES pairs(id) ON DELETE SET NULL,
  round INTEGER,
  model_id INTEGER REFERENCES models(id) ON DELETE SET NULL,
  review_status TEXT,
  source_format TEXT,
  source_line INTEGER,
  content_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  prompt_len INTEGER GENERATED ALWAYS AS (length(prompt)) STORED,
  chosen_len INTEGER GENERATED ALWAYS AS (length(chosen)) STORED,
  rejected_len INTEGER GENERATED ALWAYS AS (length(rejected)) STORED,
  provenance TEXT,
  extra TEXT,
  prompt_messages TEXT,
  prompt TEXT NOT NULL,
  chosen TEXT NOT NULL,
  rejected TEXT NOT NULL
);

CREATE INDEX pairs_prompt_len ON pairs(prompt_len);
CREATE INDEX pairs_chosen_len ON pairs(chosen_len);
CREATE INDEX pairs_rejected_len ON pairs(rejected_len);
CREATE INDEX pairs_dataset ON pairs(dataset_id);
CREATE INDEX pairs_dataset_prompt_len ON pairs(dataset_id, prompt_len);
CREATE INDEX pairs_dataset_chosen_len ON pairs(dataset_id, chosen_len);
CREATE INDEX pairs_dataset_rejected_len ON pairs(dataset_id, rejected_len);
CREATE INDEX pairs_origin ON pairs(origin);
CREATE INDEX pairs_origin_prompt_len ON pairs(origin, prompt_len);
CREATE INDEX pairs_origin_chosen_len ON pairs(origin, chosen_len);
CREATE INDEX pairs_origin_rejected_len ON pairs(origin, rejected_len);
CREATE INDEX pairs_split ON pairs(split);
CREATE INDEX pairs_split_prompt_len ON pairs(split, prompt_len);
CREATE INDEX pairs_split_chosen_len ON pairs(split, chosen_len);
CREATE INDEX pairs_split_rejected_len ON pairs(split, rejected_len);
CREATE INDEX pairs_dataset_hash ON pairs(dataset_id, content_hash);
CREATE INDEX pairs_parent ON pairs(parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX pairs_model ON pairs(model_id) WHERE model_id IS NOT NULL;
CREATE INDEX pairs_review_status ON pairs(review_status) WHERE review_status IS NOT NULL;

CREATE TRIGGER pairs_created_at_fixed BEFORE UPDATE OF created_at ON pairs
  WHEN new.created_at IS NOT old.created_at BEGIN
  SELECT RAISE(ABORT, 'pairs.created_at cannot change: list order by creation relies on it');
END;

CREATE TRIGGER pairs_touch AFTER UPDATE ON pairs WHEN new.updated_at = old.updated_at BEGIN
  UPDATE pairs SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = new.id;
END;

CREATE TABLE pair_counts (
  dataset_id INTEGER NOT NULL,
  origin TEXT NOT NULL,
  split TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, origin, split)
) WITHOUT ROWID;

CREATE TRIGGER pair_counts_insert AFTER INSERT ON pairs BEGIN
  INSERT INTO pair_counts (dataset_id, origin, split, n) VALUES (new.dataset_id, new.origin, new.split, 1)
    ON CONFLICT (dataset_id, origin, split) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER pair_counts_delete AFTER DELETE ON pairs BEGIN
  UPDATE pair_counts SET n = n - 1 WHERE dataset_id = old.dataset_id AND origin = old.origin AND split = old.split;
  DELETE FROM pair_counts WHERE dataset_id = old.dataset_id AND origin = old.origin AND split = old.split AND n = 0;
END;
CREATE TRIGGER pair_counts_update AFTER UPDATE OF dataset_id, origin, split ON pairs BEGIN
  UPDATE pair_counts SET n = n - 1 WHERE dataset_id = old.dataset_id AND origin = old.origin AND split = old.split;
  DELETE FROM pair_counts WHERE dataset_id = old.dataset_id AND origin = old.origin AND split = old.split AND n = 0;
  INSERT INTO pair_counts (dataset_id, origin, split, n) VALUES (new.dataset_id, new.origin, new.split, 1)
    ON CONFLICT (dataset_id, origin, split) DO UPDATE SET n = n + 1;
END;

CREATE VIRTUAL TABLE pairs_fts USING fts5(
  prompt, chosen, rejected,
  content = 'pairs', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER pairs_fts_insert AFTER INSERT ON pairs BEGIN
  INSERT INTO pairs_fts (rowid, prompt, chosen, rejected) VALUES (new.id, new.prompt, new.chosen, new.rejected);
END;
CREATE TRIGGER pairs_fts_delete AFTER DELETE ON pairs BEGIN
  INSERT INTO pairs_fts (pairs_fts, rowid, prompt, chosen, rejected)
    VALUES ('delete', old.id, old.prompt, old.chosen, old.rejected);
END;
CREATE TRIGGER pairs_fts_update AFTER UPDATE OF prompt, chosen, rejected ON pairs BEGIN
  INSERT INTO pairs_fts (pairs_fts, rowid, prompt, chosen, rejected)
    VALUES ('delete', old.id, old.prompt, old.chosen, old.rejected);
  INSERT INTO pairs_fts (rowid, prompt, chosen, rejected) VALUES (new.id, new.prompt, new.chosen, new.rejected);
END;

CREATE TABLE scores (
  model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  pair_id INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
  r_chosen REAL NOT NULL,
  r_rejected REAL NOT NULL,
  margin REAL GENERATED ALWAYS AS (r_chosen - r_rejected) STORED,
  PRIMARY KEY (model_id, pair_id)
) WITHOUT ROWID;
CREATE INDEX scores_model_margin ON scores(model_id, margin);
CREATE INDEX scores_pair ON scores(pair_id);

CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled', 'interrupted')),
  params TEXT NOT NULL DEFAULT '{}',
  progress TEXT NOT NULL,
  checkpoint TEXT,
  result TEXT,
  error TEXT,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX jobs_state ON jobs(state);
CREATE INDEX jobs_created ON jobs(created_at);

CREATE TABLE import_issues (
  id INTEGER PRIMARY KEY,
  job_id TEXT REFERENCES jobs(id) ON DELETE SET NULL,
  dataset_id INTEGER REFERENCES datasets(id) ON DELETE CASCADE,
  file TEXT NOT NULL,
  line INTEGER NOT NULL,
  field TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('error', 'duplicate')),
  reason TEXT NOT NULL,
  message TEXT NOT NULL,
  excerpt TEXT NOT NULL
);
CREATE INDEX import_issues_job ON import_issues(job_id) WHERE job_id IS NOT NULL;
CREATE INDEX import_issues_dataset ON import_issues(dataset_id) WHERE dataset_id IS NOT NULL;
CREATE INDEX import_issues_kind ON import_issues(kind);

CREATE TABLE review_log (
  id INTEGER PRIMARY KEY,
  ts TEXT NOT NULL,
  reviewer TEXT NOT NULL,
  action TEXT NOT NULL,
  pair_id INTEGER,
  payload TEXT NOT NULL DEFAULT '{}',
  undoes INTEGER REFERENCES review_log(id)
);
CREATE INDEX review_log_pair ON review_log(pair_id) WHERE pair_id IS NOT NULL;
CREATE TRIGGER review_log_no_update BEFORE UPDATE ON review_log BEGIN
  SELECT RAISE(ABORT, 'review_log is append-only: rows cannot be updated');
END;
CREATE TRIGGER review_log_no_delete BEFORE DELETE ON review_log BEGIN
  SELECT RAISE(ABORT, 'review_log is append-only: rows cannot be deleted');
END;
`;

export const version = 1;
export const name = 'initial';

export const up: Migration['up'] = (db) => {
  db.exec(SCHEMA);
  const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  put.run('app', APP_MARKER);
  put.run('project_id', randomUUID());
  put.run('created_at', new Date().toISOString());
};
