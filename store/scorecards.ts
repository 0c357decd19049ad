/**
 * QA scorecard results in PostgreSQL: what an evaluation needs (an interaction, its score, the days to
 * the customer's next contact), the evaluations and their answers per item, and human reviews stored
 * beside them.
 */
import type { Interaction, InteractionScores, Turn } from '../pipeline/types.ts';
import type { Evaluation, EvaluationContext, Answer } from '../pipeline/scorecard/evaluate.ts';
import type { ReviewPair } from '../pipeline/scorecard/agreement.ts';
import type { Queryable } from './db.ts';
import { decodeStored, type StoredRow } from './score-detail.ts';
import { filterSql, type ReportFilters } from './filters.ts';
import { scopeSql, type AccessScope } from './scope.ts';

export interface EvaluationInput {
  interaction: Pick<Interaction, 'interaction_id' | 'channel' | 'turns' | 'kpis' | 'agent_id' | 'team' | 'started_at'>;
  scores: InteractionScores;
  context: EvaluationContext;
}

const INPUT_SQL = `
  SELECT i.interaction_id, i.channel, i.agent_id, i.team, i.started_at, i.hold_time_s, i.transfers, i.resolved,
    i.handle_time_s, i.wait_time_s, i.abandoned, s.scorer_version, s.detail, s.detail_packed,
    coalesce((SELECT json_agg(json_build_object('speaker', t.speaker, 'text', t.text, 'start_s', t.start_s, 'end_s', t.end_s) ORDER BY t.turn_index)
      FROM turns t WHERE t.interaction_id = i.interaction_id), '[]'::json) AS turns,
    CASE WHEN i.customer_id IS NULL OR i.started_at IS NULL THEN NULL ELSE
      (SELECT extract(epoch FROM min(n.started_at) - i.started_at) / 86400 FROM interactions n
        WHERE n.customer_id = i.customer_id AND n.interaction_id <> i.interaction_id AND n.started_at > i.started_at
          AND n.channel IN ('call', 'chat', 'email') AND n.abandoned IS NOT TRUE) END AS next_days,
    (i.customer_id IS NOT NULL AND i.started_at IS NOT NULL) AS can_repeat
  FROM interactions i JOIN scores s ON s.interaction_id = i.interaction_id AND s.scorer_version = $1`;

const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

function toInput(r: Record<string, unknown>, scores: InteractionScores): EvaluationInput {
  return {
    interaction: {
      interaction_id: r.interaction_id as string,
      channel: r.channel as Interaction['channel'],
      agent_id: r.agent_id as string | null,
      team: r.team as string | null,
      started_at: r.started_at == null ? null : new Date(r.started_at as string).toISOString(),
      turns: parse(r.turns as Turn[] | string),
      kpis: {
        hold_time_s: r.hold_time_s as number | null, transfers: r.transfers as number | null, resolved: r.resolved as boolean | null,
        handle_time_s: r.handle_time_s as number | null, wait_time_s: r.wait_time_s as number | null, abandoned: r.abandoned as boolean | null,
      },
    },
    scores,
    context: r.can_repeat ? { daysToNextContact: r.next_days == null ? null : Number(r.next_days) } : {},
  };
}

/** Scored interactions (by `scorerVersion`) without an evaluation on `scorecardVersion`, a page at a time. */
export async function unevaluated(db: Queryable, scorecardVersion: string, scorerVersion: string, limit: number): Promise<EvaluationInput[]> {
  const { rows } = await db.query(
    `${INPUT_SQL}
     WHERE NOT EXISTS (SELECT 1 FROM scorecard_evaluations e WHERE e.interaction_id = i.interaction_id
       AND e.scorecard_version = $2 AND e.scorer_version = $1)
     ORDER BY i.interaction_id LIMIT $3`,
    [scorerVersion, scorecardVersion, limit],
  );
  const scores = await decodeStored(db, rows.map((r) => ({ ...(r as StoredRow), texts: parse(r.turns as Turn[] | string).map((t) => t.text) })));
  return rows.map((r, k) => toInput(r, scores[k]!));
}

