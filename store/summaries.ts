/**
 * The per-day summaries (migrations/012_summaries.sql, and the driver analysis's cross-products in
 * migrations/015_report_summaries.sql): kept exact by triggers on interactions and
 * scores, folded from their delta rows by the score writer and by readers, and rebuilt from the rows
 * when the centre's time zone or repeat window is not the one they were built for.
 *
 * A report reads them when its filters can be answered per day: team, agent, channel, the access
 * scope, and since/until at midnight in the centre's time zone. A reason filter, or a since/until
 * within a day, reads the rows instead.
 */
import type { Db, Queryable } from './db.ts';
import { scopeSql } from './scope.ts';
import type { ReportFilters } from './filters.ts';
import { REPEAT_WINDOW_DAYS } from '../pipeline/effort/index.ts';

/** The figures of a summary row, in table order: counts and exact sums. */
export const SUMMARY_FIGURES = [
  'n', 'csat_n', 'csat_sum', 'csat_top2', 'handle_n', 'handle_sum', 'wait_n', 'wait_sum', 'fcr_n', 'fcr_yes',
  'transfer_n', 'transfer_yes', 'empathy_n', 'empathy_cnt', 'empathy_sum', 'ownership_n', 'ownership_sum',
  'shift_n', 'shift_sum', 'effort_n', 'effort_sum', 'csat_sq', 'nps_n', 'promoters', 'detractors', 'ces_n', 'ces_sum',
  'senti_n', 'senti_sum', 'qwait_n', 'qwait_sum', 'frt_n', 'frt_sum', 'res_n', 'res_sum', 'aband_n', 'aband_yes', 'esc_n', 'esc_yes',
  'xfer_n', 'xfer_yes',
] as const;

/** The key of a summary row. */
export const SUMMARY_KEY = ['scorer_version', 'day', 'agent_id', 'team', 'channel', 'reason', 'declined', 'repeat'] as const;

/** Moves the summary deltas written since the last fold into summary_day (skipped while another process folds). */
export async function foldSummaries(db: Queryable): Promise<void> {
  await db.query('SELECT summary_fold()');
}

/**
 * Makes sure the summaries are built for this session's time zone and `repeatWindowDays`: rebuilds them
 * from the rows when they are not (once, under a lock; a process that waited finds them rebuilt).
 * Returns whether it rebuilt.
 */
export async function ensureSummaries(db: Queryable, repeatWindowDays: number): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>(
    `SELECT coalesce((SELECT time_zone = current_setting('TimeZone') AND repeat_window_days = $1 FROM summary_state), false) AS ok`,
    [repeatWindowDays],
  );
  if (rows[0]?.ok) return false;
  const run = async (q: Queryable) => (await q.query<{ rebuilt: boolean }>(`SELECT summary_rebuild(current_setting('TimeZone'), $1) AS rebuilt`, [repeatWindowDays])).rows[0]!.rebuilt;
  return 'transaction' in db ? (db as Db).transaction(run) : run(db);
}

/**
 * The summary rows (summary_day and the deltas not yet folded) of the interactions (scorer version '')
 * and of the scorer version `$1` that match the filters, as a `summary AS (…)` common table expression
 * with its other parameters numbered from `first`; null when the filters cannot be answered from
 * per-day rows. A key can appear more than once (a delta beside its folded row, or a delta that takes
 * a key back to no interaction): add up, and keep groups whose `sum(n)` is not zero.
 */
export function summaryCte(f: ReportFilters, first: number): { sql: string; params: unknown[] } | null {
  return cteOf(f, first, 'summary', 'summary_day', 'summary_deltas', `u.scorer_version IN ('', $1)`);
}

/**
 * The driver summaries (summary_drivers and the deltas not yet folded) of the scorer version `$1` that
 * match the filters, as a `dsummary AS (…)` common table expression, parameters numbered from `first`;
 * null when the filters cannot be answered from per-day rows. Add up per key and keep groups whose
 * `sum(p0_0)` is not zero, as with summaryCte.
 */
export function driverSummaryCte(f: ReportFilters, first: number): { sql: string; params: unknown[] } | null {
  return cteOf(f, first, 'dsummary', 'summary_drivers', 'summary_driver_deltas', 'u.scorer_version = $1');
}

