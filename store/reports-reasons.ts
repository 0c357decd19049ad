/**
 * SQL for the contact-reason views: figures per reason (the scorer's primary intent), for the HTML
 * report's fallback chart and `voc report reasons`.
 */
import type { Queryable } from './db.ts';
import { filterSql, type ReportFilters } from './filters.ts';
import { driverSummariesFor, summaryCte } from './summaries.ts';

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

export interface ReasonWeekRow {
  reason: string;
  week: string;
  n: number;
}

/** Contacts per reason and week (weeks start on Monday, UTC). */
export async function reasonWeeks(db: Queryable, scorerVersion: string, f: ReportFilters = {}): Promise<ReasonWeekRow[]> {
  const summary = await driverSummariesFor(db, f, 2, summaryCte);
  if (summary) {
    const { rows } = await db.query<ReasonWeekRow>(
      `WITH ${summary.sql}
       SELECT nullif(reason, '') AS reason, to_char(date_trunc('week', day::timestamp), 'YYYY-MM-DD') AS week, sum(n)::int AS n
       FROM summary WHERE scorer_version = $1 AND day <> '-infinity'
       GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2`,
      [scorerVersion, ...summary.params],
    );
    return rows;
  }
  const w = filterSql(f, 2);
  const { rows } = await db.query<ReasonWeekRow>(
    `SELECT s.intent AS reason, to_char(date_trunc('week', i.started_at AT TIME ZONE current_setting('TimeZone')), 'YYYY-MM-DD') AS week, count(*)::int AS n
     FROM interactions i JOIN scores s ON s.interaction_id = i.interaction_id AND s.scorer_version = $1
     WHERE i.started_at IS NOT NULL${w.sql}
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [scorerVersion, ...w.params],
  );
  return rows;
}

export interface ReasonEvidenceRow {
  reason: string;
  interaction_id: string;
  confidence: number;
  /** The words that matched the reason. */
  evidence: string;
  start: number;
  end: number;
  /** The customer turn they are in. */
  turn_text: string;
}

/**
 * The words behind each interaction's primary reason and the customer turn they are in, the
 * `perReason` most confident interactions of each reason.
 */
export async function reasonEvidence(db: Queryable, scorerVersion: string, f: ReportFilters = {}, perReason = 300): Promise<ReasonEvidenceRow[]> {
  const w = filterSql(f, 3);
  // The reasons one by one (a skip over scores_reason_idx), then each reason's most confident
  // interactions from the same index: no read of every score.
  const { rows } = await db.query<ReasonEvidenceRow>(
    `WITH RECURSIVE reasons AS (
       (SELECT intent FROM scores WHERE scorer_version = $1 AND intent IS NOT NULL ORDER BY intent LIMIT 1)
       UNION ALL
       SELECT (SELECT s.intent FROM scores s WHERE s.scorer_version = $1 AND s.intent > r.intent ORDER BY s.intent LIMIT 1)
       FROM reasons r WHERE r.intent IS NOT NULL),
     top AS (
       SELECT x.* FROM reasons r
       CROSS JOIN LATERAL (
         SELECT i.interaction_id, s.intent, s.intent_confidence, s.detail
         FROM scores s JOIN interactions i ON i.interaction_id = s.interaction_id
         WHERE s.scorer_version = $1 AND s.intent = r.intent${w.sql}
         ORDER BY s.intent_confidence DESC, s.interaction_id LIMIT $2) x
       WHERE r.intent IS NOT NULL AND r.intent <> 'other'),
     ranked AS (
       SELECT top.*, row_number() OVER (PARTITION BY intent ORDER BY intent_confidence DESC, interaction_id) AS k FROM top)
     SELECT r.intent AS reason, r.interaction_id, r.intent_confidence::float8 AS confidence,
       voc_evidence_text(r.detail, ek.pos::int, it.texts) AS evidence,
       (e->>1)::int AS start, (e->>2)::int AS "end", t.text AS turn_text
     FROM ranked r
     -- The compact detail (store/score-detail.ts): i holds the primary reason as [intent, [evidence]],
     -- an evidence [turn, start, end, …] in the table e, its words cut from the turn's text.
     CROSS JOIN LATERAL json_array_elements(r.detail->'i') WITH ORDINALITY AS mm(m, mk)
     CROSS JOIN LATERAL json_array_elements_text(m->1) WITH ORDINALITY AS ek(pos, k)
     CROSS JOIN LATERAL (SELECT r.detail->'e'->(ek.pos::int)) x(e)
     JOIN turns t ON t.interaction_id = r.interaction_id AND t.turn_index = (e->>0)::int AND t.speaker = 'customer'
     JOIN interaction_turns it ON it.interaction_id = r.interaction_id
     WHERE m->>0 = r.intent
     -- In a set order: the report picks among equals by it.
     ORDER BY r.intent, r.k, mm.mk, ek.k`,
    [scorerVersion, perReason, ...w.params],
  );
  return rows;
}

export interface ReasonChannelRow {
  reason: string;
  channel: string;
  n: number;
}

/** Contacts per reason and channel. */
export async function reasonChannels(db: Queryable, scorerVersion: string, f: ReportFilters = {}): Promise<ReasonChannelRow[]> {
  const summary = await driverSummariesFor(db, f, 2, summaryCte);
  if (summary) {
    const { rows } = await db.query<ReasonChannelRow>(
      `WITH ${summary.sql}
       SELECT coalesce(nullif(reason, ''), 'unscored') AS reason, channel, sum(n)::int AS n
       FROM summary WHERE scorer_version = $1 GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2`,
      [scorerVersion, ...summary.params],
    );
    return rows;
  }
  const w = filterSql(f, 2);
  const { rows } = await db.query<ReasonChannelRow>(
    `SELECT coalesce(s.intent, 'unscored') AS reason, i.channel, count(*)::int AS n
     FROM interactions i JOIN scores s ON s.interaction_id = i.interaction_id AND s.scorer_version = $1
     WHERE true${w.sql} GROUP BY 1, 2 ORDER BY 1, 2`,
    [scorerVersion, ...w.params],
  );
  return rows;
}
