/**
 * The coaching queue: moments (a customer turn of an interaction) a lead marked "to coach", with a
 * note and a status that moves open → coached → acknowledged (by the agent). Every change is written
 * to the audit log in the same transaction; every read and write is inside the principal's scope.
 */
import type { Db, Queryable } from './db.ts';
import { audit, type Principal } from './access.ts';
import { scopeSql, type AccessScope } from './scope.ts';

export const MOMENT_STATUSES = ['open', 'coached', 'acknowledged'] as const;
export type MomentStatus = (typeof MOMENT_STATUSES)[number];

export interface QueuedMoment {
  moment_id: number;
  interaction_id: string;
  turn_index: number;
  agent_id: string;
  team: string | null;
  status: MomentStatus;
  note: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** The customer's words at that turn, cut to a line. */
  customer_turn: string | null;
}

const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
const SELECT = `SELECT q.moment_id::int AS moment_id, q.interaction_id, q.turn_index, q.agent_id, q.team, q.status, q.note, q.created_by,
  ${ts('q.created_at')} AS created_at, ${ts('q.updated_at')} AS updated_at,
  (SELECT left(t.text, 240) FROM turns t WHERE t.interaction_id = q.interaction_id AND t.turn_index = q.turn_index) AS customer_turn
  FROM coaching_queue q JOIN interactions i ON i.interaction_id = q.interaction_id`;

export class QueueError extends Error {
  override name = 'QueueError';
}

/**
 * Marks a turn of an interaction "to coach" (or updates the note of one already marked). Null when
 * the interaction is not in the principal's scope, has no agent, or has no such turn.
 */
export async function markToCoach(db: Db, who: Principal, m: { interaction_id: string; turn_index: number; note: string }): Promise<QueuedMoment | null> {
  return db.transaction(async (tx) => {
    const sc = scopeSql(who.scope, 5);
    const { rows } = await tx.query<{ moment_id: number }>(
      `INSERT INTO coaching_queue (interaction_id, turn_index, agent_id, team, note, created_by)
       SELECT i.interaction_id, $2, i.agent_id, i.team, $3, $4 FROM interactions i
       WHERE i.interaction_id = $1 AND i.agent_id IS NOT NULL
         AND EXISTS (SELECT 1 FROM turns t WHERE t.interaction_id = i.interaction_id AND t.turn_index = $2)${sc.sql}
       ON CONFLICT (interaction_id, turn_index) DO UPDATE SET note = EXCLUDED.note, status = 'open', updated_at = now()
       RETURNING moment_id::int AS moment_id`,
      [m.interaction_id, m.turn_index, m.note, who.token_id, ...sc.params],
    );
    const id = rows[0]?.moment_id;
    if (id === undefined) return null;
    await audit(tx, who, 'coaching.mark', `moment:${id}`, { interaction_id: m.interaction_id, turn_index: m.turn_index, note: m.note });
    return (await readMoment(tx, id, who.scope))!;
  });
}

export async function readMoment(db: Queryable, id: number, scope: AccessScope): Promise<QueuedMoment | null> {
  const sc = scopeSql(scope, 2);
  const { rows } = await db.query<QueuedMoment>(`${SELECT} WHERE q.moment_id = $1${sc.sql}`, [id, ...sc.params]);
  return rows[0] ?? null;
}

export async function listQueue(db: Queryable, scope: AccessScope, f: { agent?: string; status?: MomentStatus; interaction_id?: string } = {}): Promise<QueuedMoment[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (f.agent) where.push(`q.agent_id = $${params.push(f.agent)}`);
  if (f.status) where.push(`q.status = $${params.push(f.status)}`);
  if (f.interaction_id) where.push(`q.interaction_id = $${params.push(f.interaction_id)}`);
  const sc = scopeSql(scope, params.length + 1);
  const { rows } = await db.query<QueuedMoment>(
    `${SELECT} WHERE TRUE${where.map((w) => ` AND ${w}`).join('')}${sc.sql}
     ORDER BY (q.status = 'acknowledged'), q.updated_at DESC, q.moment_id DESC`,
    [...params, ...sc.params],
  );
  return rows;
}

/**
 * Moves a moment on. A lead or admin marks it coached (or reopens it) and may change the note; the
 * agent it belongs to acknowledges it. Null when the moment is not in scope; a QueueError when the
 * move is not allowed for this principal.
 */
export async function updateMoment(db: Db, who: Principal, id: number, change: { status?: MomentStatus; note?: string }): Promise<QueuedMoment | null> {
  return db.transaction(async (tx) => {
    const before = await readMoment(tx, id, who.scope);
    if (!before) return null;
    if (who.role === 'agent') {
      if (change.note !== undefined) throw new QueueError('an agent acknowledges a moment; the note is the lead\'s');
      if (change.status !== 'acknowledged') throw new QueueError('an agent can only acknowledge a moment (status "acknowledged")');
    } else if (change.status === 'acknowledged') {
      throw new QueueError('only the agent acknowledges a moment; a lead marks it "coached" (or "open" again)');
    }
    await tx.query(
      `UPDATE coaching_queue SET status = coalesce($2, status), note = coalesce($3, note), updated_at = now() WHERE moment_id = $1`,
      [id, change.status ?? null, change.note ?? null],
    );
    await audit(tx, who, 'coaching.update', `moment:${id}`, { from: before.status, to: change.status ?? before.status, ...(change.note !== undefined ? { note: change.note } : {}) });
    return readMoment(tx, id, who.scope);
  });
}
