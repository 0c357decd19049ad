/**
 * Agent scorecards: per agent the empathy and efficiency figures side by side, the agent's empathy
 * percentile in the team, a weekly trend, and a quadrant (empathy high/low × handle time short/long
 * against the team or centre median) that says what to coach. Aggregates are SQL; this file only
 * shapes rows.
 *
 * Empathy is averaged over the interactions where it applied (a customer turn called for it); the
 * other figures over all the agent's interactions that have them.
 */
import type { Queryable } from '../store/db.ts';
import { FCR_KNOWN, REPEAT_WINDOW_DAYS } from '../store/reports-facts.ts';
import { summariesFor } from '../store/summaries.ts';
import { filterSql, type ReportFilters } from './filters.ts';

/**
 * Fewer interactions than this and an agent is listed but not ranked: no percentile, no quadrant
 * (a mean of a handful says more about the handful than the agent). @defaultValue 20
 */
export const MIN_INTERACTIONS = 20;

/** Ranked agents a team (or the centre) needs before a percentile or a quadrant means anything. */
export const MIN_PEERS = 3;

export type Quadrant = 'role model' | 'warm but slow' | 'fast but cold' | 'needs support';

/** What each quadrant means for coaching. */
export const QUADRANT_ADVICE: Record<Quadrant, string> = {
  'role model': 'empathy high, handle time short: use their calls as coaching examples',
  'warm but slow': 'empathy high, handle time long: coach call control (fewer holds, clear next steps, own the fix)',
  'fast but cold': 'empathy low, handle time short: coach acknowledging the customer before solving',
  'needs support': 'empathy low, handle time long: coach empathy first, then call control; review workload',
};

export interface AgentRow {
  agent_id: string;
  team: string | null;
  interactions: number;
  /** Of those, the interactions the scorer declined (a language it does not support): in no average. */
  not_scored?: number;
  /** Interactions where empathy applied, and the mean empathy (0–100) over them. */
  empathy_n: number;
  empathy: number | null;
  /** Percentile (0–100) of the agent's empathy among the team's agents. */
  empathy_pct_team: number | null;
  ownership: number | null;
  /** Mean customer sentiment shift (end − start). */
  sentiment_shift: number | null;
  effort: number | null;
  aht_s: number | null;
  /** Mean queue wait of calls and chats (an e-mail's response time is a different measure). */
  wait_s: number | null;
  csat_n: number;
  csat: number | null;
  /** Share of CSAT answers that are 4 or 5. */
  csat_score: number | null;
  /**
   * First-contact resolution as every report counts it (store/reports-facts.ts): of the conversations
   * a customer did not abandon, the share resolved — the `resolved` flag where the row has one, else
   * no later conversation by the same customer within the repeat window.
   */
  fcr: number | null;
  /** Share of conversations with at least one transfer. */
  transfer_rate: number | null;
  quadrant: Quadrant | null;
  /** Fewer interactions than the minimum: listed, but given no percentile and no quadrant. */
  too_few: boolean;
  /** Mean empathy per week, oldest first. */
  trend: { week: string; n: number; empathy: number | null; csat: number | null }[];
}

export interface AgentTableOptions extends ReportFilters {
  /** Compare each agent with the team's median or the whole centre's. @defaultValue 'team' */
  baseline?: 'team' | 'centre';
  /** Scores of this scorer version (the configured scorer's: `currentScorerVersion`). */
  scorerVersion: string;
  /** Interactions an agent needs before being ranked or placed in a quadrant. @defaultValue MIN_INTERACTIONS (20) */
  minInteractions?: number;
  /**
   * A later contact by the same customer within this many days means the first was not resolved (the
   * one repeat window of the configuration). @defaultValue REPEAT_WINDOW_DAYS (7)
   */
  repeatWindowDays?: number;
}

