-- voc schema, version 10: storage for years of data. The score detail is kept once, in a compact json
-- text (store/score-detail.ts describes it): the evidence table of the row referred to by position,
-- positional arrays, one-letter codes. turn_scores, which repeated the detail, becomes a view over it.
-- Rows stored before are compacted by the first process that opens the database after this migration
-- (the ids waiting for it are in scores_to_compact, dropped once empty).

DROP TABLE turn_scores;
-- The names of the cues (lexicon entries and patterns) the evidence refers to, each stored once.
CREATE TABLE score_cues (
  id  serial PRIMARY KEY,
  cue text NOT NULL UNIQUE
);
ALTER TABLE scores ALTER COLUMN detail TYPE json USING detail::json;
CREATE TABLE scores_to_compact AS SELECT interaction_id, scorer_version FROM scores;

-- Per turn: its sentiment, whether it called for empathy (customer) and how it was answered, and the
-- cues found in it, read from the detail (compact rows only).
CREATE VIEW turn_scores AS
SELECT s.interaction_id, s.scorer_version, (u->>0)::int AS turn_index,
  CASE u->>1 WHEN 'a' THEN 'agent' ELSE 'customer' END AS speaker,
  (u->>2)::real AS sentiment,
  CASE u->>3 WHEN 'p' THEN 'positive' WHEN 'n' THEN 'negative' ELSE 'neutral' END AS sentiment_label,
  tr->>1 AS empathy_trigger, tr->>2 AS empathy_response, (tr->>3)::int AS answered_by,
  coalesce((SELECT json_agg(json_build_object('category', c->>1, 'polarity', CASE c->>2 WHEN 'p' THEN 'positive' ELSE 'negative' END,
      'text', s.detail->'e'->((c->>3)::int)->>3))
    FROM json_array_elements(s.detail->'q') c WHERE (c->>0)::int = (u->>0)::int), '[]'::json) AS cues,
  CASE WHEN json_typeof(s.detail->'g'->3->((u->>0)::int)) = 'number' THEN s.detail->'g'->>0
    ELSE s.detail->'g'->3->((u->>0)::int)->>0 END AS language
FROM scores s
CROSS JOIN LATERAL json_array_elements(CASE WHEN (s.detail->>'f') = '1' THEN s.detail->'u' ELSE '[]'::json END) u
LEFT JOIN LATERAL (SELECT t FROM json_array_elements(s.detail->'t') t WHERE (t->>0)::int = (u->>0)::int LIMIT 1) x(tr) ON true;

-- Indexes the report queries use, and none they do not: every query of scores names its interaction.
DROP INDEX IF EXISTS scores_version_idx;
CREATE INDEX interactions_started_idx ON interactions (started_at);

-- One row of turns per interaction instead of one per turn: the speakers as a string of a/c, the texts
-- and (for timed transcripts) the start and end seconds as arrays. `turns` stays, as a view.
CREATE TABLE interaction_turns (
  interaction_id text PRIMARY KEY REFERENCES interactions ON DELETE CASCADE,
  speakers       text NOT NULL CHECK (speakers ~ '^[ac]*$'),
  texts          text[] NOT NULL,
  starts         real[],
  ends           real[]
);
INSERT INTO interaction_turns
SELECT interaction_id, string_agg(CASE speaker WHEN 'agent' THEN 'a' ELSE 'c' END, '' ORDER BY turn_index),
  array_agg(text ORDER BY turn_index),
  CASE WHEN bool_or(start_s IS NOT NULL) THEN array_agg(start_s ORDER BY turn_index) END,
  CASE WHEN bool_or(end_s IS NOT NULL) THEN array_agg(end_s ORDER BY turn_index) END
FROM turns GROUP BY interaction_id;
DROP TABLE turns;
CREATE VIEW turns AS
SELECT t.interaction_id, (x.k - 1)::int AS turn_index,
  CASE substr(t.speakers, x.k::int, 1) WHEN 'a' THEN 'agent' ELSE 'customer' END AS speaker,
  x.text, t.starts[x.k] AS start_s, t.ends[x.k] AS end_s
FROM interaction_turns t CROSS JOIN LATERAL unnest(t.texts) WITH ORDINALITY AS x(text, k);
