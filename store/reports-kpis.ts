/** SQL for the KPI breakdowns and the repeat-contact comparison (report/kpis.ts shapes the rows). */
import type { Queryable } from './db.ts';
import { factsCte, KPI_AGGREGATES, REPEAT_WINDOW_DAYS, type FactOptions } from './reports-facts.ts';
import { SUMMARY_FIGURES, summariesFor, summaryCte } from './summaries.ts';

export const KPI_GROUPS = ['all', 'agent', 'team', 'channel', 'reason', 'week', 'month'] as const;
export type KpiGroup = (typeof KPI_GROUPS)[number];

const GROUP_SQL: Record<KpiGroup, string> = {
  all: `'all'`,
  agent: `coalesce(agent_id, '(no agent)')`,
  team: `coalesce(team, '(no team)')`,
  channel: 'channel',
  reason: 'reason',
  week: `coalesce(week, '(no date)')`,
  month: `coalesce(month, '(no date)')`,
};

export interface KpiSqlRow {
  key: string;
  n: number;
  csat_n: number; csat: number | null; csat_top2: number | null;
  nps_n: number; promoters: number; detractors: number;
  ces_n: number; ces_hard: number | null;
  sentiment: number | null; empathy_n: number; empathy: number | null; effort: number | null;
  handle_s: number | null; wait_s: number | null; first_response_s: number | null; resolution_s: number | null;
  fcr_n: number; fcr: number | null; repeat_rate: number | null; abandon_rate: number | null;
  escalation_rate: number | null; transfer_rate: number | null;
}

/** The group of a summary row `u` (summary_day), as GROUP_SQL groups the facts. */
const SUMMARY_GROUP_SQL: Record<Exclude<KpiGroup, 'reason'>, string> = {
  all: `'all'`,
  agent: `coalesce(u.agent_id, '(no agent)')`,
  team: `coalesce(u.team, '(no team)')`,
  channel: 'u.channel',
  week: `CASE WHEN u.day = '-infinity' THEN '(no date)' ELSE to_char(date_trunc('week', u.day::timestamp), 'YYYY-MM-DD') END`,
  month: `CASE WHEN u.day = '-infinity' THEN '(no date)' ELSE to_char(u.day::timestamp, 'YYYY-MM') END`,
};

/**
 * KPI_AGGREGATES from the per-day summaries (store/summaries.ts), over `g`: summary rows with a group
 * `key`, a weight `iw` for their interaction figures and `sw` for their score figures.
 */
const SUMMARY_AGGREGATES = `
  sum(iw * n)::int AS n,
  sum(iw * csat_n)::int AS csat_n, (sum(iw * csat_sum) / nullif(sum(iw * csat_n), 0))::float8 AS csat,
  (sum(iw * csat_top2) / nullif(sum(iw * csat_n), 0))::float8 AS csat_top2,
  sum(iw * nps_n)::int AS nps_n, sum(iw * promoters)::int AS promoters, sum(iw * detractors)::int AS detractors,
  sum(iw * ces_n)::int AS ces_n, (sum(iw * ces_sum) / nullif(sum(iw * ces_n), 0))::float8 AS ces_hard,
  (sum(sw * senti_sum) / nullif(sum(sw * senti_n), 0))::float8 AS sentiment,
  sum(sw * empathy_cnt)::int AS empathy_n, (sum(sw * empathy_sum) / nullif(sum(sw * empathy_cnt), 0))::float8 AS empathy,
  (sum(sw * effort_sum) / nullif(sum(sw * effort_n), 0))::float8 AS effort,
  (sum(iw * handle_sum) / nullif(sum(iw * handle_n), 0))::float8 AS handle_s,
  (sum(iw * qwait_sum) / nullif(sum(iw * qwait_n), 0))::float8 AS wait_s,
  (sum(iw * frt_sum) / nullif(sum(iw * frt_n), 0))::float8 AS first_response_s,
  (sum(iw * res_sum) / nullif(sum(iw * res_n), 0))::float8 AS resolution_s,
  sum(iw * fcr_n)::int AS fcr_n, (sum(iw * fcr_yes) / nullif(sum(iw * fcr_n), 0))::float8 AS fcr,
  (coalesce(sum(iw * n) FILTER (WHERE repeat AND channel IN ('call', 'chat', 'email')), 0)
    / nullif(sum(iw * n) FILTER (WHERE repeat IS NOT NULL AND channel IN ('call', 'chat', 'email')), 0))::float8 AS repeat_rate,
  CASE WHEN sum(iw * aband_n) > 0 THEN (sum(iw * aband_yes) / nullif(sum(iw * n) FILTER (WHERE channel IN ('call', 'chat')), 0)) END::float8 AS abandon_rate,
  (sum(iw * esc_yes) / nullif(sum(iw * esc_n), 0))::float8 AS escalation_rate,
  (sum(iw * xfer_yes) / nullif(sum(iw * xfer_n), 0))::float8 AS transfer_rate`;