/** The base rows every agent figure comes from: interactions with an agent, joined to their score. */
function baseCte(opts: AgentTableOptions, first: number) {
  const f = filterSql(opts, first + 1);
  return {
    // Repeated: the same customer had another conversation (call, chat or e-mail, not abandoned) after this one,
    // within the window. One pass over each customer's contacts in time order: the window frame runs
    // from just after this contact (timestamps are to the microsecond) to the window's end.
    sql: `repeats AS (
      SELECT interaction_id, count(*) FILTER (WHERE channel IN ('call', 'chat', 'email') AND abandoned IS NOT TRUE) OVER (PARTITION BY customer_id ORDER BY started_at
          RANGE BETWEEN '1 microsecond'::interval FOLLOWING AND make_interval(days => $${first + 1 + f.params.length}::int) FOLLOWING) > 0 AS repeated
      FROM interactions WHERE customer_id IS NOT NULL AND started_at IS NOT NULL),
    base AS (
      SELECT i.*, s.empathy_applicable, s.empathy, s.ownership_statements, s.customer_shift, s.effort, s.not_scored,
        i.channel IN ('call', 'chat', 'email') AS conversation, coalesce(rep.repeated, false) AS repeated
      FROM interactions i
      LEFT JOIN scores s ON s.interaction_id = i.interaction_id AND s.scorer_version = $${first}
      LEFT JOIN repeats rep ON rep.interaction_id = i.interaction_id
      WHERE i.agent_id IS NOT NULL${f.sql})`,
    params: [opts.scorerVersion, ...f.params, opts.repeatWindowDays ?? REPEAT_WINDOW_DAYS],
  };
}

/** The `agent AS (…)` figures from the rows: every interaction of every agent, joined to its score. */
function agentFromRows(opts: AgentTableOptions): { sql: string; params: unknown[] } {
  const base = baseCte(opts, 1);
  return {
    sql: `${base.sql},
     agent AS (
       SELECT agent_id, min(team) AS team, count(*)::int AS interactions,
         count(not_scored)::int AS not_scored,
         count(*) FILTER (WHERE empathy_applicable)::int AS empathy_n,
         avg(empathy) FILTER (WHERE empathy_applicable)::float8 AS empathy,
         avg(ownership_statements)::float8 AS ownership,
         avg(customer_shift)::float8 AS sentiment_shift,
         avg(effort)::float8 AS effort,
         avg(handle_time_s)::float8 AS aht_s,
         avg(wait_time_s) FILTER (WHERE channel IN ('call', 'chat'))::float8 AS wait_s,
         count(csat)::int AS csat_n,
         avg(csat)::float8 AS csat,
         (count(*) FILTER (WHERE csat >= 4))::float8 / nullif(count(csat), 0) AS csat_score,
         avg(coalesce(resolved, NOT repeated)::int) FILTER (WHERE conversation AND abandoned IS NOT TRUE AND ${FCR_KNOWN})::float8 AS fcr,
         avg((transfers > 0)::int) FILTER (WHERE conversation)::float8 AS transfer_rate
       FROM base GROUP BY agent_id)`,
    params: base.params,
  };
}

/**
 * The same `agent AS (…)` figures from the per-day summaries (store/summaries.ts): the interaction
 * figures from the rows of every interaction (scorer version ''), the score figures from those of the
 * scorer version. Averages are the exact sums over the counts.
 */
