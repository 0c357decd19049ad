/**
 * Human QA review in `voc serve`: a reviewer's answers to an interaction's scorecard items (stored
 * beside the automatic ones, never over them, with who and when), the review queue a lead samples
 * into, and disputes an agent raises on their own evaluation for a lead to settle. Every change is
 * written to the audit log in its own transaction; every read and write is inside the principal's scope.
 */
import type { Answer } from '../pipeline/scorecard/evaluate.ts';
import { audit, type Principal } from './access.ts';
import type { Db, Queryable } from './db.ts';
import { DISPUTE_SOURCE } from './scorecards.ts';
import { scopeSql, type AccessScope } from './scope.ts';

export class ReviewError extends Error {
  override name = 'ReviewError';
}

const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/** The interaction's agent and team when it exists and is inside the scope, else null. */
export async function interactionInScope(db: Queryable, id: string, scope: AccessScope): Promise<{ agent_id: string | null; team: string | null } | null> {
  const sc = scopeSql(scope, 2);
  const { rows } = await db.query<{ agent_id: string | null; team: string | null }>(`SELECT i.agent_id, i.team FROM interactions i WHERE i.interaction_id = $1${sc.sql}`, [id, ...sc.params]);
  return rows[0] ?? null;
}

/** The name a token's reviews are stored under: its label, else its id. */
export async function reviewerName(db: Queryable, who: Principal): Promise<string> {
  const { rows } = await db.query<{ label: string | null }>('SELECT label FROM api_tokens WHERE token_id = $1', [who.token_id]);
  return rows[0]?.label?.trim() || `token ${who.token_id}`;
}

export interface ItemReview {
  item: string;
  answer: Answer;
  comment?: string | null;
}

/**
 * Stores a reviewer's answers to an interaction's items (their earlier answer to the same item is
 * replaced; the automatic answer never is). Null when the interaction is not in scope.
 */
export async function saveReview(db: Db, who: Principal, id: string, answers: ItemReview[], items: readonly string[]): Promise<{ reviewer: string; stored: number } | null> {
  if (who.role === 'agent') throw new ReviewError('an agent cannot review; an agent can dispute an answer on their own evaluation');
  for (const a of answers) {
    if (!items.includes(a.item)) throw new ReviewError(`item ${JSON.stringify(a.item)} is not on the scorecard (${items.join(', ')})`);
    if (!['yes', 'no', 'na'].includes(a.answer)) throw new ReviewError(`answer ${JSON.stringify(a.answer)} is not yes, no or na`);
  }
  return db.transaction(async (tx) => {
    if (!(await interactionInScope(tx, id, who.scope))) return null;
    const reviewer = await reviewerName(tx, who);
    if (answers.length) {
      await tx.query(
        `INSERT INTO scorecard_reviews (interaction_id, reviewer, item, answer, comment, source, token_id)
         SELECT $1, $2, x.item, x.answer, x.comment, 'workspace', $3 FROM unnest($4::text[], $5::text[], $6::text[]) AS x(item, answer, comment)
         ON CONFLICT (interaction_id, reviewer, item) DO UPDATE SET answer = excluded.answer, comment = excluded.comment,
           source = excluded.source, token_id = excluded.token_id, reviewed_at = now()`,
        [id, reviewer, who.token_id, answers.map((a) => a.item), answers.map((a) => a.answer), answers.map((a) => a.comment?.trim() || null)],
      );
    }
    await audit(tx, who, 'review.save', `interaction:${id}`, { reviewer, answers: answers.map((a) => ({ item: a.item, answer: a.answer, comment: a.comment ?? null })) });
    return { reviewer, stored: answers.length };
  });
}

// ---- the review queue

export const SAMPLE_METHODS = ['random', 'per_agent', 'lowest_score'] as const;
export type SampleMethod = (typeof SAMPLE_METHODS)[number];

export interface SampleRequest {
  method: SampleMethod;
  /** How many interactions (for per_agent: how many per agent). */
  n: number;
  team?: string | null;
}

/**
 * Adds interactions to the review queue: evaluated conversations with an agent, inside the scope, not
 * queued or reviewed yet; picked at random, at random per agent, or lowest automatic score first.
 * Returns how many were added.
 */
