/** SQL for the reviews and surveys view: contacts with no agent (channel review or survey). */
import type { Queryable } from './db.ts';
import { filterSql, type ReportFilters } from './filters.ts';

const FEEDBACK = `i.channel IN ('review', 'survey')`;

export async function feedbackRatings(db: Queryable, f: ReportFilters) {
  const w = filterSql(f, 1);
  const { rows } = await db.query<{ channel: string; answer: number; n: number }>(
    `SELECT i.channel, coalesce(i.rating, i.csat)::int AS answer, count(*)::int AS n FROM interactions i
     WHERE ${FEEDBACK} AND coalesce(i.rating, i.csat) IS NOT NULL${w.sql} GROUP BY 1, 2 ORDER BY 1, 2`,
    w.params,
  );
  return rows;
}

export async function feedbackWeeks(db: Queryable, scorerVersion: string, f: ReportFilters) {
  const w = filterSql(f, 2);
  const { rows } = await db.query<{ channel: string; week: string; n: number; rating: number | null; sentiment: number | null; effort: number | null }>(
    `SELECT i.channel, to_char(date_trunc('week', i.started_at AT TIME ZONE current_setting('TimeZone')), 'YYYY-MM-DD') AS week, count(*)::int AS n,
       avg(coalesce(i.rating, i.csat))::float8 AS rating, avg(s.sentiment)::float8 AS sentiment, avg(s.effort)::float8 AS effort
     FROM interactions i LEFT JOIN scores s ON s.interaction_id = i.interaction_id AND s.scorer_version = $1
     WHERE ${FEEDBACK} AND i.started_at IS NOT NULL${w.sql} GROUP BY 1, 2 ORDER BY 1, 2`,
    [scorerVersion, ...w.params],
  );
  return rows;
}

export async function feedbackReasons(db: Queryable, scorerVersion: string, f: ReportFilters) {
  const w = filterSql(f, 2);
  const { rows } = await db.query<{ reason: string; n: number; rating: number | null; sentiment: number | null; effort: number | null }>(
    `SELECT s.intent AS reason, count(*)::int AS n, avg(coalesce(i.rating, i.csat))::float8 AS rating,
       avg(s.sentiment)::float8 AS sentiment, avg(s.effort)::float8 AS effort
     FROM interactions i JOIN scores s ON s.interaction_id = i.interaction_id AND s.scorer_version = $1
     WHERE ${FEEDBACK}${w.sql} GROUP BY 1 ORDER BY n DESC, reason`,
    [scorerVersion, ...w.params],
  );
  return rows;
}

/** The most negative and most positive customer words, `k` each, with their scores. */
export async function feedbackSentences(db: Queryable, scorerVersion: string, f: ReportFilters, k = 3) {
  const w = filterSql(f, 3);
  const { rows } = await db.query<{ side: 'negative' | 'positive'; interaction_id: string; channel: string; sentiment: number; reason: string; text: string }>(
    `WITH scored AS (
       SELECT i.interaction_id, i.channel, s.sentiment::float8 AS sentiment, s.intent AS reason,
         (SELECT left(t.text, 200) FROM turns t WHERE t.interaction_id = i.interaction_id ORDER BY t.turn_index LIMIT 1) AS text
       FROM interactions i JOIN scores s ON s.interaction_id = i.interaction_id AND s.scorer_version = $1
       WHERE ${FEEDBACK}${w.sql})
     (SELECT 'negative' AS side, * FROM scored ORDER BY sentiment, interaction_id LIMIT $2)
     UNION ALL
     (SELECT 'positive' AS side, * FROM scored ORDER BY sentiment DESC, interaction_id LIMIT $2)`,
    [scorerVersion, k, ...w.params],
  );
  return rows;
}