function agentFromSummaries(summary: { sql: string; params: unknown[] }): string {
  return `${summary.sql},
     teams AS (
       SELECT agent_id, min(team) AS team FROM (
         SELECT agent_id, team FROM summary WHERE scorer_version = '' AND agent_id IS NOT NULL GROUP BY agent_id, team HAVING sum(n) <> 0) AS t
       GROUP BY agent_id),
     k AS (
       SELECT agent_id, sum(n) AS n, sum(handle_n) AS handle_n, sum(handle_sum) AS handle_sum, sum(wait_n) AS wait_n,
         sum(wait_sum) AS wait_sum, sum(csat_n) AS csat_n, sum(csat_sum) AS csat_sum, sum(csat_top2) AS csat_top2, sum(fcr_n) AS fcr_n,
         sum(fcr_yes) AS fcr_yes, sum(transfer_n) AS transfer_n, sum(transfer_yes) AS transfer_yes
       FROM summary WHERE scorer_version = '' AND agent_id IS NOT NULL GROUP BY agent_id HAVING sum(n) <> 0),
     sc AS (
       SELECT agent_id, sum(n) FILTER (WHERE declined) AS not_scored, sum(empathy_n) AS empathy_n, sum(empathy_cnt) AS empathy_cnt,
         sum(empathy_sum) AS empathy_sum, sum(ownership_n) AS ownership_n, sum(ownership_sum) AS ownership_sum, sum(shift_n) AS shift_n,
         sum(shift_sum) AS shift_sum, sum(effort_n) AS effort_n, sum(effort_sum) AS effort_sum
       FROM summary WHERE scorer_version = $1 AND agent_id IS NOT NULL GROUP BY agent_id),
     agent AS (
       SELECT k.agent_id, teams.team, k.n::int AS interactions, coalesce(sc.not_scored, 0)::int AS not_scored,
         coalesce(sc.empathy_n, 0)::int AS empathy_n,
         (sc.empathy_sum / nullif(sc.empathy_cnt, 0))::float8 AS empathy,
         (sc.ownership_sum / nullif(sc.ownership_n, 0))::float8 AS ownership,
         (sc.shift_sum / nullif(sc.shift_n, 0))::float8 AS sentiment_shift,
         (sc.effort_sum / nullif(sc.effort_n, 0))::float8 AS effort,
         (k.handle_sum / nullif(k.handle_n, 0))::float8 AS aht_s,
         (k.wait_sum / nullif(k.wait_n, 0))::float8 AS wait_s,
         k.csat_n::int AS csat_n,
         (k.csat_sum / nullif(k.csat_n, 0))::float8 AS csat,
         k.csat_top2::float8 / nullif(k.csat_n, 0)::float8 AS csat_score,
         (k.fcr_yes / nullif(k.fcr_n, 0))::float8 AS fcr,
         (k.transfer_yes / nullif(k.transfer_n, 0))::float8 AS transfer_rate
       FROM k JOIN teams USING (agent_id) LEFT JOIN sc USING (agent_id))`;
}

/**
 * One row per agent, best empathy first within each team. Read from the per-day summaries when the
 * filters allow (store/summaries.ts), else from the rows; both give the same figures.
 */
export async function agentTable(db: Queryable, opts: AgentTableOptions): Promise<AgentRow[]> {
  const summary = await summariesFor(db, opts, opts.repeatWindowDays ?? REPEAT_WINDOW_DAYS, 2);
  const base = summary ? { sql: agentFromSummaries(summary), params: [opts.scorerVersion, ...summary.params] } : agentFromRows(opts);
  const medianBy = opts.baseline === 'centre' ? `''` : 'team';
  const minParam = `$${base.params.length + 1}`;
  const { rows } = await db.query<Omit<AgentRow, 'trend' | 'quadrant'> & { emp_median: number | null; aht_median: number | null }>(
    `WITH ${base.sql},
     ranked AS (
       SELECT agent.*, interactions < ${minParam}::int AS too_few,
         CASE WHEN empathy IS NULL OR interactions < ${minParam}::int THEN NULL ELSE
           (100 * percent_rank() OVER (PARTITION BY team, empathy IS NULL OR interactions < ${minParam}::int ORDER BY empathy))::float8 END AS empathy_pct_team,
         ${medianBy} AS grp
       FROM agent),
     medians AS (
       SELECT grp, percentile_cont(0.5) WITHIN GROUP (ORDER BY empathy) FILTER (WHERE NOT too_few)::float8 AS emp_median,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY aht_s) FILTER (WHERE NOT too_few)::float8 AS aht_median
       FROM ranked GROUP BY grp)
     SELECT ranked.*, medians.emp_median, medians.aht_median
     FROM ranked JOIN medians ON medians.grp IS NOT DISTINCT FROM ranked.grp
     ORDER BY too_few, team NULLS LAST, empathy DESC NULLS LAST, agent_id`,
    [...base.params, opts.minInteractions ?? MIN_INTERACTIONS],
  );
  const trends = await weeklyTrend(db, opts);
  // A percentile or a median of fewer than three ranked agents compares an agent with itself.
  const rankedIn = (key: (r: any) => unknown) => {
    const counts = new Map<unknown, number>();
    for (const r of rows as any[]) if (!r.too_few && r.empathy !== null) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
    return (r: any) => counts.get(key(r)) ?? 0;
  };
  const inTeam = rankedIn((r) => r.team);
  const inGroup = rankedIn((r) => r.grp);
  return rows.map(({ emp_median, aht_median, grp: _grp, ...r }: any) => ({
    ...r,
    empathy_pct_team: inTeam(r) >= MIN_PEERS ? r.empathy_pct_team : null,
    quadrant: r.too_few || inGroup({ grp: _grp }) < MIN_PEERS ? null : quadrantOf(r.empathy, r.aht_s, emp_median, aht_median),
    trend: trends.get(r.agent_id) ?? [],
  }));
}

