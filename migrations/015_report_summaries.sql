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
  -- Scores deleted by the cascade after their interaction: counted under it as it was (summary_gone,
  -- made below, which the interaction trigger fills before the cascade's score triggers run).
  IF TG_OP = 'DELETE' THEN
    facts := facts || ' UNION ALL ' || summary_driver_facts('-1', 'old_rows s JOIN summary_gone i ON i.interaction_id = s.interaction_id
      AND NOT EXISTS (SELECT 1 FROM interactions x WHERE x.interaction_id = s.interaction_id)');
  END IF;
  IF TG_OP <> 'DELETE' THEN
    facts := facts || CASE WHEN facts = '' THEN '' ELSE ' UNION ALL ' END
      || summary_driver_facts('1', 'new_rows s JOIN interactions i USING (interaction_id)');
  END IF;
  EXECUTE summary_driver_insert_sql('summary_driver_deltas', facts) USING tz;
  RETURN NULL;
END $$;

-- Whether an UPDATE statement changed none of `cols` (a list of columns) in any row, its ids unchanged:
-- its net effect on a summary is nothing (turns_block and other bookkeeping updates).
CREATE FUNCTION summary_update_is_noop(cols text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT format($q$SELECT NOT EXISTS (SELECT 1 FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.interaction_id = o.interaction_id
    AND (%1$s) IS NOT DISTINCT FROM (%2$s)))$q$,
  (SELECT string_agg('o.' || btrim(c, E' \n'), ', ') FROM unnest(string_to_array(cols, ',')) AS c),
  (SELECT string_agg('n.' || btrim(c, E' \n'), ', ') FROM unnest(string_to_array(cols, ',')) AS c))
$f$;

-- Interactions updated: their scores move from the old values (day, agent, team, channel, outcome
-- answers, times, transfers, resolved) to the new ones. New interactions have no scores yet; a deleted
-- one's scores were deleted before it (summary_interaction_deleting), which the score trigger counted.
CREATE FUNCTION summary_drivers_interactions_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tz text;
  noop boolean;
BEGIN
  -- The locks of summary_interactions_changed (migration 012), in the same order.
  PERFORM pg_advisory_xact_lock_shared(4207731012);
  PERFORM pg_advisory_xact_lock(4207731014);
  SELECT time_zone INTO tz FROM summary_state;
  IF tz IS NULL THEN
    RETURN NULL;
  END IF;
  EXECUTE summary_update_is_noop('started_at, agent_id, team, channel, csat, nps, ces, handle_time_s, wait_time_s, hold_time_s, transfers, resolved') INTO noop;
  IF noop THEN
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


-- The KPI, reason and channel reports on summary_day. summary_day is made again with, beside the
-- figures of migration 012:
-- - a key column `repeat`: whether the contact was a repeat (another conversation of the same customer
--   within the repeat window before it), null for a contact without a customer or a start time;
-- - csat_sq (sum of squared answers, for the repeat comparison's interval), NPS answers, promoters and
--   detractors, CES (normalised), customer sentiment (scores), wait as the KPIs read it (queue time,
--   else wait, of calls and chats), first response and resolution times, abandonment (known, and
--   abandoned calls and chats), escalation and transfers (any channel);
-- - on the scorer version's rows, every interaction figure too (counts, times, FCR, transfers …),
--   so that a KPI per contact reason adds up the rows of its reason; the interactions a version has not
--   scored are the rows of '' less those of the version.
-- FCR and `repeat` depend on the customer's other contacts: the trigger on interactions recomputes both
-- flags for the contacts within one window of a changed one, before and after the statement, and
-- counts again (with their scores) those whose flags turned; a score trigger reads the flags of its
-- interactions as they stand. An interaction's scores are now deleted by the cascade after it: the score
-- trigger takes out those whose interaction is gone under the interaction as it was (summary_gone).

DROP TRIGGER summary_interactions_deleting ON interactions;
DROP FUNCTION summary_interaction_deleting();
DROP FUNCTION summary_kpi_facts(text, text, text);
DROP FUNCTION summary_score_facts(text, text);
DROP TABLE summary_deltas;
DROP TABLE summary_day;

CREATE TABLE summary_day (
  scorer_version text NOT NULL,
  day            date NOT NULL,
  agent_id       text,
  team           text,
  channel        text NOT NULL,
  reason         text NOT NULL,
  declined       boolean NOT NULL,
  repeat         boolean,
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
  effort_sum     numeric NOT NULL,
  csat_sq        bigint NOT NULL,
  nps_n          bigint NOT NULL,
  promoters      bigint NOT NULL,
  detractors     bigint NOT NULL,
  ces_n          bigint NOT NULL,
  ces_sum        numeric NOT NULL,
  senti_n        bigint NOT NULL,
  senti_sum      numeric NOT NULL,
  qwait_n        bigint NOT NULL,
  qwait_sum      numeric NOT NULL,
  frt_n          bigint NOT NULL,
  frt_sum        numeric NOT NULL,
  res_n          bigint NOT NULL,
  res_sum        numeric NOT NULL,
  aband_n        bigint NOT NULL,
  aband_yes      bigint NOT NULL,
  esc_n          bigint NOT NULL,
  esc_yes        bigint NOT NULL,
  xfer_n         bigint NOT NULL,
  xfer_yes       bigint NOT NULL
) WITH (fillfactor = 50);
CREATE UNIQUE INDEX summary_day_key ON summary_day (scorer_version, day, agent_id, team, channel, reason, declined, repeat) NULLS NOT DISTINCT;
CREATE TABLE summary_deltas (LIKE summary_day);

-- The interactions the last statement deleted, with their flags as they were: their scores, deleted by
-- the cascade after the interaction trigger ran, are taken out under them by the score trigger.
-- (Columns of interactions then cb, rep: a column added to interactions must be added here too.)
CREATE TABLE summary_gone (LIKE interactions);
ALTER TABLE summary_gone ADD COLUMN cb boolean, ADD COLUMN rep boolean;

-- The figures of summary_day after the key, with the aggregate of the facts each one is.
CREATE FUNCTION summary_figures() RETURNS TABLE (name text, agg text) LANGUAGE sql IMMUTABLE AS $$
  SELECT * FROM (VALUES
    ('n', 'sum(sign)::bigint'),
    ('csat_n', 'sum(sign * (csat IS NOT NULL)::int)::bigint'),
    ('csat_sum', 'coalesce(sum(sign * csat), 0)::bigint'),
    ('csat_top2', 'sum(sign * coalesce(csat >= 4, false)::int)::bigint'),
    ('handle_n', 'sum(sign * (handle IS NOT NULL)::int)::bigint'),
    ('handle_sum', 'coalesce(sum(sign * handle::numeric), 0)'),
    ('wait_n', 'sum(sign * (wait IS NOT NULL)::int)::bigint'),
    ('wait_sum', 'coalesce(sum(sign * wait::numeric), 0)'),
    ('fcr_n', 'sum(sign * coalesce(fcr_open, false)::int)::bigint'),
    ('fcr_yes', 'sum(sign * coalesce(fcr_open AND fcr_yes, false)::int)::bigint'),
    ('transfer_n', 'sum(sign * (transfers IS NOT NULL)::int)::bigint'),
    ('transfer_yes', 'sum(sign * coalesce(transfers > 0, false)::int)::bigint'),
    ('empathy_n', 'sum(sign * coalesce(empathy_applicable, false)::int)::bigint'),
    ('empathy_cnt', 'sum(sign * coalesce(empathy_applicable AND empathy IS NOT NULL, false)::int)::bigint'),
    ('empathy_sum', 'coalesce(sum(sign * empathy::numeric) FILTER (WHERE empathy_applicable), 0)'),
    ('ownership_n', 'sum(sign * (ownership IS NOT NULL)::int)::bigint'),
    ('ownership_sum', 'coalesce(sum(sign * ownership::numeric), 0)'),
    ('shift_n', 'sum(sign * (shift IS NOT NULL)::int)::bigint'),
    ('shift_sum', 'coalesce(sum(sign * shift::numeric), 0)'),
    ('effort_n', 'sum(sign * (effort IS NOT NULL)::int)::bigint'),
    ('effort_sum', 'coalesce(sum(sign * effort::numeric), 0)'),
    ('csat_sq', 'coalesce(sum(sign * csat * csat), 0)::bigint'),
    ('nps_n', 'sum(sign * (nps IS NOT NULL)::int)::bigint'),
    ('promoters', 'sum(sign * coalesce(nps >= 9, false)::int)::bigint'),
    ('detractors', 'sum(sign * coalesce(nps <= 6, false)::int)::bigint'),
    ('ces_n', 'sum(sign * (ces IS NOT NULL)::int)::bigint'),
    ('ces_sum', 'coalesce(sum(sign * ces::numeric), 0)'),
    ('senti_n', 'sum(sign * (senti IS NOT NULL)::int)::bigint'),
    ('senti_sum', 'coalesce(sum(sign * senti::numeric), 0)'),
    ('qwait_n', 'sum(sign * (qwait IS NOT NULL)::int)::bigint'),
    ('qwait_sum', 'coalesce(sum(sign * qwait::numeric), 0)'),
    ('frt_n', 'sum(sign * (frt IS NOT NULL)::int)::bigint'),
    ('frt_sum', 'coalesce(sum(sign * frt::numeric), 0)'),
    ('res_n', 'sum(sign * (res IS NOT NULL)::int)::bigint'),
    ('res_sum', 'coalesce(sum(sign * res::numeric), 0)'),
    ('aband_n', 'sum(sign * (abandoned IS NOT NULL)::int)::bigint'),
    ('aband_yes', 'sum(sign * coalesce(abandoned AND channel IN (''call'', ''chat''), false)::int)::bigint'),
    ('esc_n', 'sum(sign * (escalated IS NOT NULL)::int)::bigint'),
    ('esc_yes', 'sum(sign * coalesce(escalated, false)::int)::bigint'),
    ('xfer_n', 'sum(sign * (xfers IS NOT NULL)::int)::bigint'),
    ('xfer_yes', 'sum(sign * coalesce(xfers > 0, false)::int)::bigint')
  ) AS f(name, agg)
$$;

-- INSERT INTO `target` the net effect of `facts` (rows as summary_facts gives them), one row per key;
-- keys whose every figure nets to zero are left out.
CREATE OR REPLACE FUNCTION summary_insert_sql(target text, facts text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT format($q$INSERT INTO %1$I
SELECT * FROM (
  SELECT scorer_version, day, agent_id, team, channel, reason, declined, repeat, %3$s
  FROM (%2$s) AS facts
  GROUP BY scorer_version, day, agent_id, team, channel, reason, declined, repeat) AS g
WHERE NOT (%4$s)
ORDER BY 1, 2, 3, 4, 5, 6, 7, 8$q$, target, facts,
  (SELECT string_agg(format('%s AS %s', agg, name), ', ') FROM summary_figures()),
  (SELECT string_agg(format('%s = 0', name), ' AND ') FROM summary_figures()))
$f$;

-- The facts of interactions `rel` (an alias) with their came-back flag `cb` and repeat flag `rep`
-- (expressions), with `sign`: the interaction's own row (scorer version '') when `score` is null, else
-- the row of its score `score` (an alias of scores). $1 is the time zone in the queries these are used in.
CREATE FUNCTION summary_facts(sign text, rel text, cb text, rep text, score text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT format($q$SELECT %2$s::int AS sign, %4$s AS scorer_version,
  coalesce((%1$s.started_at AT TIME ZONE $1)::date, '-infinity'::date) AS day, %1$s.agent_id, %1$s.team, %1$s.channel,
  %5$s AS reason, %6$s AS declined,
  CASE WHEN %1$s.customer_id IS NOT NULL AND %1$s.started_at IS NOT NULL THEN coalesce(%8$s, false) END AS repeat,
  %1$s.csat::int AS csat, %1$s.handle_time_s::float8 AS handle,
  CASE WHEN %1$s.channel IN ('call', 'chat') THEN %1$s.wait_time_s::float8 END AS wait,
  (%1$s.channel IN ('call', 'chat', 'email') AND %1$s.abandoned IS NOT TRUE) AS fcr_open,
  coalesce(%1$s.resolved, NOT coalesce(%7$s, false)) AS fcr_yes,
  CASE WHEN %1$s.channel IN ('call', 'chat', 'email') THEN %1$s.transfers END AS transfers,
  %9$s,
  %1$s.nps::int AS nps, %1$s.ces_norm::float8 AS ces,
  CASE WHEN %1$s.channel IN ('call', 'chat') THEN coalesce(%1$s.queue_time_s, %1$s.wait_time_s)::float8 END AS qwait,
  %1$s.first_response_s::float8 AS frt, %1$s.resolution_time_s::float8 AS res, %1$s.abandoned, %1$s.escalated,
  %1$s.transfers AS xfers$q$,
  rel, sign,
  '',
  CASE WHEN score IS NULL THEN '''''::text' ELSE score || '.scorer_version' END,
  CASE WHEN score IS NULL THEN '''''::text' ELSE format('coalesce(%s.intent, '''')', score) END,
  CASE WHEN score IS NULL THEN 'false' ELSE score || '.not_scored IS NOT NULL' END,
  cb, rep,
  CASE WHEN score IS NULL
    THEN 'NULL::boolean AS empathy_applicable, NULL::float8 AS empathy, NULL::float8 AS ownership, NULL::float8 AS shift, NULL::float8 AS effort, NULL::float8 AS senti'
    ELSE format('%1$s.empathy_applicable, %1$s.empathy::float8 AS empathy, %1$s.ownership_statements::float8 AS ownership, %1$s.customer_shift::float8 AS shift, %1$s.effort::float8 AS effort, %1$s.customer_sentiment::float8 AS senti', score) END)
$f$;

-- Whether each contact of `rel` was followed (cb), or preceded (rep), within the window $2 by another
-- conversation of the same customer.
CREATE OR REPLACE FUNCTION summary_came_back(rel text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT format($q$SELECT r.*,
  coalesce(count(*) FILTER (WHERE r.channel IN ('call', 'chat', 'email') AND r.abandoned IS NOT TRUE)
    OVER (PARTITION BY r.customer_id ORDER BY r.started_at RANGE BETWEEN '1 microsecond'::interval FOLLOWING AND $2 FOLLOWING) > 0, false) AS cb,
  coalesce(count(*) FILTER (WHERE r.channel IN ('call', 'chat', 'email') AND r.abandoned IS NOT TRUE)
    OVER (PARTITION BY r.customer_id ORDER BY r.started_at RANGE BETWEEN $2 PRECEDING AND '1 microsecond'::interval PRECEDING) > 0, false) AS rep
  FROM %s r WHERE r.customer_id IS NOT NULL AND r.started_at IS NOT NULL$q$, rel)
$f$;

-- The came-back and repeat flags of interaction `i` as the table stands (one customer's contacts, by index).
CREATE FUNCTION summary_flags_sql() RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT $q$CROSS JOIN LATERAL (SELECT
  EXISTS (SELECT 1 FROM interactions x WHERE x.customer_id = i.customer_id AND x.started_at > i.started_at AND x.started_at <= i.started_at + $2
    AND x.channel IN ('call', 'chat', 'email') AND x.abandoned IS NOT TRUE) AS cb,
  EXISTS (SELECT 1 FROM interactions x WHERE x.customer_id = i.customer_id AND x.started_at >= i.started_at - $2 AND x.started_at < i.started_at
    AND x.channel IN ('call', 'chat', 'email') AND x.abandoned IS NOT TRUE) AS rep) AS fl$q$
$f$;

-- As in migration 012, with the new figures and the driver summaries.
CREATE OR REPLACE FUNCTION summary_rebuild(tz text, window_days integer) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(4207731012);
  IF EXISTS (SELECT 1 FROM summary_state WHERE time_zone = tz AND repeat_window_days = window_days) THEN
    RETURN false;
  END IF;
  DELETE FROM summary_deltas;
  DELETE FROM summary_day;
  EXECUTE summary_insert_sql('summary_day', format($q$
    WITH f AS MATERIALIZED (%s),
    i AS MATERIALIZED (
      SELECT i.*, f.cb, f.rep FROM interactions i LEFT JOIN f USING (interaction_id))
    %s FROM i UNION ALL %s FROM i JOIN scores s USING (interaction_id)$q$,
    (SELECT format('SELECT interaction_id, cb, rep FROM (%s) AS c', summary_came_back('interactions'))),
    summary_facts('1', 'i', 'i.cb', 'i.rep', NULL), summary_facts('1', 'i', 'i.cb', 'i.rep', 's')))
    USING tz, make_interval(days => window_days);
  -- The driver sums do not depend on the repeat window: rebuilt only for another time zone.
  IF NOT EXISTS (SELECT 1 FROM summary_state WHERE time_zone = tz) THEN
    PERFORM summary_drivers_rebuild(tz);
  END IF;
  INSERT INTO summary_state (time_zone, repeat_window_days) VALUES (tz, window_days)
    ON CONFLICT (id) DO UPDATE SET time_zone = EXCLUDED.time_zone, repeat_window_days = EXCLUDED.repeat_window_days, built_at = now();
  RETURN true;
END $$;

CREATE OR REPLACE FUNCTION summary_fold() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF NOT pg_try_advisory_xact_lock(4207731013) THEN
    RETURN false;
  END IF;
  PERFORM pg_advisory_xact_lock_shared(4207731012);
  EXECUTE format($q$
  WITH moved AS (DELETE FROM summary_deltas RETURNING *),
  folded AS (
    INSERT INTO summary_day
    SELECT scorer_version, day, agent_id, team, channel, reason, declined, repeat, %s
    FROM moved GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (scorer_version, day, agent_id, team, channel, reason, declined, repeat) DO UPDATE SET %s
    RETURNING scorer_version, day, agent_id, team, channel, reason, declined, repeat, n)
  -- A key left with no interaction has every figure at zero (the sums are exact): drop it.
  DELETE FROM summary_day d USING folded f
  WHERE f.n = 0 AND d.scorer_version = f.scorer_version AND d.day = f.day AND d.agent_id IS NOT DISTINCT FROM f.agent_id
    AND d.team IS NOT DISTINCT FROM f.team AND d.channel = f.channel AND d.reason = f.reason AND d.declined = f.declined
    AND d.repeat IS NOT DISTINCT FROM f.repeat$q$,
    (SELECT string_agg(format('sum(%s)', name), ', ') FROM summary_figures()),
    (SELECT string_agg(format('%1$s = summary_day.%1$s + EXCLUDED.%1$s', name), ', ') FROM summary_figures()));
  PERFORM summary_drivers_fold();
  RETURN true;
END $$;

-- Interactions inserted, updated or deleted (one statement's rows in old_rows / new_rows).
CREATE OR REPLACE FUNCTION summary_interactions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tz text;
  w interval;
  noop boolean;
  ref_xmin xid;
  ref_cmin cid;
  o text := CASE WHEN TG_OP = 'INSERT' THEN 'SELECT * FROM interactions WHERE false' ELSE 'SELECT * FROM old_rows' END;
  nw text := CASE WHEN TG_OP = 'DELETE' THEN 'SELECT * FROM interactions WHERE false' ELSE 'SELECT * FROM new_rows' END;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(4207731012);
  -- Statements that change interactions take turns, and wait for open score writes (see migration 012).
  PERFORM pg_advisory_xact_lock(4207731014);
  SELECT time_zone, make_interval(days => repeat_window_days) INTO tz, w FROM summary_state;
  IF tz IS NULL THEN
    RETURN NULL;
  END IF;
  -- An update that changed nothing the summaries count.
  IF TG_OP = 'UPDATE' THEN
    EXECUTE summary_update_is_noop('customer_id, started_at, agent_id, team, channel, csat, nps, ces_norm, handle_time_s, wait_time_s,
      queue_time_s, first_response_s, resolution_time_s, abandoned, escalated, transfers, resolved') INTO noop;
    IF noop THEN
      RETURN NULL;
    END IF;
  END IF;
  -- An INSERT … ON CONFLICT DO UPDATE: see migration 012.
  IF TG_OP = 'UPDATE' THEN
    SELECT i.xmin, i.cmin INTO ref_xmin, ref_cmin FROM interactions i JOIN new_rows n USING (interaction_id) LIMIT 1;
  END IF;
  -- The customers touched, and the span [lo, hi] of their contacts whose flags may change: a window
  -- before the earliest changed contact (old or new time) to a window after the latest (the came-back
  -- flag looks forward, the repeat flag back). Flags are computed over the span and one window on
  -- either side of it, before (prev) and after (cur) the statement.
  EXECUTE summary_insert_sql('summary_deltas', format($q$
    WITH o AS (%s), nw AS (%s),
    cust AS (
      SELECT customer_id, min(started_at) - $2 AS lo, max(started_at) + $2 AS hi
      FROM (SELECT customer_id, started_at FROM o UNION ALL SELECT customer_id, started_at FROM nw) AS c
      WHERE customer_id IS NOT NULL AND started_at IS NOT NULL GROUP BY customer_id),
    hidden AS (
      SELECT i.interaction_id FROM interactions i JOIN cust c ON i.customer_id = c.customer_id AND i.started_at >= c.lo - $2 AND i.started_at <= c.hi + $2
      WHERE $3::xid IS NOT NULL AND i.xmin = $3 AND i.cmin = $4
      EXCEPT SELECT interaction_id FROM nw),
    cur AS (
      SELECT i.*, c.lo, c.hi FROM interactions i JOIN cust c ON i.customer_id = c.customer_id AND i.started_at >= c.lo - $2 AND i.started_at <= c.hi + $2
      WHERE NOT EXISTS (SELECT 1 FROM hidden h WHERE h.interaction_id = i.interaction_id)),
    prev AS (
      SELECT * FROM cur WHERE NOT EXISTS (SELECT 1 FROM nw WHERE nw.interaction_id = cur.interaction_id)
      UNION ALL
      SELECT o.*, c.lo, c.hi FROM o JOIN cust c ON o.customer_id = c.customer_id AND o.started_at >= c.lo - $2 AND o.started_at <= c.hi + $2),
    curf AS MATERIALIZED (%s), prevf AS MATERIALIZED (%s),
    -- The changed rows with their flags after (nwf) and before (oldf) the statement.
    nwf AS (SELECT nw.*, c.cb, c.rep FROM nw LEFT JOIN curf c USING (interaction_id)),
    oldf AS (SELECT o.*, p.cb, p.rep FROM o LEFT JOIN prevf p USING (interaction_id)),
    -- Contacts the statement did not change whose flags it turned: counted again with the new flags.
    flips AS (
      SELECT c.*, p.cb AS old_cb, p.rep AS old_rep FROM curf c JOIN prevf p ON p.interaction_id = c.interaction_id
      WHERE c.started_at >= c.lo AND c.started_at <= c.hi AND (c.cb <> p.cb OR c.rep <> p.rep)
        AND NOT EXISTS (SELECT 1 FROM nw WHERE nw.interaction_id = c.interaction_id))
    %s FROM nwf i
    UNION ALL %s FROM oldf i
    UNION ALL %s FROM flips i
    UNION ALL %s FROM flips i
    UNION ALL %s FROM flips i JOIN scores s USING (interaction_id)
    UNION ALL %s FROM flips i JOIN scores s USING (interaction_id)
    %s$q$,
    o, nw, summary_came_back('cur'), summary_came_back('prev'),
    summary_facts('1', 'i', 'i.cb', 'i.rep', NULL), summary_facts('-1', 'i', 'i.cb', 'i.rep', NULL),
    summary_facts('1', 'i', 'i.cb', 'i.rep', NULL), summary_facts('-1', 'i', 'i.old_cb', 'i.old_rep', NULL),
    summary_facts('1', 'i', 'i.cb', 'i.rep', 's'), summary_facts('-1', 'i', 'i.old_cb', 'i.old_rep', 's'),
    -- An updated interaction's scores move from its old values and flags to the new ones (new
    -- interactions have no scores yet; a deleted one's, see summary_gone).
    CASE WHEN TG_OP = 'UPDATE' THEN format('UNION ALL %s FROM nwf i JOIN scores s USING (interaction_id) UNION ALL %s FROM oldf i JOIN scores s USING (interaction_id)',
      summary_facts('1', 'i', 'i.cb', 'i.rep', 's'), summary_facts('-1', 'i', 'i.cb', 'i.rep', 's')) ELSE '' END))
    USING tz, w, ref_xmin, ref_cmin;
  IF TG_OP = 'DELETE' THEN
    -- The cascades of earlier statements are done: only this statement's interactions are kept.
    DELETE FROM summary_gone;
    EXECUTE format($q$INSERT INTO summary_gone SELECT o.*, f.cb, f.rep FROM old_rows o LEFT JOIN (
      SELECT interaction_id, cb, rep FROM (%s) AS c) AS f USING (interaction_id)$q$,
      summary_came_back('(SELECT * FROM interactions WHERE customer_id IN (SELECT customer_id FROM old_rows) UNION ALL SELECT * FROM old_rows)'))
      USING tz, w;
  END IF;
  RETURN NULL;
END $$;

-- Scores inserted, updated or deleted, counted under their interaction's day, agent, team, channel
-- and flags; scores whose interaction is gone (deleted by the cascade) are kept for the interaction trigger.
CREATE OR REPLACE FUNCTION summary_scores_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tz text;
  w interval;
  facts text := '';
BEGIN
  PERFORM pg_advisory_xact_lock_shared(4207731012);
  PERFORM pg_advisory_xact_lock_shared(4207731014);
  SELECT time_zone, make_interval(days => repeat_window_days) INTO tz, w FROM summary_state;
  IF tz IS NULL THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    facts := format('%s FROM old_rows s JOIN interactions i USING (interaction_id) %s', summary_facts('-1', 'i', 'fl.cb', 'fl.rep', 's'), summary_flags_sql());
  END IF;
  IF TG_OP = 'DELETE' THEN
    facts := facts || format(' UNION ALL %s FROM old_rows s JOIN summary_gone i ON i.interaction_id = s.interaction_id
      AND NOT EXISTS (SELECT 1 FROM interactions x WHERE x.interaction_id = s.interaction_id)', summary_facts('-1', 'i', 'i.cb', 'i.rep', 's'));
  END IF;
  IF TG_OP <> 'DELETE' THEN
    facts := facts || CASE WHEN facts = '' THEN '' ELSE ' UNION ALL ' END
      || format('%s FROM new_rows s JOIN interactions i USING (interaction_id) %s', summary_facts('1', 'i', 'fl.cb', 'fl.rep', 's'), summary_flags_sql());
  END IF;
  EXECUTE summary_insert_sql('summary_deltas', facts) USING tz, w;
  RETURN NULL;
END $$;

-- A statement deleting interactions takes the locks of one that changes them before the cascade's
-- score trigger takes its shared one.
CREATE FUNCTION summary_interactions_deleting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(4207731012);
  PERFORM pg_advisory_xact_lock(4207731014);
  RETURN NULL;
END $$;
CREATE TRIGGER summary_interactions_deleting BEFORE DELETE ON interactions
  FOR EACH STATEMENT EXECUTE FUNCTION summary_interactions_deleting();

-- The top contacts of a reason, most confident first (voc report reasons: the sentences behind each).
CREATE INDEX scores_reason_idx ON scores (scorer_version, intent, intent_confidence DESC, interaction_id);

-- The trigger statements are planned for the transition tables' and CTEs' default row estimates, which
-- put their cost past the JIT threshold: compiling them took longer (seconds under load) than running
-- them (milliseconds). They run without JIT.
ALTER FUNCTION summary_interactions_changed() SET jit = off;
ALTER FUNCTION summary_scores_changed() SET jit = off;
ALTER FUNCTION summary_drivers_scores_changed() SET jit = off;
ALTER FUNCTION summary_drivers_interactions_updated() SET jit = off;
ALTER FUNCTION summary_fold() SET jit = off;
ALTER FUNCTION summary_rebuild(text, integer) SET jit = off;

-- Built again now, with the driver sums, for the time zone and window they were built for.
DO $$
DECLARE
  tz text;
  wd integer;
BEGIN
  SELECT time_zone, repeat_window_days INTO tz, wd FROM summary_state;
  DELETE FROM summary_state;
  PERFORM summary_rebuild(coalesce(tz, current_setting('TimeZone')), coalesce(wd, 7));
END $$;
