// Migration 2: margin browsing (|margin| indexes, exact scored-pair tallies) and pair lookup by content hash alone.
import type { Migration } from '../migrate';

/*
 * Why these objects:
 * - `scores` is rebuilt with `margin` and `abs_margin` as plain columns, pinned by CHECK constraints, instead of
 *   generated ones: SQLite treats any query that reads a generated column as reading every column, so no index on
 *   `scores` could answer a count alone (a |margin| band count over 500k scores took 1.8 s instead of 20 ms).
 *   The scores repository writes both from r_chosen and r_rejected in the same statement.
 * - `scores_model_disagree_abs_margin` is partial (margin < 0): pairs the model ranks against the label, ordered
 *   by |margin|, form one range of it. In the full |margin| index they are interleaved with agreeing pairs.
 * - `score_counts` does for one model's scored pairs what `pair_counts` does for pairs: exact totals of a data set
 *   / origin / split filter (and of its disagreeing pairs) from a handful of rows. Scores do not hold the pair's
 *   data set, origin or split, so the triggers look them up in `pairs`; a pair's scores are therefore deleted
 *   BEFORE the pair (the foreign-key cascade would run after the pair row is gone) and follow it when it moves.
 * - `pairs_content_hash` lets scores from an external reward model, keyed by content hash, find their pairs in
 *   any data set (the migration-1 index leads with dataset_id).
 */
const SCHEMA = `
CREATE TABLE scores_v2 (
  model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  pair_id INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
  r_chosen REAL NOT NULL,
  r_rejected REAL NOT NULL,
  margin REAL NOT NULL CHECK (margin = r_chosen - r_rejected),
  abs_margin REAL NOT NULL CHECK (abs_margin = abs(margin)),
  PRIMARY KEY (model_id, pair_id)
) WITHOUT ROWID;
INSERT INTO scores_v2 (model_id, pair_id, r_chosen, r_rejected, margin, abs_margin)
  SELECT model_id, pair_id, r_chosen, r_rejected, r_chosen - r_rejected, abs(r_chosen - r_rejected) FROM scores;
DROP TABLE scores;
ALTER TABLE scores_v2 RENAME TO scores;
CREATE INDEX scores_model_margin ON scores(model_id, margin);
CREATE INDEX scores_pair ON scores(pair_id);
CREATE INDEX scores_model_abs_margin ON scores(model_id, abs_margin);
CREATE INDEX scores_model_disagree_abs_margin ON scores(model_id, abs_margin) WHERE margin < 0;

CREATE INDEX pairs_content_hash ON pairs(content_hash);

CREATE TABLE score_counts (
  model_id INTEGER NOT NULL,
  dataset_id INTEGER NOT NULL,
  origin TEXT NOT NULL,
  split TEXT NOT NULL,
  n INTEGER NOT NULL,
  n_disagree INTEGER NOT NULL,
  PRIMARY KEY (model_id, dataset_id, origin, split)
) WITHOUT ROWID;

INSERT INTO score_counts (model_id, dataset_id, origin, split, n, n_disagree)
  SELECT s.model_id, p.dataset_id, p.origin, p.split, count(*), sum(s.margin < 0)
  FROM scores s JOIN pairs p ON p.id = s.pair_id
  GROUP BY s.model_id, p.dataset_id, p.origin, p.split;

CREATE TRIGGER score_counts_insert AFTER INSERT ON scores BEGIN
  INSERT INTO score_counts (model_id, dataset_id, origin, split, n, n_disagree)
    SELECT new.model_id, dataset_id, origin, split, 1, new.margin < 0 FROM pairs WHERE id = new.pair_id
    ON CONFLICT (model_id, dataset_id, origin, split)
    DO UPDATE SET n = n + 1, n_disagree = n_disagree + excluded.n_disagree;
END;

CREATE TRIGGER score_counts_delete AFTER DELETE ON scores BEGIN
  UPDATE score_counts SET n = n - 1, n_disagree = n_disagree - (old.margin < 0)
    WHERE model_id = old.model_id
      AND (dataset_id, origin, split) = (SELECT dataset_id, origin, split FROM pairs WHERE id = old.pair_id);
  DELETE FROM score_counts WHERE model_id = old.model_id AND n = 0;
END;

CREATE TRIGGER score_counts_rescore AFTER UPDATE OF margin ON scores
  WHEN (old.margin < 0) IS NOT (new.margin < 0) BEGIN
  UPDATE score_counts SET n_disagree = n_disagree + (new.margin < 0) - (old.margin < 0)
    WHERE model_id = new.model_id
      AND (dataset_id, origin, split) = (SELECT dataset_id, origin, split FROM pairs WHERE id = new.pair_id);
END;

CREATE TRIGGER scores_keys_fixed BEFORE UPDATE OF model_id, pair_id ON scores BEGIN
  SELECT RAISE(ABORT, 'scores.model_id and scores.pair_id cannot change: delete and insert the score instead');
END;

CREATE TRIGGER score_counts_pair_delete BEFORE DELETE ON pairs BEGIN
  DELETE FROM scores WHERE pair_id = old.id;
END;

CREATE TRIGGER score_counts_pair_move AFTER UPDATE OF dataset_id, origin, split ON pairs BEGIN
  UPDATE score_counts SET n = n - 1, n_disagree = n_disagree - (s.margin < 0)
    FROM scores s
    WHERE s.pair_id = new.id AND score_counts.model_id = s.model_id AND score_counts.dataset_id = old.dataset_id
      AND score_counts.origin = old.origin AND score_counts.split = old.split;
  DELETE FROM score_counts WHERE dataset_id = old.dataset_id AND origin = old.origin AND split = old.split AND n = 0;
  INSERT INTO score_counts (model_id, dataset_id, origin, split, n, n_disagree)
    SELECT s.model_id, new.dataset_id, new.origin, new.split, 1, s.margin < 0 FROM scores s WHERE s.pair_id = new.id
    ON CONFLICT (model_id, dataset_id, origin, split)
    DO UPDATE SET n = n + 1, n_disagree = n_disagree + excluded.n_disagree;
END;
`;

export const version = 2;
export const name = 'margin-indexes';

export const up: Migration['up'] = (db) => {
  db.exec(SCHEMA);
};
