/**
 * SQL for the contact-reason views: figures per reason (the scorer's primary intent), for the HTML
 * report's fallback chart and `voc report reasons`.
 */
import type { Queryable } from './db.ts';
import { filterSql, type ReportFilters } from './filters.ts';

export interface ReasonEffortRow {
  reason: string;
  n: number;
  /** Mean effort 0–100 (higher = harder). */
  effort: number | null;
}

/** Mean text effort per contact reason, most effortful first. */
export async function effortByReason(db: Queryable, scorerVersion: string, f: ReportFilters = {}): Promise<ReasonEffortRow[]> {
  const w = filterSql(f, 2);
  const { rows } = await db.query<ReasonEffortRow>(
    `SELECT s.intent AS reason, count(*)::int AS n, avg(s.effort)::float8 AS effort
     FROM interactions i JOIN scores s ON s.interaction_id = i.interaction_id AND s.scorer_version = $1
     WHERE true${w.sql}
     GROUP BY s.intent ORDER BY effort DESC NULLS LAST, reason`,
    [scorerVersion, ...w.params],
  );
  return rows;
}
