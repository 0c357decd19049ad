-- voc schema, version 5: the language of every interaction and turn, and scores the scorer declined.
-- A scorer that does not support an interaction's language stores a row with `not_scored` set (e.g.
-- 'language es') and NULL scores, so the interaction is counted but left out of every average.

ALTER TABLE scores ADD COLUMN language text;
ALTER TABLE scores ADD COLUMN script text;
ALTER TABLE scores ADD COLUMN not_scored text;
ALTER TABLE scores ALTER COLUMN sentiment DROP NOT NULL;
ALTER TABLE scores ALTER COLUMN sentiment_label DROP NOT NULL;
ALTER TABLE scores ALTER COLUMN effort DROP NOT NULL;
ALTER TABLE scores ALTER COLUMN predicted_ces DROP NOT NULL;
ALTER TABLE scores ALTER COLUMN intent DROP NOT NULL;
ALTER TABLE scores ALTER COLUMN intent_confidence DROP NOT NULL;
CREATE INDEX scores_not_scored_idx ON scores (scorer_version) WHERE not_scored IS NOT NULL;

ALTER TABLE turn_scores ADD COLUMN language text;