function quadrantOf(empathy: number | null, aht: number | null, empMedian: number | null, ahtMedian: number | null): Quadrant | null {
  if (empathy === null || aht === null || empMedian === null || ahtMedian === null) return null;
  const warm = empathy >= empMedian;
  const quick = aht <= ahtMedian;
  return warm ? (quick ? 'role model' : 'warm but slow') : quick ? 'fast but cold' : 'needs support';
}

/** Weekly empathy and CSAT per agent (weeks start on Monday in the centre's time zone, `Config.timeZone`). */
export async function weeklyTrend(db: Queryable, opts: AgentTableOptions): Promise<Map<string, AgentRow['trend']>> {
  const summary = await summariesFor(db, opts, opts.repeatWindowDays ?? REPEAT_WINDOW_DAYS, 2);
  const f = filterSql(opts, 2);
  const { rows } = await db.query<{ agent_id: string; week: string; n: number; empathy: number | null; csat: number | null }>(
    summary
      ? `WITH ${summary.sql}
         SELECT agent_id, to_char(date_trunc('week', day::timestamp), 'YYYY-MM-DD') AS week,
           sum(n) FILTER (WHERE scorer_version = '')::int AS n,
           (sum(empathy_sum) FILTER (WHERE scorer_version = $1) / nullif(sum(empathy_cnt) FILTER (WHERE scorer_version = $1), 0))::float8 AS empathy,
           (sum(csat_sum) FILTER (WHERE scorer_version = '') / nullif(sum(csat_n) FILTER (WHERE scorer_version = ''), 0))::float8 AS csat
         FROM summary WHERE agent_id IS NOT NULL AND day <> '-infinity' AND scorer_version IN ('', $1)
         GROUP BY 1, 2 HAVING sum(n) FILTER (WHERE scorer_version = '') > 0 ORDER BY 1, 2`
      : `SELECT i.agent_id, to_char(date_trunc('week', i.started_at AT TIME ZONE current_setting('TimeZone')), 'YYYY-MM-DD') AS week,
       count(*)::int AS n,
       avg(s.empathy) FILTER (WHERE s.empathy_applicable)::float8 AS empathy,
       avg(i.csat)::float8 AS csat
     FROM interactions i
     LEFT JOIN scores s ON s.interaction_id = i.interaction_id AND s.scorer_version = $1
     WHERE i.agent_id IS NOT NULL AND i.started_at IS NOT NULL${f.sql}
     GROUP BY 1, 2 ORDER BY 1, 2`,
    summary ? [opts.scorerVersion, ...summary.params] : [opts.scorerVersion, ...f.params],
  );
  const out = new Map<string, AgentRow['trend']>();
  for (const { agent_id, ...w } of rows) {
    let list = out.get(agent_id);
    if (!list) out.set(agent_id, (list = []));
    list.push(w);
  }
  return out;
}

/** One figure of an agent's scorecard and the interactions behind it, worst first. */
export interface DrillDown {
  figure: string;
  /** What "worst" means for this figure. */
  order: string;
  rows: { interaction_id: string; started_at: string | null; channel: string; value: number | string | null; excerpt: string | null }[];
}