/** One interaction's evaluation input, or null when it is unknown or not scored by `scorerVersion`. */
export async function evaluationInput(db: Queryable, id: string, scorerVersion: string): Promise<EvaluationInput | null> {
  const { rows } = await db.query(`${INPUT_SQL} WHERE i.interaction_id = $2`, [scorerVersion, id]);
  if (!rows[0]) return null;
  const [scores] = await decodeStored(db, [{ ...(rows[0] as StoredRow), texts: parse(rows[0].turns as Turn[] | string).map((t) => t.text) }]);
  return toInput(rows[0], scores!);
}

export async function writeEvaluations(db: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> }, scorerVersion: string, evals: Evaluation[]): Promise<void> {
  if (evals.length === 0) return;
  const answers = evals.flatMap((e) => e.answers.map((a) => ({ ...a, id: e.interaction_id, v: e.scorecard_version })));
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO scorecard_evaluations (interaction_id, scorecard_version, scorer_version, score, passed, critical_failed)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::real[], $5::boolean[], $6::boolean[])
       ON CONFLICT DO NOTHING`,
      [evals.map((e) => e.interaction_id), evals.map((e) => e.scorecard_version), evals.map(() => scorerVersion),
        evals.map((e) => e.score), evals.map((e) => e.passed), evals.map((e) => e.critical_failed)],
    );
    await tx.query(
      `INSERT INTO scorecard_answers (interaction_id, scorecard_version, scorer_version, item, answer, points, max_points, critical, reason, evidence)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::real[], $7::real[], $8::boolean[], $9::text[], $10::jsonb[])
       ON CONFLICT DO NOTHING`,
      [answers.map((a) => a.id), answers.map((a) => a.v), answers.map(() => scorerVersion), answers.map((a) => a.item),
        answers.map((a) => a.answer), answers.map((a) => a.points), answers.map((a) => a.max_points), answers.map((a) => a.critical),
        answers.map((a) => a.reason), answers.map((a) => JSON.stringify(a.evidence))],
    );
  });
}

export interface ReviewRow {
  interaction_id: string;
  reviewer: string;
  item: string;
  answer: Answer;
  comment: string | null;
}

/** Stores reviews (a reviewer's later answer to the same item replaces their earlier one); returns the ids not stored. */
export async function writeReviews(db: Queryable, rows: ReviewRow[], source: string): Promise<{ stored: number; unknownIds: string[] }> {
  if (rows.length === 0) return { stored: 0, unknownIds: [] };
  const ids = [...new Set(rows.map((r) => r.interaction_id))];
  const { rows: known } = await db.query<{ interaction_id: string }>('SELECT interaction_id FROM interactions WHERE interaction_id = ANY($1::text[])', [ids]);
  const ok = new Set(known.map((k) => k.interaction_id));
  const keep = rows.filter((r) => ok.has(r.interaction_id));
  if (keep.length) {
    await db.query(
      `INSERT INTO scorecard_reviews (interaction_id, reviewer, item, answer, comment, source)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       ON CONFLICT (interaction_id, reviewer, item) DO UPDATE SET answer = excluded.answer, comment = excluded.comment,
         source = excluded.source, reviewed_at = now()`,
      [keep.map((r) => r.interaction_id), keep.map((r) => r.reviewer), keep.map((r) => r.item), keep.map((r) => r.answer),
        keep.map((r) => r.comment), keep.map(() => source)],
    );
  }
  return { stored: keep.length, unknownIds: ids.filter((id) => !ok.has(id)) };
}

/** Where a review answer came from when a lead accepted an agent's dispute (left out of agreement figures). */
export const DISPUTE_SOURCE = 'dispute';

/**
 * Every human review joined to the automatic answer of the same interaction and item (within a scope
 * when given). Answers a lead gave in settling a dispute are left out: disputed items are picked for
 * being contested, so they would bias the agreement.
 */
export async function readReviewPairs(db: Queryable, scorecardVersion: string, scorerVersion: string, opts: { scope?: AccessScope | null } = {}): Promise<ReviewPair[]> {
  const sc = scopeSql(opts.scope, 4);
  const { rows } = await db.query<ReviewPair>(
    `SELECT r.interaction_id, r.reviewer, r.item, a.answer AS auto, r.answer AS human
     FROM scorecard_reviews r JOIN scorecard_answers a ON a.interaction_id = r.interaction_id AND a.item = r.item
       AND a.scorecard_version = $1 AND a.scorer_version = $2
       JOIN interactions i ON i.interaction_id = r.interaction_id
     WHERE r.source IS DISTINCT FROM $3${sc.sql}
     ORDER BY r.interaction_id, r.item, r.reviewer`,
    [scorecardVersion, scorerVersion, DISPUTE_SOURCE, ...sc.params],
  );
  return rows;
}

export interface StoredEvaluation {
  interaction_id: string;
  score: number | null;
  passed: boolean | null;
  critical_failed: boolean;
  answers: Evaluation['answers'];
}

/** One interaction's stored evaluation on a scorecard version, within a scope; null when there is none. */
export async function readEvaluation(db: Queryable, id: string, scorecardVersion: string, scorerVersion: string, scope: AccessScope | null): Promise<StoredEvaluation | null> {
  const sc = scopeSql(scope, 4);
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT e.score, e.passed, e.critical_failed,
       coalesce((SELECT json_agg(json_build_object('item', a.item, 'answer', a.answer, 'points', a.points, 'max_points', a.max_points,
         'critical', a.critical, 'reason', a.reason, 'evidence', a.evidence))
        FROM scorecard_answers a WHERE a.interaction_id = e.interaction_id AND a.scorecard_version = e.scorecard_version
          AND a.scorer_version = e.scorer_version), '[]'::json) AS answers
     FROM scorecard_evaluations e JOIN interactions i ON i.interaction_id = e.interaction_id
     WHERE e.interaction_id = $1 AND e.scorecard_version = $2 AND e.scorer_version = $3${sc.sql}`,
    [id, scorecardVersion, scorerVersion, ...sc.params],
  );
  const r = rows[0];
  if (!r) return null;
  return { interaction_id: id, score: num(r.score), passed: r.passed as boolean | null, critical_failed: r.critical_failed as boolean, answers: parse(r.answers as Evaluation['answers'] | string) };
}