export async function sampleForReview(db: Db, who: Principal, req: SampleRequest, scorecardVersion: string, scorerVersion: string): Promise<number> {
  if (who.role !== 'admin' && who.role !== 'lead') throw new ReviewError('a lead picks interactions for review');
  if (!SAMPLE_METHODS.includes(req.method)) throw new ReviewError(`the method must be one of ${SAMPLE_METHODS.join(', ')}`);
  if (!(Number.isInteger(req.n) && req.n >= 1 && req.n <= 500)) throw new ReviewError('pick between 1 and 500');
  const sc = scopeSql(who.scope, 5);
  const team = req.team ? ` AND i.team = $${5 + sc.params.length}` : '';
  const pool = `SELECT i.interaction_id, i.agent_id, e.score FROM scorecard_evaluations e JOIN interactions i ON i.interaction_id = e.interaction_id
    WHERE e.scorecard_version = $1 AND e.scorer_version = $2 AND e.score IS NOT NULL AND i.agent_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM review_queue q WHERE q.interaction_id = i.interaction_id)
      AND NOT EXISTS (SELECT 1 FROM scorecard_reviews r WHERE r.interaction_id = i.interaction_id)${sc.sql}${team}`;
  const pick = req.method === 'random' ? `SELECT * FROM (${pool}) p ORDER BY random() LIMIT $3`
    : req.method === 'lowest_score' ? `SELECT * FROM (${pool}) p ORDER BY score, interaction_id LIMIT $3`
      : `SELECT interaction_id, agent_id, score FROM (SELECT p.*, row_number() OVER (PARTITION BY agent_id ORDER BY random()) AS k FROM (${pool}) p) r WHERE k <= $3`;
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ interaction_id: string }>(
      `INSERT INTO review_queue (interaction_id, method, auto_score, added_by)
       SELECT interaction_id, $4, score, $${5 + sc.params.length + (team ? 1 : 0)} FROM (${pick}) s
       ON CONFLICT DO NOTHING RETURNING interaction_id`,
      [scorecardVersion, scorerVersion, req.n, req.method, ...sc.params, ...(req.team ? [req.team] : []), who.token_id],
    );
    await audit(tx, who, 'review.sample', null, { method: req.method, n: req.n, team: req.team ?? null, added: rows.length });
    return rows.length;
  });
}

export interface QueuedReview {
  interaction_id: string;
  agent_id: string | null;
  team: string | null;
  channel: string;
  started_at: string | null;
  method: SampleMethod;
  auto_score: number | null;
  added_at: string;
  /** Who has reviewed it so far (empty: still to review). */
  reviewers: string[];
}

/** The review queue inside a scope: still to review first, then the oldest added first. */
export async function listReviewQueue(db: Queryable, scope: AccessScope): Promise<QueuedReview[]> {
  const sc = scopeSql(scope, 1);
  const { rows } = await db.query<QueuedReview>(
    `SELECT q.interaction_id, i.agent_id, i.team, i.channel, ${ts('i.started_at')} AS started_at, q.method, q.auto_score, ${ts('q.added_at')} AS added_at,
       coalesce((SELECT array_agg(DISTINCT r.reviewer ORDER BY r.reviewer) FROM scorecard_reviews r
         WHERE r.interaction_id = q.interaction_id AND r.source IS DISTINCT FROM '${DISPUTE_SOURCE}'), '{}') AS reviewers
     FROM review_queue q JOIN interactions i ON i.interaction_id = q.interaction_id
     WHERE true${sc.sql}
     ORDER BY (SELECT count(*) FROM scorecard_reviews r WHERE r.interaction_id = q.interaction_id) > 0, q.added_at, q.interaction_id`,
    sc.params,
  );
  return rows.map((r) => ({ ...r, auto_score: r.auto_score == null ? null : Number(r.auto_score) }));
}

// ---- disputes