export interface AgentDetail {
  row: AgentRow;
  drilldowns: DrillDown[];
}

/** The interactions behind each figure, for `voc report agent ID`. Null when the agent has none. */
export async function agentDetail(db: Queryable, agentId: string, opts: AgentTableOptions & { limit?: number }): Promise<AgentDetail | null> {
  const row = (await agentTable(db, { ...opts, baseline: opts.baseline })).find((r) => r.agent_id === agentId);
  if (!row) return null;
  const limit = opts.limit ?? 5;
  const window = Math.trunc(opts.repeatWindowDays ?? REPEAT_WINDOW_DAYS);
  const figures: { figure: string; order: string; value: string; where: string; sort: string }[] = [
    { figure: 'empathy', order: 'lowest empathy where it applied', value: 'round(s.empathy::numeric, 1)::float8', where: 's.empathy_applicable', sort: 's.empathy ASC' },
    { figure: 'csat', order: 'lowest CSAT', value: 'i.csat::float8', where: 'i.csat IS NOT NULL', sort: 'i.csat ASC, s.empathy ASC NULLS LAST' },
    { figure: 'effort', order: 'highest effort', value: 'round(s.effort::numeric, 1)::float8', where: 's.effort IS NOT NULL', sort: 's.effort DESC' },
    { figure: 'sentiment shift', order: 'customer mood fell most', value: 'round(s.customer_shift::numeric, 2)::float8', where: 's.customer_shift IS NOT NULL', sort: 's.customer_shift ASC' },
    { figure: 'handle time', order: 'longest handle time (s)', value: 'i.handle_time_s::float8', where: 'i.handle_time_s IS NOT NULL', sort: 'i.handle_time_s DESC' },
    { figure: 'transfers', order: 'most transfers', value: 'i.transfers::float8', where: 'i.transfers > 0', sort: 'i.transfers DESC, i.handle_time_s DESC NULLS LAST' },
    {
      figure: 'repeat contacts',
      order: `customer came back within ${window} days (days until the next contact)`,
      value: `(SELECT round((extract(epoch FROM min(r.started_at) - i.started_at) / 86400)::numeric, 1)::float8 FROM interactions r
               WHERE r.customer_id = i.customer_id AND r.interaction_id <> i.interaction_id AND r.channel IN ('call', 'chat', 'email')
                 AND r.started_at > i.started_at AND r.started_at <= i.started_at + make_interval(days => ${window}))`,
      where: `i.channel IN ('call', 'chat', 'email')`,
      sort: 'value ASC NULLS LAST',
    },
  ];
  const drilldowns: DrillDown[] = [];
  const f = filterSql({ ...opts, agent: agentId }, 3);
  for (const fig of figures) {
    const { rows } = await db.query<DrillDown['rows'][number]>(
      `SELECT * FROM (
         SELECT i.interaction_id, to_char(i.started_at AT TIME ZONE current_setting('TimeZone'), 'YYYY-MM-DD HH24:MI') AS started_at, i.channel,
           ${fig.value} AS value, s.empathy, s.effort, s.customer_shift, i.csat, i.handle_time_s, i.transfers,
           (SELECT left(t.text, 120) FROM turns t WHERE t.interaction_id = i.interaction_id AND t.speaker = 'customer'
             ORDER BY t.turn_index LIMIT 1) AS excerpt
         FROM interactions i
         LEFT JOIN scores s ON s.interaction_id = i.interaction_id AND s.scorer_version = $1
         WHERE ${fig.where}${f.sql}) AS x
       ${fig.figure === 'repeat contacts' ? 'WHERE value IS NOT NULL' : ''}
       ORDER BY ${fig.sort.replace(/\b[is]\./g, '')} LIMIT $2`,
      [opts.scorerVersion, limit, ...f.params],
    );
    drilldowns.push({
      figure: fig.figure,
      order: fig.order,
      rows: rows.map(({ interaction_id, started_at, channel, value, excerpt }) => ({ interaction_id, started_at, channel, value, excerpt: excerpt?.replace(/\s+/g, ' ') ?? null })),
    });
  }
  return { row, drilldowns };
}