export interface HumanAnswer {
  reviewer: string;
  item: string;
  answer: Answer;
  comment: string | null;
  source: string | null;
  reviewed_at: string;
}

/** Every human answer to an interaction's items (no scope check: read it after the interaction). */
export async function readHumanAnswers(db: Queryable, id: string): Promise<HumanAnswer[]> {
  const { rows } = await db.query<HumanAnswer>(
    `SELECT reviewer, item, answer, comment, source, to_char(reviewed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS reviewed_at
     FROM scorecard_reviews WHERE interaction_id = $1 ORDER BY reviewed_at, reviewer`,
    [id],
  );
  return rows;
}

export async function reviewCount(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM scorecard_reviews');
  return Number(rows[0]!.n);
}

export type ScorecardGroup = 'agent' | 'team' | 'item' | 'week';

export interface ScorecardReportRow {
  group: string;
  evaluations: number;
  /** Share of evaluations that passed (for `item`: share of applicable answers that were yes). */
  pass_rate: number | null;
  mean_score: number | null;
  critical_failed: number;
}

/** Pass rate and mean score per agent, team, item or week. */
export async function scorecardReport(db: Queryable, opts: ReportFilters & { scorecardVersion: string; scorerVersion: string; by: ScorecardGroup }): Promise<ScorecardReportRow[]> {
  const f = filterSql(opts, 3);
  const from = `FROM scorecard_evaluations e JOIN interactions i ON i.interaction_id = e.interaction_id
    WHERE e.scorecard_version = $1 AND e.scorer_version = $2${f.sql}`;
  const params = [opts.scorecardVersion, opts.scorerVersion, ...f.params];
  if (opts.by === 'item') {
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT a.item AS grp, count(*) FILTER (WHERE a.answer <> 'na') AS n,
         avg(CASE a.answer WHEN 'yes' THEN 1.0 WHEN 'no' THEN 0.0 END) AS pass_rate,
         avg(100.0 * a.points / a.max_points) AS mean_score,
         count(*) FILTER (WHERE a.answer = 'no' AND a.critical) AS critical_failed
       FROM scorecard_answers a JOIN scorecard_evaluations e USING (interaction_id, scorecard_version, scorer_version)
       JOIN interactions i ON i.interaction_id = e.interaction_id
       WHERE e.scorecard_version = $1 AND e.scorer_version = $2${f.sql}
       GROUP BY a.item ORDER BY pass_rate NULLS LAST, a.item`,
      params,
    );
    return rows.map(toRow);
  }
  const key = opts.by === 'agent' ? `coalesce(i.agent_id, '(none)')` : opts.by === 'team' ? `coalesce(i.team, '(none)')`
    : `coalesce(to_char(date_trunc('week', i.started_at AT TIME ZONE current_setting('TimeZone')), 'YYYY-MM-DD'), '(no date)')`;
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT ${key} AS grp, count(e.score) AS n, avg(CASE WHEN e.passed THEN 1.0 WHEN NOT e.passed THEN 0.0 END) AS pass_rate,
       avg(e.score) AS mean_score, count(*) FILTER (WHERE e.critical_failed) AS critical_failed
     ${from} GROUP BY 1 HAVING count(e.score) > 0 ORDER BY 1`,
    params,
  );
  return rows.map(toRow);
}

