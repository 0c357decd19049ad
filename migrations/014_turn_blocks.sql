-- voc schema, version 14: the turns of several interactions in one row, so that PostgreSQL compresses
-- them. A row under 2 kB is never compressed, and one interaction's turns are ~500 bytes; a block of up
-- to 32 interactions stored together (an ingest batch, in its order) is, to about half. Each
-- interaction names its block in `turns_block`; the block holds, under the interaction's id,
-- [speakers as a string of a/c, [texts], [start seconds] or null, [end seconds] or null].
-- `interaction_turns` and `turns` stay, as views, with the same columns as before.

CREATE TABLE turn_blocks (
  block_id serial PRIMARY KEY,
  turns    jsonb NOT NULL
) WITH (toast_tuple_target = 128);
-- lz4 where the server has it (a little smaller and faster to read than the default pglz).
DO $$ BEGIN
  ALTER TABLE turn_blocks ALTER COLUMN turns SET COMPRESSION lz4;
EXCEPTION WHEN others THEN NULL;
END $$;
ALTER TABLE interactions ADD COLUMN turns_block integer;

-- The turns stored so far, 32 interactions a block in the order of their ids (a block also starts anew
-- past 32 kB of text, so that reading one long transcript does not unpack many others).
CREATE TEMP TABLE turn_block_of ON COMMIT DROP AS
SELECT interaction_id, (dense_rank() OVER (ORDER BY g, h))::int AS block_id
FROM (SELECT interaction_id, g, (sum(n) OVER (PARTITION BY g ORDER BY interaction_id) - n) / 32768 AS h
  FROM (SELECT interaction_id, (row_number() OVER (ORDER BY interaction_id) - 1) / 32 AS g, octet_length(array_to_string(texts, '')) AS n
    FROM interaction_turns) c) x;
INSERT INTO turn_blocks (block_id, turns)
SELECT b.block_id, jsonb_object_agg(t.interaction_id, jsonb_build_array(t.speakers, to_jsonb(t.texts), to_jsonb(t.starts), to_jsonb(t.ends)))
FROM interaction_turns t JOIN turn_block_of b USING (interaction_id) GROUP BY b.block_id;
SELECT setval('turn_blocks_block_id_seq', coalesce((SELECT max(block_id) FROM turn_blocks), 0) + 1, false);
-- Naming the block changes nothing a summary counts.
ALTER TABLE interactions DISABLE TRIGGER summary_interactions_update;
UPDATE interactions i SET turns_block = b.block_id FROM turn_block_of b WHERE b.interaction_id = i.interaction_id;
ALTER TABLE interactions ENABLE TRIGGER summary_interactions_update;

DROP VIEW turn_scores;
DROP VIEW turns;
DROP TABLE interaction_turns;

-- One interaction's stored turns (json); the block is read once per interaction.
CREATE VIEW interaction_turns AS
SELECT i.interaction_id, x.v->>0 AS speakers,
  ARRAY(SELECT jsonb_array_elements_text(x.v->1)) AS texts,
  CASE WHEN jsonb_typeof(x.v->2) = 'array' THEN ARRAY(SELECT e::real FROM jsonb_array_elements_text(x.v->2) e) END AS starts,
  CASE WHEN jsonb_typeof(x.v->3) = 'array' THEN ARRAY(SELECT e::real FROM jsonb_array_elements_text(x.v->3) e) END AS ends
FROM interactions i
JOIN turn_blocks b ON b.block_id = i.turns_block
CROSS JOIN LATERAL (SELECT b.turns->i.interaction_id OFFSET 0) x(v)
WHERE x.v IS NOT NULL;

CREATE VIEW turns AS
SELECT i.interaction_id, (x.k - 1)::int AS turn_index,
  CASE substr(x.v->>0, x.k::int, 1) WHEN 'a' THEN 'agent' ELSE 'customer' END AS speaker,
  x.text, (x.v->2->>(x.k::int - 1))::real AS start_s, (x.v->3->>(x.k::int - 1))::real AS end_s
FROM interactions i
JOIN turn_blocks b ON b.block_id = i.turns_block
CROSS JOIN LATERAL (SELECT y.v, e.text, e.k FROM (SELECT b.turns->i.interaction_id OFFSET 0) y(v),
  jsonb_array_elements_text(y.v->1) WITH ORDINALITY AS e(text, k)) x;

-- As in migration 013, over the view.
CREATE VIEW turn_scores AS
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

-- Writing through `interaction_turns` still works (one statement at a time; the ingest writes blocks
-- directly): a new row gets a block of its own, an update rewrites the interaction's entry, a delete
-- removes it.
CREATE FUNCTION interaction_turns_write() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  blk integer;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT turns_block INTO blk FROM interactions WHERE interaction_id = OLD.interaction_id;
    UPDATE turn_blocks SET turns = turns - OLD.interaction_id WHERE block_id = blk;
    IF TG_OP = 'DELETE' THEN
      UPDATE interactions SET turns_block = NULL WHERE interaction_id = OLD.interaction_id;
      RETURN OLD;
    END IF;
  END IF;
  INSERT INTO turn_blocks (turns)
  VALUES (jsonb_build_object(NEW.interaction_id, jsonb_build_array(NEW.speakers, to_jsonb(NEW.texts), to_jsonb(NEW.starts), to_jsonb(NEW.ends))))
  RETURNING block_id INTO blk;
  UPDATE interactions SET turns_block = blk WHERE interaction_id = NEW.interaction_id;
  RETURN NEW;
END $$;
CREATE TRIGGER interaction_turns_write INSTEAD OF INSERT OR UPDATE OR DELETE ON interaction_turns
  FOR EACH ROW EXECUTE FUNCTION interaction_turns_write();

-- A deleted interaction's entry leaves its block (and an emptied block goes).
CREATE FUNCTION turn_blocks_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE turn_blocks b SET turns = b.turns - o.ids
  FROM (SELECT turns_block, array_agg(interaction_id) AS ids FROM old_rows WHERE turns_block IS NOT NULL GROUP BY 1) o
  WHERE b.block_id = o.turns_block;
  DELETE FROM turn_blocks b WHERE b.block_id IN (SELECT turns_block FROM old_rows) AND b.turns = '{}'::jsonb;
  RETURN NULL;
END $$;
CREATE TRIGGER turn_blocks_forget AFTER DELETE ON interactions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION turn_blocks_forget();
