-- voc schema, version 15: the driver analysis's sufficient statistics per day, agent, team, channel,
-- outcome and scorer version, so that `voc analyze drivers` reads a few thousand rows at any size.
--
-- The regression of an outcome y on the drivers needs only the cross-products of the vector
-- v = [1, y, empathy, ownership statements, customer shift, effort, handle, wait, hold, transfers,
-- resolved] over the interactions analysed. summary_drivers holds, per key, the sums of v_a · v_b for
-- 0 ≤ a ≤ b ≤ 10 (column pA_B; p0_0 is the count) over the scored interactions (not declined) that have
-- the outcome, a driver that is missing counted as 0. `known` is part of the key: a bit per driver
-- (bit k − 2 for v_k, k ≥ 2) set when the interaction has it, so that a reader can keep only the
-- interactions that have every driver it uses (and treat a driver as 0 in a channel that never records
-- it), and count how many lack one. Empathy is known where it applied (empathy_applicable).
--
-- Each value is converted to numeric (15 significant digits, as float8 → numeric does) before the
-- products, which are exact, and so are the sums: a summary equals the rows' sums in any order of
-- writes, deletes and rescoring. Kept like summary_day (migration 012): statement triggers on scores,
-- and on interactions for an update that moves scores to another day, agent, team, channel or outcome,
-- append their net effect to summary_driver_deltas; summary_fold() folds both tables; summary_rebuild()
-- rebuilds both.

-- The pairs (a, b), 0 ≤ a ≤ b ≤ 10, in column order.
CREATE FUNCTION summary_driver_pairs() RETURNS TABLE (a integer, b integer) LANGUAGE sql IMMUTABLE AS $$
  SELECT a, b FROM generate_series(0, 10) AS a, generate_series(0, 10) AS b WHERE a <= b ORDER BY a, b
$$;

DO $$
BEGIN
  EXECUTE format($q$CREATE TABLE summary_drivers (
    scorer_version text NOT NULL,
    day            date NOT NULL,
    agent_id       text,
    team           text,
    channel        text NOT NULL,
    outcome        text NOT NULL,
    known          integer NOT NULL,
    %s
  ) WITH (fillfactor = 50)$q$,
    (SELECT string_agg(format('p%s_%s %s NOT NULL', a, b, CASE WHEN a = 0 AND b = 0 THEN 'bigint' ELSE 'numeric' END), ', ') FROM summary_driver_pairs()));
END $$;
CREATE UNIQUE INDEX summary_drivers_key ON summary_drivers (scorer_version, day, agent_id, team, channel, outcome, known) NULLS NOT DISTINCT;
CREATE TABLE summary_driver_deltas (LIKE summary_drivers);

