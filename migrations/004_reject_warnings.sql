-- A row kept with a bad optional field dropped is listed beside the rejects with a warning and no
-- reason; `voc status` counts as rejected only the rows with a reason.
ALTER TABLE rejects ALTER COLUMN reason DROP NOT NULL;
ALTER TABLE rejects ADD COLUMN warning text;
