-- voc schema, version 3: a revision per interaction, counting the changes to its content. A scoring
-- job's id includes the revisions of its interactions, so a corrected row is always queued under a
-- new id and rescored, even when it changes back to content scored before (A -> B -> A).

ALTER TABLE interactions ADD COLUMN revision integer NOT NULL DEFAULT 1;

-- The worker's sweep looks for stored interactions left without a score for a while.
CREATE INDEX interactions_ingested_idx ON interactions (ingested_at);
