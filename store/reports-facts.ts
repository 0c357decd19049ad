/**
 * The per-interaction facts every KPI, reason, channel and journey report starts from, as one SQL
 * common table expression, so they agree on what a repeat contact, FCR and "resolved" mean:
 *
 * - repeat (`is_repeat`): the same customer had a conversation with us (call, chat or e-mail, not
 *   abandoned in the queue) within the repeat window before this contact; one they "had to make again".
 * - came back (`came_back`): the same customer contacted us again within the window after this contact.
 * - fcr: the `resolved` flag when the row has one, else "the customer did not come back within the
 *   window" — for conversations (call, chat, e-mail) only; reviews and surveys have none. A
 *   conversation with no flag and no customer or start time cannot tell, and is left out (`FCR_KNOWN`).
 */
import { REPEAT_WINDOW_DAYS } from '../pipeline/effort/index.ts';
import { filterSql, type ReportFilters } from './filters.ts';

/** Days within which another contact by the same customer is a repeat. One setting for every report and the effort score. @defaultValue 7 */
export { REPEAT_WINDOW_DAYS };

/**
 * Whether a contact's FCR can be known (SQL over the interaction's columns): it has a `resolved` flag,
 * or a customer and a start time, so that whether the customer came back can be told. The summaries
 * apply the same rule (migration 016, `summary_facts`).
 */
export const FCR_KNOWN = '(resolved IS NOT NULL OR (customer_id IS NOT NULL AND started_at IS NOT NULL))';

export interface FactOptions extends ReportFilters {
  scorerVersion: string;
  /** @defaultValue REPEAT_WINDOW_DAYS */
  repeatWindowDays?: number;
}

/**
 * `facts AS (…)` with its parameters numbered from $1: the scorer version is $1, the window $2, the
 * filters after. Columns: every column of interactions, the score's reason (intent), customer
 * sentiment, empathy (null where not called for), effort, and is_repeat, came_back, fcr,
 * conversation, week (Monday, 'YYYY-MM-DD'), month ('YYYY-MM').
 */
export function factsCte(opts: FactOptions): { sql: string; params: unknown[] } {
  const f = filterSql(opts, 3);
  const window = `make_interval(days => $2::int)`;
  const conversation = `channel IN ('call', 'chat', 'email') AND abandoned IS NOT TRUE`;
  return {
    // Another conversation of the same customer (call, chat or e-mail, not abandoned) within the window
    // before this contact, or after it: one pass over each customer's contacts in time order, the frame
    // stopping just short of this contact (timestamps are to the microsecond).
    sql: `contacts AS (
      SELECT interaction_id,
        count(*) FILTER (WHERE ${conversation}) OVER (PARTITION BY customer_id ORDER BY started_at
          RANGE BETWEEN ${window} PRECEDING AND '1 microsecond'::interval PRECEDING) > 0 AS is_repeat,
        count(*) FILTER (WHERE ${conversation}) OVER (PARTITION BY customer_id ORDER BY started_at
          RANGE BETWEEN '1 microsecond'::interval FOLLOWING AND ${window} FOLLOWING) > 0 AS came_back
      FROM interactions WHERE customer_id IS NOT NULL AND started_at IS NOT NULL),
    facts AS (
      SELECT i.*, coalesce(s.intent, 'unscored') AS reason, s.customer_sentiment, s.sentiment,
        CASE WHEN s.empathy_applicable THEN s.empathy END AS empathy, s.effort,
        i.channel IN ('call', 'chat', 'email') AS conversation,
        to_char(date_trunc('week', i.started_at AT TIME ZONE current_setting('TimeZone')), 'YYYY-MM-DD') AS week,
        to_char(i.started_at AT TIME ZONE current_setting('TimeZone'), 'YYYY-MM') AS month,
        coalesce(c.is_repeat, false) AS is_repeat, coalesce(c.came_back, false) AS came_back
      FROM interactions i
      LEFT JOIN scores s ON s.interaction_id = i.interaction_id AND s.scorer_version = $1
      LEFT JOIN contacts c ON c.interaction_id = i.interaction_id
      WHERE true${f.sql}),
    kfacts AS (
      SELECT facts.*, CASE WHEN conversation AND NOT coalesce(abandoned, false) AND ${FCR_KNOWN} THEN coalesce(resolved, NOT came_back) END AS fcr
      FROM facts)`,
    params: [opts.scorerVersion, opts.repeatWindowDays ?? REPEAT_WINDOW_DAYS, ...f.params],
  };
}

/**
 * The aggregate columns of a KPI row over `kfacts`: counts, CSAT mean and 4–5 share, NPS shares,
 * CES (normalised), the scores, times and rates. NPS and its interval are finished in report/kpis.ts.
 */
export const KPI_AGGREGATES = `
  count(*)::int AS n,
  count(csat)::int AS csat_n, avg(csat)::float8 AS csat,
  (count(*) FILTER (WHERE csat >= 4))::float8 / nullif(count(csat), 0) AS csat_top2,
  count(nps)::int AS nps_n,
  (count(*) FILTER (WHERE nps >= 9))::int AS promoters,
  (count(*) FILTER (WHERE nps <= 6))::int AS detractors,
  count(ces_norm)::int AS ces_n, avg(ces_norm)::float8 AS ces_hard,
  avg(customer_sentiment)::float8 AS sentiment,
  count(empathy)::int AS empathy_n, avg(empathy)::float8 AS empathy,
  avg(effort)::float8 AS effort,
  avg(handle_time_s)::float8 AS handle_s,
  avg(coalesce(queue_time_s, wait_time_s)) FILTER (WHERE channel IN ('call', 'chat'))::float8 AS wait_s,
  avg(first_response_s)::float8 AS first_response_s,
  avg(resolution_time_s)::float8 AS resolution_s,
  count(fcr)::int AS fcr_n, avg(fcr::int)::float8 AS fcr,
  avg(is_repeat::int) FILTER (WHERE conversation AND customer_id IS NOT NULL AND started_at IS NOT NULL)::float8 AS repeat_rate,
  CASE WHEN count(abandoned) > 0 THEN avg(coalesce(abandoned, false)::int) FILTER (WHERE channel IN ('call', 'chat')) END::float8 AS abandon_rate,
  avg(escalated::int)::float8 AS escalation_rate,
  avg((transfers > 0)::int)::float8 AS transfer_rate`;