-- The facts of scores `s` joined to their interactions `i` in `source` (a FROM clause), with `sign`: one
-- row per score and outcome answered, with the raw values x1 (y) … x10 (null when missing). $1 is the
-- time zone in the queries these are used in.
CREATE FUNCTION summary_driver_facts(sign text, source text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT format($q$SELECT %1$s::int AS sign, s.scorer_version,
  coalesce((i.started_at AT TIME ZONE $1)::date, '-infinity'::date) AS day, i.agent_id, i.team, i.channel, o.outcome,
  o.y AS x1, CASE WHEN s.empathy_applicable THEN s.empathy::float8 END AS x2, s.ownership_statements::float8 AS x3,
  s.customer_shift::float8 AS x4, s.effort::float8 AS x5, i.handle_time_s::float8 AS x6, i.wait_time_s::float8 AS x7,
  i.hold_time_s::float8 AS x8, i.transfers::float8 AS x9, i.resolved::int::float8 AS x10
  FROM %2$s
  CROSS JOIN LATERAL (VALUES ('csat', i.csat::float8), ('nps', i.nps::float8), ('ces', i.ces::float8)) AS o(outcome, y)
  WHERE s.not_scored IS NULL AND o.y IS NOT NULL$q$, sign, source)
$f$;

-- INSERT INTO `target` the net effect of `facts` (rows as summary_driver_facts gives them), one row per
-- key; keys whose every figure nets to zero are left out.
CREATE FUNCTION summary_driver_insert_sql(target text, facts text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT format($q$INSERT INTO %1$I
SELECT * FROM (
  SELECT scorer_version, day, agent_id, team, channel, outcome, known, %3$s
  FROM (SELECT f.scorer_version, f.day, f.agent_id, f.team, f.channel, f.outcome, f.sign,
      %4$s AS known, 1::numeric AS v0, %5$s
    FROM (%2$s) AS f) AS v
  GROUP BY 1, 2, 3, 4, 5, 6, 7) AS g
WHERE NOT (%6$s)
ORDER BY 1, 2, 3, 4, 5, 6, 7$q$,
  target, facts,
  (SELECT string_agg(CASE WHEN a = 0 AND b = 0 THEN 'sum(sign)::bigint AS p0_0' ELSE format('coalesce(sum(sign * v%s * v%s), 0) AS p%s_%s', a, b, a, b) END, ', ')
     FROM summary_driver_pairs()),
  (SELECT string_agg(format('(f.x%s IS NOT NULL)::int * %s', k, 1 << (k - 2)), ' + ') FROM generate_series(2, 10) AS k),
  (SELECT string_agg(format('coalesce(f.x%s::numeric, 0) AS v%s', k, k), ', ') FROM generate_series(1, 10) AS k),
  (SELECT string_agg(format('p%s_%s = 0', a, b), ' AND ') FROM summary_driver_pairs()))
$f$;

-- Scores inserted, updated or deleted.
CREATE FUNCTION summary_drivers_scores_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tz text;
  facts text := '';
BEGIN
  -- The locks of summary_scores_changed (migration 012), in the same order.
  PERFORM pg_advisory_xact_lock_shared(4207731012);
  PERFORM pg_advisory_xact_lock_shared(4207731014);
  SELECT time_zone INTO tz FROM summary_state;
  IF tz IS NULL THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    facts := summary_driver_facts('-1', 'old_rows s JOIN interactions i USING (interaction_id)');
  END IF;
  IF TG_OP <> 'DELETE' THEN
    facts := facts || CASE WHEN facts = '' THEN '' ELSE ' UNION ALL ' END
      || summary_driver_facts('1', 'new_rows s JOIN interactions i USING (interaction_id)');
  END IF;
  EXECUTE summary_driver_insert_sql('summary_driver_deltas', facts) USING tz;
  RETURN NULL;
END $$;

-- Interactions updated: their scores move from the old values (day, agent, team, channel, outcome
-- answers, times, transfers, resolved) to the new ones. New interactions have no scores yet; a deleted
-- one's scores were deleted before it (summary_interaction_deleting), which the score trigger counted.
CREATE FUNCTION summary_drivers_interactions_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tz text;
BEGIN
  -- The locks of summary_interactions_changed (migration 012), in the same order.
  PERFORM pg_advisory_xact_lock_shared(4207731012);
  PERFORM pg_advisory_xact_lock(4207731014);
  SELECT time_zone INTO tz FROM summary_state;
  IF tz IS NULL THEN
    RETURN NULL;
  END IF;
  EXECUTE summary_driver_insert_sql('summary_driver_deltas', format('%s UNION ALL %s',
    summary_driver_facts('1', 'new_rows i JOIN scores s USING (interaction_id)'),
    summary_driver_facts('-1', 'old_rows i JOIN scores s USING (interaction_id)'))) USING tz;
  RETURN NULL;
END $$;

CREATE TRIGGER summary_drivers_scores_insert AFTER INSERT ON scores
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_drivers_scores_changed();
CREATE TRIGGER summary_drivers_scores_update AFTER UPDATE ON scores
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_drivers_scores_changed();
CREATE TRIGGER summary_drivers_scores_delete AFTER DELETE ON scores
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_drivers_scores_changed();
CREATE TRIGGER summary_drivers_interactions_update AFTER UPDATE ON interactions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_drivers_interactions_updated();

-- Rebuilds the driver summaries from the rows for time zone `tz` (under the rebuild's lock).
CREATE FUNCTION summary_drivers_rebuild(tz text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM summary_driver_deltas;
  DELETE FROM summary_drivers;
  EXECUTE summary_driver_insert_sql('summary_drivers', summary_driver_facts('1', 'scores s JOIN interactions i USING (interaction_id)')) USING tz;
END $$;

-- As in migration 012, and the driver summaries with the others.
CREATE OR REPLACE FUNCTION summary_rebuild(tz text, window_days integer) RETURNS boolean LANGUAGE plpgsql AS $$
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
  -- The driver sums do not depend on the repeat window: rebuilt only for another time zone.
  IF NOT EXISTS (SELECT 1 FROM summary_state WHERE time_zone = tz) THEN
    PERFORM summary_drivers_rebuild(tz);
  END IF;
  INSERT INTO summary_state (time_zone, repeat_window_days) VALUES (tz, window_days)
    ON CONFLICT (id) DO UPDATE SET time_zone = EXCLUDED.time_zone, repeat_window_days = EXCLUDED.repeat_window_days, built_at = now();
  RETURN true;
END $$;

-- Moves the driver deltas into summary_drivers (called by summary_fold under its locks).
CREATE FUNCTION summary_drivers_fold() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format($q$
  WITH moved AS (DELETE FROM summary_driver_deltas RETURNING *),
  folded AS (
    INSERT INTO summary_drivers
    SELECT scorer_version, day, agent_id, team, channel, outcome, known, %s
    FROM moved GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (scorer_version, day, agent_id, team, channel, outcome, known) DO UPDATE SET %s
    RETURNING scorer_version, day, agent_id, team, channel, outcome, known, p0_0)
  -- A key left with no interaction has every sum at zero (the sums are exact): drop it.
  DELETE FROM summary_drivers d USING folded f
  WHERE f.p0_0 = 0 AND d.scorer_version = f.scorer_version AND d.day = f.day AND d.agent_id IS NOT DISTINCT FROM f.agent_id
    AND d.team IS NOT DISTINCT FROM f.team AND d.channel = f.channel AND d.outcome = f.outcome AND d.known = f.known$q$,
    (SELECT string_agg(format('sum(p%s_%s)', a, b), ', ') FROM summary_driver_pairs()),
    (SELECT string_agg(format('p%1$s_%2$s = summary_drivers.p%1$s_%2$s + EXCLUDED.p%1$s_%2$s', a, b), ', ') FROM summary_driver_pairs()));
END $$;

CREATE OR REPLACE FUNCTION summary_fold() RETURNS boolean LANGUAGE plpgsql AS $$
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
  DELETE FROM summary_day d USING folded f
  WHERE f.n = 0 AND d.scorer_version = f.scorer_version AND d.day = f.day AND d.agent_id IS NOT DISTINCT FROM f.agent_id
    AND d.team IS NOT DISTINCT FROM f.team AND d.channel = f.channel AND d.reason = f.reason AND d.declined = f.declined;
  PERFORM summary_drivers_fold();
  RETURN true;
END $$;

-- Built now for the time zone the summaries are built for (migration 012 built them on migrating).
SELECT summary_drivers_rebuild(time_zone) FROM summary_state;