/**
 * The summary rows `g` of a grouping: the interaction rows (scorer version '') carry the interaction
 * figures and the scorer version's rows the score figures. By reason, the version's rows carry both
 * under their reason, and the interactions it has not scored (or declined, or found no reason for) are
 * 'unscored': the interaction rows less the version's.
 */
function summaryGroups(by: KpiGroup): string {
  const mine = `CASE WHEN u.scorer_version = '' THEN 0 ELSE 1 END`;
  const entries = by === 'reason'
    ? `(CASE WHEN u.scorer_version = '' OR u.reason = '' THEN 'unscored' ELSE u.reason END, 1, ${mine}),
       (CASE WHEN u.scorer_version <> '' THEN 'unscored' END, -1, 0)`
    : `(u.gk, 1 - ${mine}, ${mine})`;
  // Added up per group first (a few hundred rows), then weighted.
  return `g AS (
    SELECT u.*, k.key, k.iw, k.sw FROM (
      SELECT scorer_version, reason, channel, repeat, ${by === 'reason' ? `''` : SUMMARY_GROUP_SQL[by]} AS gk,
        ${SUMMARY_FIGURES.map((c) => `sum(${c}) AS ${c}`).join(', ')}
      FROM summary u GROUP BY 1, 2, 3, 4, 5) AS u
    CROSS JOIN LATERAL (VALUES ${entries}) AS k(key, iw, sw) WHERE k.key IS NOT NULL)`;
}

/** One row of KPIs per group (by volume, largest first; weeks and months in order). */
export async function kpiRows(db: Queryable, by: KpiGroup, opts: FactOptions): Promise<KpiSqlRow[]> {
  const order = by === 'week' || by === 'month' ? 'key' : 'n DESC, key';
  const summary = await summariesFor(db, opts, opts.repeatWindowDays ?? REPEAT_WINDOW_DAYS, 2, summaryCte, opts.repeatWindowDays !== undefined);
  if (summary) {
    const { rows } = await db.query<KpiSqlRow>(
      `WITH ${summary.sql}, ${summaryGroups(by)}
       SELECT key, ${SUMMARY_AGGREGATES} FROM g GROUP BY key HAVING sum(iw * n) <> 0 ORDER BY ${order}`,
      [opts.scorerVersion, ...summary.params],
    );
    return rows;
  }
  const facts = factsCte(opts);
  const { rows } = await db.query<KpiSqlRow>(
    `WITH ${facts.sql} SELECT ${GROUP_SQL[by]} AS key, ${KPI_AGGREGATES} FROM kfacts GROUP BY 1 ORDER BY ${order}`,
    facts.params,
  );
  return rows;
}

export interface RepeatSqlRow {
  is_repeat: boolean;
  n: number;
  csat_n: number; csat: number | null; csat_sd: number | null; csat_top2: number | null;
  nps_n: number; promoters: number; detractors: number;
}

/** CSAT and NPS answers of conversations that were repeat contacts against first contacts. */
export async function repeatRows(db: Queryable, opts: FactOptions): Promise<RepeatSqlRow[]> {
  const summary = await summariesFor(db, opts, opts.repeatWindowDays ?? REPEAT_WINDOW_DAYS, 2, summaryCte, opts.repeatWindowDays !== undefined);
  if (summary) {
    // The interaction rows of conversations with a customer and a start time (repeat is null for the others).
    const { rows } = await db.query<RepeatSqlRow>(
      `WITH ${summary.sql}
       SELECT repeat AS is_repeat, sum(n)::int AS n,
         sum(csat_n)::int AS csat_n, (sum(csat_sum) / nullif(sum(csat_n), 0))::float8 AS csat,
         CASE WHEN sum(csat_n) > 1 THEN sqrt(greatest(0, (sum(csat_sq) - sum(csat_sum) ^ 2 / sum(csat_n)) / (sum(csat_n) - 1)))::float8 END AS csat_sd,
         (sum(csat_top2) / nullif(sum(csat_n), 0))::float8 AS csat_top2,
         sum(nps_n)::int AS nps_n, sum(promoters)::int AS promoters, sum(detractors)::int AS detractors
       FROM summary WHERE scorer_version = '' AND repeat IS NOT NULL AND channel IN ('call', 'chat', 'email')
       GROUP BY repeat HAVING sum(n) <> 0 ORDER BY repeat`,
      [opts.scorerVersion, ...summary.params],
    );
    return rows;
  }
  const facts = factsCte(opts);
  const { rows } = await db.query<RepeatSqlRow>(
    `WITH ${facts.sql}
     SELECT is_repeat, count(*)::int AS n,
       count(csat)::int AS csat_n, avg(csat)::float8 AS csat, stddev_samp(csat)::float8 AS csat_sd,
       (count(*) FILTER (WHERE csat >= 4))::float8 / nullif(count(csat), 0) AS csat_top2,
       count(nps)::int AS nps_n, (count(*) FILTER (WHERE nps >= 9))::int AS promoters, (count(*) FILTER (WHERE nps <= 6))::int AS detractors
     FROM kfacts WHERE conversation AND customer_id IS NOT NULL AND started_at IS NOT NULL
     GROUP BY is_repeat ORDER BY is_repeat`,
    facts.params,
  );
  return rows;
}
