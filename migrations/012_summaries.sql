-- voc schema, version 12: per-day summaries, kept exact by triggers as interactions and scores are
-- written, so that the agent table, its weekly trend and the workspace overview read a few thousand
-- summary rows instead of every interaction.
--
-- summary_day has one row per day (cut in the centre's time zone), agent, team, channel, contact reason
-- and scorer version, holding counts and exact sums (numeric: addition in any order gives the same
-- total, so a summary can never drift from the rows by rounding):
-- - rows with scorer_version '' come from interactions alone (all of them, scored or not): counts,
--   CSAT, handle and wait times, first-contact resolution, transfers; reason is '' there;
-- - rows with a scorer version come from that version's scores: the reason (intent, '' when declined),
--   whether the scorer declined the interaction, the empathy, ownership, sentiment shift and effort
--   sums, and the interaction's CSAT (for trends over scored interactions only).
-- Interactions without a start time are kept under the day '-infinity'.
--
-- Writers never update summary_day: every statement that changes interactions or scores appends its
-- net effect to summary_deltas (one row per key it touched), so concurrent workers never wait for one
-- another or deadlock on a summary row. summary_fold() moves the deltas into summary_day (one folder
-- at a time); readers read summary_day and the deltas not yet folded together.
--
-- First-contact resolution needs to know whether the customer came back (another conversation within
-- the repeat window after this one). The trigger recomputes that flag, before and after the change, for
-- the changed customers' contacts within the window of each changed one, and records the difference.
--
-- The summaries are built for one time zone and one repeat window (summary_state). Reports check them
-- against their configuration and call summary_rebuild() when they differ: a change of VOC_TIMEZONE or
-- VOC_REPEAT_WINDOW_DAYS rebuilds the summaries once, from the rows.

CREATE TABLE summary_state (
  id                 boolean PRIMARY KEY DEFAULT true CHECK (id),
  time_zone          text NOT NULL,
  repeat_window_days integer NOT NULL,
  built_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE summary_day (
  scorer_version text NOT NULL,
  day            date NOT NULL,
  agent_id       text,
  team           text,
  channel        text NOT NULL,
  reason         text NOT NULL,
  declined       boolean NOT NULL,
  n              bigint NOT NULL,
  csat_n         bigint NOT NULL,
  csat_sum       bigint NOT NULL,
  csat_top2      bigint NOT NULL,
  handle_n       bigint NOT NULL,
  handle_sum     numeric NOT NULL,
  wait_n         bigint NOT NULL,
  wait_sum       numeric NOT NULL,
  fcr_n          bigint NOT NULL,
  fcr_yes        bigint NOT NULL,
  transfer_n     bigint NOT NULL,
  transfer_yes   bigint NOT NULL,
  empathy_n      bigint NOT NULL,
  empathy_cnt    bigint NOT NULL,
  empathy_sum    numeric NOT NULL,
  ownership_n    bigint NOT NULL,
  ownership_sum  numeric NOT NULL,
  shift_n        bigint NOT NULL,
  shift_sum      numeric NOT NULL,
  effort_n       bigint NOT NULL,
  effort_sum     numeric NOT NULL
-- Pages half full: a fold rewrites a row in place of its old version (a HOT update, no index entry),
-- so the table stays near its live size without waiting for a vacuum.
) WITH (fillfactor = 50);
CREATE UNIQUE INDEX summary_day_key ON summary_day (scorer_version, day, agent_id, team, channel, reason, declined) NULLS NOT DISTINCT;

CREATE TABLE summary_deltas (LIKE summary_day);

-- Advisory locks: the one writers share and a rebuild takes alone (4207731012), the folder's own
-- (4207731013), and the one statements changing interactions take in turn and score writers share
-- (4207731014).

-- INSERT INTO `target` the net effect of `facts`, a query of rows (sign, scorer_version, day, agent_id,
-- team, channel, reason, declined, csat, handle, wait, fcr_open, fcr_yes, transfers, empathy_applicable,
-- empathy, ownership, shift, effort), one row per key; keys whose every figure nets to zero are left out.
CREATE FUNCTION summary_insert_sql(target text, facts text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT format($q$INSERT INTO %I
SELECT * FROM (
  SELECT scorer_version, day, agent_id, team, channel, reason, declined,
    sum(sign)::bigint AS n,
    sum(sign * (csat IS NOT NULL)::int)::bigint AS csat_n, coalesce(sum(sign * csat), 0)::bigint AS csat_sum,
    sum(sign * coalesce(csat >= 4, false)::int)::bigint AS csat_top2,
    sum(sign * (handle IS NOT NULL)::int)::bigint AS handle_n, coalesce(sum(sign * handle::numeric), 0) AS handle_sum,
    sum(sign * (wait IS NOT NULL)::int)::bigint AS wait_n, coalesce(sum(sign * wait::numeric), 0) AS wait_sum,
    sum(sign * coalesce(fcr_open, false)::int)::bigint AS fcr_n, sum(sign * coalesce(fcr_open AND fcr_yes, false)::int)::bigint AS fcr_yes,
    sum(sign * (transfers IS NOT NULL)::int)::bigint AS transfer_n, sum(sign * coalesce(transfers > 0, false)::int)::bigint AS transfer_yes,
    sum(sign * coalesce(empathy_applicable, false)::int)::bigint AS empathy_n,
    sum(sign * coalesce(empathy_applicable AND empathy IS NOT NULL, false)::int)::bigint AS empathy_cnt,
    coalesce(sum(sign * empathy::numeric) FILTER (WHERE empathy_applicable), 0) AS empathy_sum,
    sum(sign * (ownership IS NOT NULL)::int)::bigint AS ownership_n, coalesce(sum(sign * ownership::numeric), 0) AS ownership_sum,
    sum(sign * (shift IS NOT NULL)::int)::bigint AS shift_n, coalesce(sum(sign * shift::numeric), 0) AS shift_sum,
    sum(sign * (effort IS NOT NULL)::int)::bigint AS effort_n, coalesce(sum(sign * effort::numeric), 0) AS effort_sum
  FROM (%s) AS facts
  GROUP BY scorer_version, day, agent_id, team, channel, reason, declined) AS g
WHERE NOT (n = 0 AND csat_n = 0 AND csat_sum = 0 AND csat_top2 = 0 AND handle_n = 0 AND handle_sum = 0 AND wait_n = 0
  AND wait_sum = 0 AND fcr_n = 0 AND fcr_yes = 0 AND transfer_n = 0 AND transfer_yes = 0 AND empathy_n = 0 AND empathy_cnt = 0
  AND empathy_sum = 0 AND ownership_n = 0 AND ownership_sum = 0 AND shift_n = 0 AND shift_sum = 0 AND effort_n = 0 AND effort_sum = 0)
ORDER BY 1, 2, 3, 4, 5, 6, 7$q$, target, facts)
$f$;

-- The facts of interactions `rel` (an alias), their came-back flag `cb` (a boolean expression), with `sign`.
-- $1 is the time zone in the queries these are used in.
CREATE FUNCTION summary_kpi_facts(sign text, rel text, cb text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT format($q$SELECT %2$s::int AS sign, ''::text AS scorer_version,
  coalesce((%1$s.started_at AT TIME ZONE $1)::date, '-infinity'::date) AS day, %1$s.agent_id, %1$s.team, %1$s.channel,
  ''::text AS reason, false AS declined, %1$s.csat::int AS csat, %1$s.handle_time_s::float8 AS handle,
  CASE WHEN %1$s.channel IN ('call', 'chat') THEN %1$s.wait_time_s::float8 END AS wait,
  (%1$s.channel IN ('call', 'chat', 'email') AND %1$s.abandoned IS NOT TRUE) AS fcr_open,
  coalesce(%1$s.resolved, NOT (%3$s)) AS fcr_yes,
  CASE WHEN %1$s.channel IN ('call', 'chat', 'email') THEN %1$s.transfers END AS transfers,
  NULL::boolean AS empathy_applicable, NULL::float8 AS empathy, NULL::float8 AS ownership, NULL::float8 AS shift, NULL::float8 AS effort$q$,
  rel, sign, cb)
$f$;

-- The facts of scores `s` joined to their interactions `rel`, with `sign`.
CREATE FUNCTION summary_score_facts(sign text, rel text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT format($q$SELECT %2$s::int AS sign, s.scorer_version,
  coalesce((%1$s.started_at AT TIME ZONE $1)::date, '-infinity'::date) AS day, %1$s.agent_id, %1$s.team, %1$s.channel,
  coalesce(s.intent, '') AS reason, s.not_scored IS NOT NULL AS declined, %1$s.csat::int AS csat, NULL::float8 AS handle,
  NULL::float8 AS wait, NULL::boolean AS fcr_open, NULL::boolean AS fcr_yes, NULL::int AS transfers,
  s.empathy_applicable, s.empathy::float8 AS empathy, s.ownership_statements::float8 AS ownership, s.customer_shift::float8 AS shift,
  s.effort::float8 AS effort$q$,
  rel, sign)
$f$;

-- Whether each contact of `rel` was followed, within the window $2, by another conversation of the same customer.
CREATE FUNCTION summary_came_back(rel text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT format($q$SELECT r.*, coalesce(count(*) FILTER (WHERE r.channel IN ('call', 'chat', 'email') AND r.abandoned IS NOT TRUE)
    OVER (PARTITION BY r.customer_id ORDER BY r.started_at RANGE BETWEEN '1 microsecond'::interval FOLLOWING AND $2 FOLLOWING) > 0, false) AS cb
  FROM %s r WHERE r.customer_id IS NOT NULL AND r.started_at IS NOT NULL$q$, rel)
$f$;

-- Rebuilds the summaries from the rows for time zone `tz` and repeat window `window_days`; does nothing
-- when they are already built for those (another process rebuilt them first).
CREATE FUNCTION summary_rebuild(tz text, window_days integer) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(4207731012);
  IF EXISTS (SELECT 1 FROM summary_state WHERE time_zone = tz AND repeat_window_days = window_days) THEN
    RETURN false;
  END IF;
  DELETE FROM summary_deltas;
  DELETE FROM summary_day;
  EXECUTE summary_insert_sql('summary_day', format('%s UNION ALL %s UNION ALL %s',
    format('%s FROM (%s) AS i', summary_kpi_facts('1', 'i', 'i.cb'), summary_came_back('interactions')),
    format('%s FROM interactions i WHERE i.customer_id IS NULL OR i.started_at IS NULL', summary_kpi_facts('1', 'i', 'false')),
    format('%s FROM scores s JOIN interactions i USING (interaction_id)', summary_score_facts('1', 'i'))))
    USING tz, make_interval(days => window_days);
  INSERT INTO summary_state (time_zone, repeat_window_days) VALUES (tz, window_days)
    ON CONFLICT (id) DO UPDATE SET time_zone = EXCLUDED.time_zone, repeat_window_days = EXCLUDED.repeat_window_days, built_at = now();
  RETURN true;
END $$;

-- Moves the deltas into summary_day; returns false (and does nothing) while another process folds.
CREATE FUNCTION summary_fold() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF NOT pg_try_advisory_xact_lock(4207731013) THEN
    RETURN false;
  END IF;
  PERFORM pg_advisory_xact_lock_shared(4207731012);
  WITH moved AS (DELETE FROM summary_deltas RETURNING *),
  folded AS (
    INSERT INTO summary_day
    SELECT scorer_version, day, agent_id, team, channel, reason, declined, sum(n), sum(csat_n), sum(csat_sum), sum(csat_top2),
      sum(handle_n), sum(handle_sum), sum(wait_n), sum(wait_sum), sum(fcr_n), sum(fcr_yes), sum(transfer_n), sum(transfer_yes),
      sum(empathy_n), sum(empathy_cnt), sum(empathy_sum), sum(ownership_n), sum(ownership_sum), sum(shift_n), sum(shift_sum),
      sum(effort_n), sum(effort_sum)
    FROM moved GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (scorer_version, day, agent_id, team, channel, reason, declined) DO UPDATE SET
      n = summary_day.n + EXCLUDED.n, csat_n = summary_day.csat_n + EXCLUDED.csat_n, csat_sum = summary_day.csat_sum + EXCLUDED.csat_sum,
      csat_top2 = summary_day.csat_top2 + EXCLUDED.csat_top2, handle_n = summary_day.handle_n + EXCLUDED.handle_n,
      handle_sum = summary_day.handle_sum + EXCLUDED.handle_sum, wait_n = summary_day.wait_n + EXCLUDED.wait_n,
      wait_sum = summary_day.wait_sum + EXCLUDED.wait_sum, fcr_n = summary_day.fcr_n + EXCLUDED.fcr_n,
      fcr_yes = summary_day.fcr_yes + EXCLUDED.fcr_yes, transfer_n = summary_day.transfer_n + EXCLUDED.transfer_n,
      transfer_yes = summary_day.transfer_yes + EXCLUDED.transfer_yes, empathy_n = summary_day.empathy_n + EXCLUDED.empathy_n,
      empathy_cnt = summary_day.empathy_cnt + EXCLUDED.empathy_cnt, empathy_sum = summary_day.empathy_sum + EXCLUDED.empathy_sum,
      ownership_n = summary_day.ownership_n + EXCLUDED.ownership_n, ownership_sum = summary_day.ownership_sum + EXCLUDED.ownership_sum,
      shift_n = summary_day.shift_n + EXCLUDED.shift_n, shift_sum = summary_day.shift_sum + EXCLUDED.shift_sum,
      effort_n = summary_day.effort_n + EXCLUDED.effort_n, effort_sum = summary_day.effort_sum + EXCLUDED.effort_sum
    RETURNING scorer_version, day, agent_id, team, channel, reason, declined, n)
  -- A key left with no interaction has every figure at zero (the sums are exact): drop it.
  DELETE FROM summary_day d USING folded f
  WHERE f.n = 0 AND d.scorer_version = f.scorer_version AND d.day = f.day AND d.agent_id IS NOT DISTINCT FROM f.agent_id
    AND d.team IS NOT DISTINCT FROM f.team AND d.channel = f.channel AND d.reason = f.reason AND d.declined = f.declined;
  RETURN true;
END $$;

-- Interactions inserted, updated or deleted (one statement's rows in old_rows / new_rows).
CREATE FUNCTION summary_interactions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tz text;
  w interval;
  ref_xmin xid;
  ref_cmin cid;
  o text := CASE WHEN TG_OP = 'INSERT' THEN 'SELECT * FROM interactions WHERE false' ELSE 'SELECT * FROM old_rows' END;
  nw text := CASE WHEN TG_OP = 'DELETE' THEN 'SELECT * FROM interactions WHERE false' ELSE 'SELECT * FROM new_rows' END;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(4207731012);
  -- Statements that change interactions take turns, and wait for open score writes: each then sees the
  -- contacts and scores the others committed, so no came-back flag is computed from a state that
  -- another writer is changing, and no score is left under the interaction's old day or agent.
  PERFORM pg_advisory_xact_lock(4207731014);
  SELECT time_zone, make_interval(days => repeat_window_days) INTO tz, w FROM summary_state;
  IF tz IS NULL THEN
    RETURN NULL;
  END IF;
  -- An INSERT … ON CONFLICT DO UPDATE fires this for its updated rows and again for its inserted rows,
  -- each time after the whole statement. The updated rows' run leaves out the rows this statement
  -- inserted (same transaction and command, not among the updated rows), which the inserted rows'
  -- run then adds: the two differences add up to the statement's.
  IF TG_OP = 'UPDATE' THEN
    SELECT i.xmin, i.cmin INTO ref_xmin, ref_cmin FROM interactions i JOIN new_rows n USING (interaction_id) LIMIT 1;
  END IF;
  -- The customers touched, and the span of their contacts whose came-back flag may change: from a
  -- window before the earliest changed contact (old or new time) to the latest; flags are computed
  -- over the span plus one window after it, before (prev) and after (cur) the statement.
  EXECUTE summary_insert_sql('summary_deltas', format($q$
    WITH o AS (%s), nw AS (%s),
    cust AS (
      SELECT customer_id, min(started_at) - $2 AS lo, max(started_at) AS hi
      FROM (SELECT customer_id, started_at FROM o UNION ALL SELECT customer_id, started_at FROM nw) AS c
      WHERE customer_id IS NOT NULL AND started_at IS NOT NULL GROUP BY customer_id),
    hidden AS (
      SELECT i.interaction_id FROM interactions i JOIN cust c ON i.customer_id = c.customer_id AND i.started_at >= c.lo AND i.started_at <= c.hi + $2
      WHERE $3::xid IS NOT NULL AND i.xmin = $3 AND i.cmin = $4
      EXCEPT SELECT interaction_id FROM nw),
    cur AS (
      SELECT i.*, c.hi FROM interactions i JOIN cust c ON i.customer_id = c.customer_id AND i.started_at >= c.lo AND i.started_at <= c.hi + $2
      WHERE NOT EXISTS (SELECT 1 FROM hidden h WHERE h.interaction_id = i.interaction_id)),
    prev AS (
      SELECT * FROM cur WHERE NOT EXISTS (SELECT 1 FROM nw WHERE nw.interaction_id = cur.interaction_id)
      UNION ALL
      SELECT o.*, c.hi FROM o JOIN cust c ON o.customer_id = c.customer_id AND o.started_at >= c.lo AND o.started_at <= c.hi + $2),
    curf AS (%s), prevf AS (%s),
    -- Contacts the statement did not change whose flag it turned: counted again with the new flag.
    flips AS (
      SELECT c.*, p.cb AS old_cb FROM curf c JOIN prevf p ON p.interaction_id = c.interaction_id
      WHERE c.started_at <= c.hi AND c.cb <> p.cb AND NOT EXISTS (SELECT 1 FROM nw WHERE nw.interaction_id = c.interaction_id))
    %s FROM curf i WHERE i.started_at <= i.hi AND EXISTS (SELECT 1 FROM nw WHERE nw.interaction_id = i.interaction_id)
    UNION ALL %s FROM prevf i WHERE i.started_at <= i.hi AND EXISTS (SELECT 1 FROM o WHERE o.interaction_id = i.interaction_id)
    UNION ALL %s FROM flips i
    UNION ALL %s FROM flips i
    UNION ALL %s FROM nw i WHERE i.customer_id IS NULL OR i.started_at IS NULL
    UNION ALL %s FROM o i WHERE i.customer_id IS NULL OR i.started_at IS NULL
    %s$q$,
    o, nw, summary_came_back('cur'), summary_came_back('prev'),
    summary_kpi_facts('1', 'i', 'i.cb'), summary_kpi_facts('-1', 'i', 'i.cb'),
    summary_kpi_facts('1', 'i', 'i.cb'), summary_kpi_facts('-1', 'i', 'i.old_cb'),
    summary_kpi_facts('1', 'i', 'false'), summary_kpi_facts('-1', 'i', 'false'),
    -- An updated interaction's scores move from its old day, agent, team, channel and CSAT to the new
    -- ones (new interactions have no scores yet; a deleted one's were deleted before it).
    CASE WHEN TG_OP = 'UPDATE' THEN format('UNION ALL %s FROM nw i JOIN scores s USING (interaction_id) UNION ALL %s FROM o i JOIN scores s USING (interaction_id)',
      summary_score_facts('1', 'i'), summary_score_facts('-1', 'i')) ELSE '' END))
    USING tz, w, ref_xmin, ref_cmin;
  RETURN NULL;
END $$;

-- Scores inserted, updated or deleted, counted under their interaction's day, agent, team and channel.
CREATE FUNCTION summary_scores_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tz text;
  facts text := '';
BEGIN
  PERFORM pg_advisory_xact_lock_shared(4207731012);
  -- Score writers exclude the statements that change interactions (not each other), until they commit:
  -- a score is then counted under the interaction as committed, and a change of the interaction that
  -- moves its scores sees every score written before it.
  PERFORM pg_advisory_xact_lock_shared(4207731014);
  SELECT time_zone INTO tz FROM summary_state;
  IF tz IS NULL THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    facts := format('%s FROM old_rows s JOIN interactions i USING (interaction_id)', summary_score_facts('-1', 'i'));
  END IF;
  IF TG_OP <> 'DELETE' THEN
    facts := facts || CASE WHEN facts = '' THEN '' ELSE ' UNION ALL ' END
      || format('%s FROM new_rows s JOIN interactions i USING (interaction_id)', summary_score_facts('1', 'i'));
  END IF;
  EXECUTE summary_insert_sql('summary_deltas', facts) USING tz;
  RETURN NULL;
END $$;

-- An interaction about to be deleted takes its scores with it first, while the scores can still be
-- counted under the interaction's day and agent (the cascade would delete them after the interaction).
CREATE FUNCTION summary_interaction_deleting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The locks of a statement that changes interactions, taken before the score trigger's shared one.
  PERFORM pg_advisory_xact_lock_shared(4207731012);
  PERFORM pg_advisory_xact_lock(4207731014);
  DELETE FROM scores WHERE interaction_id = OLD.interaction_id;
  RETURN OLD;
END $$;

CREATE TRIGGER summary_interactions_insert AFTER INSERT ON interactions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_interactions_changed();
CREATE TRIGGER summary_interactions_update AFTER UPDATE ON interactions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_interactions_changed();
CREATE TRIGGER summary_interactions_delete AFTER DELETE ON interactions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_interactions_changed();
CREATE TRIGGER summary_interactions_deleting BEFORE DELETE ON interactions
  FOR EACH ROW EXECUTE FUNCTION summary_interaction_deleting();
CREATE TRIGGER summary_scores_insert AFTER INSERT ON scores
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_scores_changed();
CREATE TRIGGER summary_scores_update AFTER UPDATE ON scores
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_scores_changed();
CREATE TRIGGER summary_scores_delete AFTER DELETE ON scores
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_scores_changed();

-- Built now for the time zone of the migrating session and the default window; a report configured
-- otherwise rebuilds them once.
SELECT summary_rebuild(current_setting('TimeZone'), 7);
