/** SQL for the KPI breakdowns and the repeat-contact comparison (report/kpis.ts shapes the rows). */
import type { Queryable } from './db.ts';
import { factsCte, KPI_AGGREGATES, type FactOptions } from './reports-facts.ts';

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

/** One row of KPIs per group (by volume, largest first; weeks and months in order). */
export async function kpiRows(db: Queryable, by: KpiGroup, opts: FactOptions): Promise<KpiSqlRow[]> {
  const facts = factsCte(opts);
  const order = by === 'week' || by === 'month' ? 'key' : 'n DESC, key';
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
