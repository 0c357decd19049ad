-- FCR only where it can be known. A contact counts towards FCR when it has a `resolved` flag, or when
-- whether the customer came back can be told: the contact has a customer and a start time. A contact
-- with neither (a review-like thread, a file with no customer ids) used to count as resolved, so a
-- centre without customer ids read FCR 100%; it is now left out, and FCR with no such contact is
-- unknown ("–") rather than perfect. Same rule in store/reports-facts.ts and report/agents.ts.

-- The facts of interactions `rel` (an alias) with their came-back flag `cb` and repeat flag `rep`
-- (expressions), with `sign`: the interaction's own row (scorer version '') when `score` is null, else
-- the row of its score `score` (an alias of scores). $1 is the time zone in the queries these are used in.
CREATE OR REPLACE FUNCTION summary_facts(sign text, rel text, cb text, rep text, score text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT format($q$SELECT %2$s::int AS sign, %4$s AS scorer_version,
  coalesce((%1$s.started_at AT TIME ZONE $1)::date, '-infinity'::date) AS day, %1$s.agent_id, %1$s.team, %1$s.channel,
  %5$s AS reason, %6$s AS declined,
  CASE WHEN %1$s.customer_id IS NOT NULL AND %1$s.started_at IS NOT NULL THEN coalesce(%8$s, false) END AS repeat,
  %1$s.csat::int AS csat, %1$s.handle_time_s::float8 AS handle,
  CASE WHEN %1$s.channel IN ('call', 'chat') THEN %1$s.wait_time_s::float8 END AS wait,
  (%1$s.channel IN ('call', 'chat', 'email') AND %1$s.abandoned IS NOT TRUE
    AND (%1$s.resolved IS NOT NULL OR (%1$s.customer_id IS NOT NULL AND %1$s.started_at IS NOT NULL))) AS fcr_open,
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

-- Built again now, for the time zone and window they were built for.
DO $$
DECLARE
  tz text;
  wd integer;
BEGIN
  SELECT time_zone, repeat_window_days INTO tz, wd FROM summary_state;
  DELETE FROM summary_state;
  PERFORM summary_rebuild(coalesce(tz, current_setting('TimeZone')), coalesce(wd, 7));
END $$;