function cteOf(f: ReportFilters, first: number, name: string, table: string, deltas: string, version: string): { sql: string; params: unknown[] } | null {
  if (f.reason) return null;
  const parts: string[] = [version];
  const params: unknown[] = [];
  const add = (cond: (p: string) => string, value: unknown) => {
    params.push(value);
    parts.push(cond(`$${first + params.length - 1}`));
  };
  // The local day of a since/until that falls on midnight in the centre's time zone (`dayAligned`).
  const day = (p: string) => `(${p}::timestamptz AT TIME ZONE current_setting('TimeZone'))::date`;
  if (f.team) add((p) => `u.team = ${p}`, f.team);
  if (f.agent) add((p) => `u.agent_id = ${p}`, f.agent);
  if (f.channel) add((p) => `u.channel = ${p}`, f.channel);
  if (f.since) add((p) => `u.day <> '-infinity' AND u.day >= ${day(p)}`, f.since);
  if (f.until) add((p) => `u.day <> '-infinity' AND u.day < ${day(p)}`, f.until);
  if (f.scope) {
    const s = scopeSql(f.scope, first + params.length, 'u');
    parts.push(...s.conditions);
    params.push(...s.params);
  }
  const where = `WHERE ${parts.join(' AND ')}`;
  return {
    sql: `${name} AS NOT MATERIALIZED (
      SELECT * FROM ${table} u ${where}
      UNION ALL SELECT * FROM ${deltas} u ${where})`,
    params,
  };
}

/** Whether since/until fall on midnight in the session's time zone (the summaries can answer them). */
export async function dayAligned(db: Queryable, f: ReportFilters): Promise<boolean> {
  if (!f.since && !f.until) return true;
  const { rows } = await db.query<{ ok: boolean }>(
    `SELECT ($1::timestamptz IS NULL OR ($1::timestamptz AT TIME ZONE current_setting('TimeZone'))::time = '00:00')
        AND ($2::timestamptz IS NULL OR ($2::timestamptz AT TIME ZONE current_setting('TimeZone'))::time = '00:00') AS ok`,
    [f.since ?? null, f.until ?? null],
  );
  return rows[0]!.ok;
}

/**
 * Prepares a read from the summaries: null when the filters need the rows; otherwise the summaries are
 * brought to this configuration (rebuilt if need be) and the pending deltas folded (when this
 * connection may write; a read-only one reads the deltas as they are). With `rebuild` false, summaries
 * built for another window or time zone are not rebuilt: the rows answer.
 */
export async function summariesFor(
  db: Queryable, f: ReportFilters, repeatWindowDays: number, first: number, cteFor: typeof summaryCte = summaryCte, rebuild = true,
): Promise<{ sql: string; params: unknown[] } | null> {
  const cte = cteFor(f, first);
  if (!cte || !(await dayAligned(db, f))) return null;
  if (!rebuild) {
    // A caller that did not say which window it wants does not rebuild the summaries for its default.
    const { rows } = await db.query<{ ok: boolean }>(
      `SELECT coalesce((SELECT time_zone = current_setting('TimeZone') AND repeat_window_days = $1 FROM summary_state), false) AS ok`,
      [repeatWindowDays],
    );
    if (!rows[0]?.ok) return null;
  }
  try {
    await ensureSummaries(db, repeatWindowDays);
  } catch {
    return null; // a read-only connection cannot rebuild them: the rows answer
  }
  await foldSummaries(db).catch(() => {});
  return cte;
}

/**
 * Prepares a read from the driver summaries (or, with `cteFor` summaryCte, of the figures of summary_day
 * that do not depend on the repeat window: counts per reason, channel, week): null when the filters
 * need the rows. The driver sums do not depend on the repeat window: when the summaries were built for another time zone they are rebuilt
 * for this one with the window they have; the pending deltas are folded (when this connection may write).
 */
export async function driverSummariesFor(
  db: Queryable, f: ReportFilters, first: number, cteFor: typeof summaryCte = driverSummaryCte,
): Promise<{ sql: string; params: unknown[] } | null> {
  const cte = cteFor(f, first);
  if (!cte || !(await dayAligned(db, f))) return null;
  const { rows } = await db.query<{ w: number | null }>(`SELECT (SELECT repeat_window_days FROM summary_state) AS w`);
  try {
    await ensureSummaries(db, rows[0]?.w ?? REPEAT_WINDOW_DAYS);
  } catch {
    return null;
  }
  await foldSummaries(db).catch(() => {});
  return cte;
}