const num = (v: unknown) => (v == null ? null : Number(v));
const toRow = (r: Record<string, unknown>): ScorecardReportRow => ({
  group: r.grp as string,
  evaluations: Number(r.n),
  pass_rate: num(r.pass_rate),
  mean_score: num(r.mean_score),
  critical_failed: Number(r.critical_failed),
});

/** The automatic answers on one scorecard version (for conversations with an agent only, when asked). */
export async function readAutoAnswers(db: Queryable, scorecardVersion: string, scorerVersion: string, opts: { conversationsOnly?: boolean } = {}): Promise<{ interaction_id: string; item: string; answer: Answer }[]> {
  const { rows } = await db.query<{ interaction_id: string; item: string; answer: Answer }>(
    `SELECT a.interaction_id, a.item, a.answer FROM scorecard_answers a JOIN interactions i ON i.interaction_id = a.interaction_id
     WHERE a.scorecard_version = $1 AND a.scorer_version = $2${opts.conversationsOnly ? ` AND i.channel IN ('call', 'chat', 'email') AND i.abandoned IS NOT TRUE` : ''}
     ORDER BY a.interaction_id, a.item`,
    [scorecardVersion, scorerVersion],
  );
  return rows;
}

export interface AgentScorecard {
  agent_id: string;
  evaluations: number;
  pass_rate: number | null;
  mean_score: number | null;
  critical_failed: number;
  /** The items this agent fails most (share of applicable answers that were no), worst first; only items failed at least once. */
  worst_items: { item: string; fail_rate: number; n: number }[];
}

