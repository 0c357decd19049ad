-- voc schema, version 1: interactions with their KPIs, their turns, versioned scores, failures and
-- rejected input rows. Append new numbered files; never edit one that has shipped.

CREATE TABLE interactions (
  interaction_id text PRIMARY KEY,
  channel        text NOT NULL CHECK (channel IN ('call', 'email', 'chat', 'review', 'survey')),
  agent_id       text,
  team           text,
  customer_id    text,
  started_at     timestamptz,
  csat           smallint CHECK (csat BETWEEN 1 AND 5),
  nps            smallint CHECK (nps BETWEEN 0 AND 10),
  ces            smallint CHECK (ces BETWEEN 1 AND 7),
  handle_time_s  real CHECK (handle_time_s >= 0),
  wait_time_s    real CHECK (wait_time_s >= 0),
  hold_time_s    real CHECK (hold_time_s >= 0),
  transfers      integer CHECK (transfers >= 0),
  resolved       boolean,
  rating         smallint CHECK (rating BETWEEN 1 AND 5),
  metadata       jsonb NOT NULL DEFAULT '{}',
  source         text,
  -- Hash of everything above: a re-ingest of an unchanged row is a no-op, a changed row is rescored.
  content_hash   text NOT NULL,
  ingested_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX interactions_agent_idx ON interactions (agent_id);
CREATE INDEX interactions_team_idx ON interactions (team);
CREATE INDEX interactions_customer_idx ON interactions (customer_id, started_at);

CREATE TABLE turns (
  interaction_id text NOT NULL REFERENCES interactions ON DELETE CASCADE,
  turn_index     integer NOT NULL,
  speaker        text NOT NULL CHECK (speaker IN ('agent', 'customer')),
  text           text NOT NULL,
  start_s        real,
  end_s          real,
  PRIMARY KEY (interaction_id, turn_index)
);

-- One row per interaction and scorer version; the headline numbers as columns for SQL aggregates,
-- the whole result (sentences, cues, triggers, drivers, evidence) in `detail`.
CREATE TABLE scores (
  interaction_id       text NOT NULL REFERENCES interactions ON DELETE CASCADE,
  scorer_version       text NOT NULL,
  sentiment            real NOT NULL,
  sentiment_label      text NOT NULL,
  customer_sentiment   real,
  agent_sentiment      real,
  customer_start       real,
  customer_end         real,
  customer_shift       real,
  trajectory           text,
  empathy_applicable   boolean NOT NULL,
  empathy              real,
  empathy_statements   real,
  ownership_statements real,
  effort               real NOT NULL,
  predicted_ces        real NOT NULL,
  intent               text NOT NULL,
  intent_confidence    real NOT NULL,
  detail               jsonb NOT NULL,
  scored_at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (interaction_id, scorer_version)
);
CREATE INDEX scores_version_idx ON scores (scorer_version);

-- Per turn: its sentiment, whether it called for empathy (customer) and how it was answered, and the
-- cues found in it, so a QA lead can query "which customer turns went unanswered" directly.
CREATE TABLE turn_scores (
  interaction_id  text NOT NULL,
  scorer_version  text NOT NULL,
  turn_index      integer NOT NULL,
  speaker         text NOT NULL,
  sentiment       real,
  sentiment_label text,
  empathy_trigger text,
  empathy_response text,
  answered_by     integer,
  cues            jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (interaction_id, scorer_version, turn_index),
  FOREIGN KEY (interaction_id, scorer_version) REFERENCES scores ON DELETE CASCADE
);

-- Interactions whose scoring failed on their data (not retried until the scorer version changes).
CREATE TABLE score_failures (
  interaction_id text NOT NULL REFERENCES interactions ON DELETE CASCADE,
  scorer_version text NOT NULL,
  error          text NOT NULL,
  failed_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (interaction_id, scorer_version)
);

-- Input rows that were not stored, with where they were and why.
CREATE TABLE rejects (
  source         text NOT NULL,
  line           integer NOT NULL,
  interaction_id text,
  reason         text NOT NULL,
  raw            text,
  rejected_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source, line)
);
