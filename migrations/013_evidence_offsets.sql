-- voc schema, version 13: the score detail in half the bytes (format 2, store/score-detail.ts). The
-- evidence keeps its words as offsets into the stored turn text (interaction_turns) instead of a copy;
-- `detail` keeps, as json, what SQL reads (turns, triggers, cues, the primary reason's evidence, the
-- turns' languages), and the rest is packed in `detail_packed`.
-- Rows stored before are rewritten by the first process that opens the database after this migration
-- (the ids waiting for it are in scores_to_compact, dropped once empty).

-- The words of evidence k of a detail: copied in format 1, else cut from the turn it is in unless kept.
CREATE FUNCTION voc_evidence_text(detail json, k integer, texts text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN detail->>'f' = '1' THEN detail->'e'->k->>3
    ELSE coalesce(detail->'e'->k->>5, substr(texts[(detail->'e'->k->>0)::int + 1],
      (detail->'e'->k->>1)::int + 1, (detail->'e'->k->>2)::int - (detail->'e'->k->>1)::int)) END
$$;

CREATE OR REPLACE VIEW turn_scores AS
SELECT s.interaction_id, s.scorer_version, (u->>0)::int AS turn_index,
  CASE u->>1 WHEN 'a' THEN 'agent' ELSE 'customer' END AS speaker,
  (u->>2)::real AS sentiment,
  CASE u->>3 WHEN 'p' THEN 'positive' WHEN 'n' THEN 'negative' ELSE 'neutral' END AS sentiment_label,
  tr->>1 AS empathy_trigger, tr->>2 AS empathy_response, (tr->>3)::int AS answered_by,
  coalesce((SELECT json_agg(json_build_object('category', c->>1, 'polarity', CASE c->>2 WHEN 'p' THEN 'positive' ELSE 'negative' END,
      'text', voc_evidence_text(s.detail, (c->>3)::int, it.texts)))
    FROM json_array_elements(s.detail->'q') c WHERE (c->>0)::int = (u->>0)::int), '[]'::json) AS cues,
  CASE WHEN s.detail->>'f' = '2' THEN coalesce(s.detail->'g'->1->>(u->>0), s.detail->'g'->>0)
    WHEN json_typeof(s.detail->'g'->3->((u->>0)::int)) = 'number' THEN s.detail->'g'->>0
    ELSE s.detail->'g'->3->((u->>0)::int)->>0 END AS language
FROM scores s
LEFT JOIN interaction_turns it ON it.interaction_id = s.interaction_id
CROSS JOIN LATERAL json_array_elements(CASE WHEN (s.detail->>'f') IN ('1', '2') THEN s.detail->'u' ELSE '[]'::json END) u
LEFT JOIN LATERAL (SELECT t FROM json_array_elements(s.detail->'t') t WHERE (t->>0)::int = (u->>0)::int LIMIT 1) x(tr) ON true;

-- Every stored score is rewritten (those of 010's list, if any is left, among them).
DROP TABLE IF EXISTS scores_to_compact;
CREATE TABLE scores_to_compact AS SELECT interaction_id, scorer_version FROM scores;

-- The part of the detail no SQL reads (sentences, sentiment and effort figures and their evidence, the
-- evidence of each trigger), packed: deflate with a preset dictionary (store/score-detail.ts).
ALTER TABLE scores ADD COLUMN detail_packed bytea;