/** Per agent: pass rate, mean score and the items failed most, on one scorecard version. */
export async function scorecardByAgent(db: Queryable, opts: ReportFilters & { scorecardVersion: string; scorerVersion: string; worst?: number }): Promise<Map<string, AgentScorecard>> {
  const rows = await scorecardReport(db, { ...opts, by: 'agent' });
  const f = filterSql(opts, 3);
  const { rows: items } = await db.query<{ agent_id: string; item: string; n: string; fail_rate: string | null }>(
    `SELECT i.agent_id, a.item, count(*) FILTER (WHERE a.answer <> 'na') AS n, avg(CASE a.answer WHEN 'no' THEN 1.0 WHEN 'yes' THEN 0.0 END) AS fail_rate
     FROM scorecard_answers a JOIN interactions i ON i.interaction_id = a.interaction_id
     WHERE a.scorecard_version = $1 AND a.scorer_version = $2 AND i.agent_id IS NOT NULL${f.sql}
     GROUP BY 1, 2`,
    [opts.scorecardVersion, opts.scorerVersion, ...f.params],
  );
  const worst = new Map<string, AgentScorecard['worst_items']>();
  for (const r of items) {
    if (r.fail_rate == null || Number(r.fail_rate) === 0) continue;
    const list = worst.get(r.agent_id) ?? [];
    list.push({ item: r.item, fail_rate: Number(r.fail_rate), n: Number(r.n) });
    worst.set(r.agent_id, list);
  }
  const out = new Map<string, AgentScorecard>();
  for (const r of rows) {
    const list = (worst.get(r.group) ?? []).sort((a, b) => b.fail_rate - a.fail_rate || b.n - a.n || a.item.localeCompare(b.item)).slice(0, opts.worst ?? 3);
    out.set(r.group, { agent_id: r.group, evaluations: r.evaluations, pass_rate: r.pass_rate, mean_score: r.mean_score, critical_failed: r.critical_failed, worst_items: list });
  }
  return out;
}

/** The items answered no on each of these interactions' evaluations, in scorecard order of storage. */
export async function failedItems(db: Queryable, ids: readonly string[], scorecardVersion: string, scorerVersion: string): Promise<Map<string, string[]>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ interaction_id: string; items: string[] }>(
    `SELECT interaction_id, array_agg(item ORDER BY item) AS items FROM scorecard_answers
     WHERE interaction_id = ANY($1::text[]) AND scorecard_version = $2 AND scorer_version = $3 AND answer = 'no'
     GROUP BY 1`,
    [[...new Set(ids)], scorecardVersion, scorerVersion],
  );
  return new Map(rows.map((r) => [r.interaction_id, r.items]));
}

export interface EvaluationListRow {
  interaction_id: string;
  started_at: string | null;
  channel: string;
  score: number | null;
  passed: boolean | null;
  /** Items answered no, automatically. */
  failed: string[];
  /** Disputes still waiting for a lead. */
  open_disputes: number;
}

/** An agent's evaluations on a scorecard version, newest first, within a scope. */
export async function agentEvaluations(db: Queryable, agentId: string, opts: ReportFilters & { scorecardVersion: string; scorerVersion: string; limit: number }): Promise<EvaluationListRow[]> {
  const f = filterSql({ ...opts, agent: agentId }, 4);
  const { rows } = await db.query<EvaluationListRow & { score: number | string | null }>(
    `SELECT e.interaction_id, to_char(i.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS started_at, i.channel, e.score, e.passed,
       coalesce((SELECT array_agg(a.item ORDER BY a.item) FROM scorecard_answers a WHERE a.interaction_id = e.interaction_id
         AND a.scorecard_version = e.scorecard_version AND a.scorer_version = e.scorer_version AND a.answer = 'no'), '{}') AS failed,
       (SELECT count(*)::int FROM scorecard_disputes d WHERE d.interaction_id = e.interaction_id AND d.status = 'open') AS open_disputes
     FROM scorecard_evaluations e JOIN interactions i ON i.interaction_id = e.interaction_id
     WHERE e.scorecard_version = $1 AND e.scorer_version = $2 AND e.score IS NOT NULL${f.sql}
     ORDER BY i.started_at DESC NULLS LAST, e.interaction_id LIMIT $3`,
    [opts.scorecardVersion, opts.scorerVersion, opts.limit, ...f.params],
  );
  return rows.map((r) => ({ ...r, score: num(r.score) }));
}

/** Interactions scored by `scorerVersion` with no evaluation on `scorecardVersion` yet. */
export async function unevaluatedCount(db: Queryable, scorecardVersion: string, scorerVersion: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM scores s WHERE s.scorer_version = $1
       AND NOT EXISTS (SELECT 1 FROM scorecard_evaluations e WHERE e.interaction_id = s.interaction_id AND e.scorecard_version = $2 AND e.scorer_version = $1)`,
    [scorerVersion, scorecardVersion],
  );
  return rows[0]!.n;
}