export const DISPUTE_STATUSES = ['open', 'accepted', 'rejected'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export interface Dispute {
  dispute_id: number;
  interaction_id: string;
  agent_id: string | null;
  team: string | null;
  item: string;
  disputed_answer: Answer;
  reason: string;
  status: DisputeStatus;
  raised_at: string;
  final_answer: Answer | null;
  resolved_by: string | null;
  resolved_at: string | null;
  resolution_note: string;
}

const DISPUTE_SELECT = `SELECT d.dispute_id::int AS dispute_id, d.interaction_id, i.agent_id, i.team, d.item, d.disputed_answer, d.reason, d.status,
  ${ts('d.raised_at')} AS raised_at, d.final_answer, d.resolved_by, ${ts('d.resolved_at')} AS resolved_at, d.resolution_note
  FROM scorecard_disputes d JOIN interactions i ON i.interaction_id = d.interaction_id`;

export async function listDisputes(db: Queryable, scope: AccessScope, opts: { status?: DisputeStatus; interaction_id?: string } = {}): Promise<Dispute[]> {
  const sc = scopeSql(scope, 1);
  const params: unknown[] = [...sc.params];
  let where = sc.sql;
  if (opts.status) {
    params.push(opts.status);
    where += ` AND d.status = $${params.length}`;
  }
  if (opts.interaction_id) {
    params.push(opts.interaction_id);
    where += ` AND d.interaction_id = $${params.length}`;
  }
  const { rows } = await db.query<Dispute>(`${DISPUTE_SELECT} WHERE true${where} ORDER BY d.status <> 'open', d.raised_at DESC, d.dispute_id DESC`, params);
  return rows;
}

async function readDispute(db: Queryable, id: number, scope: AccessScope): Promise<Dispute | null> {
  const sc = scopeSql(scope, 2);
  const { rows } = await db.query<Dispute>(`${DISPUTE_SELECT} WHERE d.dispute_id = $1${sc.sql}`, [id, ...sc.params]);
  return rows[0] ?? null;
}

/**
 * An agent disputes the answer an item has on their own evaluation (the latest human answer, else the
 * automatic one). Null when the interaction is not theirs or not evaluated on this version.
 */
export async function openDispute(db: Db, who: Principal, d: { interaction_id: string; item: string; reason: string }, scorecardVersion: string, scorerVersion: string): Promise<Dispute | null> {
  if (who.role !== 'agent') throw new ReviewError('only the agent an evaluation belongs to can dispute it');
  const reason = d.reason.trim();
  if (!reason) throw new ReviewError('say why the answer is wrong: the lead reads your reason');
  return db.transaction(async (tx) => {
    const sc = scopeSql(who.scope, 5);
    const { rows } = await tx.query<{ answer: Answer }>(
      `SELECT coalesce((SELECT r.answer FROM scorecard_reviews r WHERE r.interaction_id = a.interaction_id AND r.item = a.item ORDER BY r.reviewed_at DESC LIMIT 1), a.answer) AS answer
       FROM scorecard_answers a JOIN interactions i ON i.interaction_id = a.interaction_id
       WHERE a.interaction_id = $1 AND a.item = $2 AND a.scorecard_version = $3 AND a.scorer_version = $4${sc.sql}`,
      [d.interaction_id, d.item, scorecardVersion, scorerVersion, ...sc.params],
    );
    if (!rows[0]) return null;
    const open = await tx.query(`SELECT 1 FROM scorecard_disputes WHERE interaction_id = $1 AND item = $2 AND status = 'open'`, [d.interaction_id, d.item]);
    if (open.rows.length) throw new ReviewError('this answer is already disputed and waits for a lead');
    // Two disputes of one answer sent at the same moment: the open-dispute index keeps one.
    const { rows: made } = await tx.query<{ dispute_id: number }>(
      `INSERT INTO scorecard_disputes (interaction_id, item, disputed_answer, reason, raised_by) VALUES ($1, $2, $3, $4, $5) RETURNING dispute_id::int AS dispute_id`,
      [d.interaction_id, d.item, rows[0].answer, reason.slice(0, 2000), who.token_id],
    ).catch((err: { code?: string }) => {
      if (err.code === '23505') throw new ReviewError('this answer is already disputed and waits for a lead');
      throw err;
    });
    const id = made[0]!.dispute_id;
    await audit(tx, who, 'dispute.open', `dispute:${id}`, { interaction_id: d.interaction_id, item: d.item, disputed_answer: rows[0].answer, reason });
    return readDispute(tx, id, who.scope);
  });
}

/**
 * A lead settles an open dispute: accept (their answer is stored as a human review and stands) or
 * reject (the answer stays). Null when the dispute is not in scope.
 */
export async function resolveDispute(db: Db, who: Principal, id: number, r: { decision: 'accept' | 'reject'; answer?: Answer; note?: string }): Promise<Dispute | null> {
  if (who.role !== 'admin' && who.role !== 'lead') throw new ReviewError('a lead settles disputes');
  if (r.decision !== 'accept' && r.decision !== 'reject') throw new ReviewError('decide accept or reject');
  return db.transaction(async (tx) => {
    // Two leads settling one dispute at once: the second waits for the first, then reads it settled.
    await tx.query('SELECT 1 FROM scorecard_disputes WHERE dispute_id = $1 FOR UPDATE', [id]);
    const before = await readDispute(tx, id, who.scope);
    if (!before) return null;
    if (before.status !== 'open') throw new ReviewError(`this dispute was already ${before.status}`);
    const note = (r.note ?? '').trim().slice(0, 2000);
    let final: Answer = before.disputed_answer;
    const lead = await reviewerName(tx, who);
    if (r.decision === 'accept') {
      final = r.answer ?? (before.disputed_answer === 'yes' ? 'no' : 'yes');
      if (!['yes', 'no', 'na'].includes(final)) throw new ReviewError('the answer must be yes, no or na');
      if (final === before.disputed_answer) throw new ReviewError(`accepting the dispute means a different answer than ${before.disputed_answer}`);
      await tx.query(
        `INSERT INTO scorecard_reviews (interaction_id, reviewer, item, answer, comment, source, token_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (interaction_id, reviewer, item) DO UPDATE SET answer = excluded.answer, comment = excluded.comment,
           source = excluded.source, token_id = excluded.token_id, reviewed_at = now()`,
        [before.interaction_id, lead, before.item, final, note || `dispute ${id} accepted`, DISPUTE_SOURCE, who.token_id],
      );
    }
    await tx.query(
      `UPDATE scorecard_disputes SET status = $2, final_answer = $3, resolved_by = $4, resolved_at = now(), resolution_note = $5 WHERE dispute_id = $1`,
      [id, r.decision === 'accept' ? 'accepted' : 'rejected', final, lead, note],
    );
    await audit(tx, who, `dispute.${r.decision}`, `dispute:${id}`, { interaction_id: before.interaction_id, item: before.item, from: before.disputed_answer, final_answer: final, note });
    return readDispute(tx, id, who.scope);
  });
}
