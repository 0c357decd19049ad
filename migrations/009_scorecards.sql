-- QA scorecards: the automatic evaluation of each interaction on a scorecard version (from the scores
-- of one scorer version), its answer per item, and human reviews stored beside them, never over them.

CREATE TABLE scorecard_evaluations (
  interaction_id    text NOT NULL REFERENCES interactions ON DELETE CASCADE,
  scorecard_version text NOT NULL,
  scorer_version    text NOT NULL,
  score             real,
  passed            boolean,
  critical_failed   boolean NOT NULL,
  evaluated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (interaction_id, scorecard_version, scorer_version)
);
CREATE INDEX scorecard_evaluations_version_idx ON scorecard_evaluations (scorecard_version, scorer_version);

CREATE TABLE scorecard_answers (
  interaction_id    text NOT NULL,
  scorecard_version text NOT NULL,
  scorer_version    text NOT NULL,
  item              text NOT NULL,
  answer            text NOT NULL CHECK (answer IN ('yes', 'no', 'na')),
  points            real,
  max_points        real NOT NULL,
  critical          boolean NOT NULL,
  reason            text NOT NULL,
  evidence          jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (interaction_id, scorecard_version, scorer_version, item),
  FOREIGN KEY (interaction_id, scorecard_version, scorer_version) REFERENCES scorecard_evaluations ON DELETE CASCADE
);

-- A reviewer's answer to one item of one interaction; a later import of the same (interaction, reviewer,
-- item) replaces that reviewer's answer, never the automatic one.
CREATE TABLE scorecard_reviews (
  interaction_id text NOT NULL REFERENCES interactions ON DELETE CASCADE,
  reviewer       text NOT NULL,
  item           text NOT NULL,
  answer         text NOT NULL CHECK (answer IN ('yes', 'no', 'na')),
  comment        text,
  source         text,
  reviewed_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (interaction_id, reviewer, item)
);
