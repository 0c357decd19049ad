/**
 * Reading interactions for the server, always inside a reader's scope: one interaction with its
 * turns and latest score, a search with cursor paging, and the status counts. A row outside the
 * scope is not read at all, so the caller cannot tell it from a missing id.
 */
import type { Queryable } from './db.ts';
import { scopeSql, type AccessScope } from './scope.ts';
import { readShowRecord, type ShowRecord } from './show.ts';

const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString());

/** An interaction and its latest score (the shape `voc show` renders). */
export type InteractionRecord = ShowRecord;

/** One interaction in scope with its turns and its score of `currentVersion` (else the latest); null when unknown or out of scope. */
export async function readInteraction(db: Queryable, id: string, currentVersion: string, scope: AccessScope): Promise<InteractionRecord | null> {
  // The scope gate is SQL: an interaction outside it is not read, whatever follows.
  const sc = scopeSql(scope, 2);
  const { rows } = await db.query(`SELECT 1 FROM interactions i WHERE i.interaction_id = $1${sc.sql}`, [id, ...sc.params]);
  if (rows.length === 0) return null;
  return readShowRecord(db, id, currentVersion);
}

/** What the interaction search takes; every field optional. Ranges are inclusive. */
export interface InteractionQuery {
  agent?: string;
  team?: string;
  intent?: string;
  channel?: string;
  since?: string;
  until?: string;
  empathy_min?: number;
  empathy_max?: number;
  effort_min?: number;
  effort_max?: number;
  sentiment_min?: number;
  sentiment_max?: number;
  csat_min?: number;
  csat_max?: number;
  /** Rows per page. @defaultValue 50 */
  limit?: number;
  /** The `next_cursor` of the previous page. */
  cursor?: string;
}

export interface InteractionListRow {
  interaction_id: string;
  started_at: string | null;
  channel: string;
  agent_id: string | null;
  team: string | null;
  customer_id: string | null;
  intent: string | null;
  sentiment: number | null;
  empathy: number | null;
  effort: number | null;
  predicted_ces: number | null;
  csat: number | null;
  nps: number | null;
  ces: number | null;
  handle_time_s: number | null;
  transfers: number | null;
  resolved: boolean | null;
}

export const INTERACTION_COLUMNS: readonly (keyof InteractionListRow)[] = [
  'interaction_id', 'started_at', 'channel', 'agent_id', 'team', 'customer_id', 'intent', 'sentiment', 'empathy', 'effort',
  'predicted_ces', 'csat', 'nps', 'ces', 'handle_time_s', 'transfers', 'resolved',
];

export class CursorError extends Error {
  override name = 'CursorError';
}

/** Newest first; the cursor is the last row's (started_at, id), opaque to the caller. */
export async function searchInteractions(db: Queryable, q: InteractionQuery, version: string, scope: AccessScope): Promise<{ rows: InteractionListRow[]; next_cursor: string | null }> {
  const params: unknown[] = [version];
  const where: string[] = [];
  const add = (cond: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(cond(`$${params.length}`));
  };
  if (q.agent) add((p) => `i.agent_id = ${p}`, q.agent);
  if (q.team) add((p) => `i.team = ${p}`, q.team);
  if (q.intent) add((p) => `s.intent = ${p}`, q.intent);
  if (q.channel) add((p) => `i.channel = ${p}`, q.channel);
  if (q.since) add((p) => `i.started_at >= ${p}::timestamptz`, q.since);
  if (q.until) add((p) => `i.started_at < ${p}::timestamptz`, q.until);
  const ranges: [string, string][] = [
    ['empathy', 's.empathy'], ['effort', 's.effort'], ['sentiment', 's.sentiment'], ['csat', 'i.csat'],
  ];
  for (const [name, col] of ranges) {
    const lo = q[`${name}_min` as keyof InteractionQuery];
    const hi = q[`${name}_max` as keyof InteractionQuery];
    if (lo !== undefined) add((p) => `${col} >= ${p}`, lo);
    if (hi !== undefined) add((p) => `${col} <= ${p}`, hi);
  }
  if (q.cursor) {
    let c: [string | null, string];
    try {
      c = JSON.parse(Buffer.from(q.cursor, 'base64url').toString('utf8'));
      if (!Array.isArray(c) || typeof c[1] !== 'string') throw new Error('shape');
    } catch {
      throw new CursorError('cursor is not one this server gave out: pass the next_cursor of the previous page, or leave it out to start');
    }
    // Order: started_at DESC NULLS LAST, interaction_id DESC.
    if (c[0] === null) add((p) => `(i.started_at IS NULL AND i.interaction_id < ${p})`, c[1]);
    else {
      params.push(c[0], c[1]);
      const a = `$${params.length - 1}`;
      const b = `$${params.length}`;
      where.push(`(i.started_at < ${a}::timestamptz OR i.started_at IS NULL OR (i.started_at = ${a}::timestamptz AND i.interaction_id < ${b}))`);
    }
  }
  const sc = scopeSql(scope, params.length + 1);
  params.push(...sc.params);
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 1000);
  params.push(limit + 1);
  const { rows } = await db.query<InteractionListRow & { started_raw: Date | string | null }>(
    `SELECT i.interaction_id, to_char(i.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS started_at, i.started_at AS started_raw,
       i.channel, i.agent_id, i.team, i.customer_id, s.intent, s.sentiment::float8 AS sentiment,
       CASE WHEN s.empathy_applicable THEN s.empathy::float8 END AS empathy, s.effort::float8 AS effort,
       s.predicted_ces::float8 AS predicted_ces, i.csat::int AS csat, i.nps::int AS nps, i.ces::int AS ces,
       i.handle_time_s::float8 AS handle_time_s, i.transfers, i.resolved
     FROM interactions i
     LEFT JOIN scores s ON s.interaction_id = i.interaction_id AND s.scorer_version = $1
     WHERE TRUE${where.map((w) => ` AND ${w}`).join('')}${sc.sql}
     ORDER BY i.started_at DESC NULLS LAST, i.interaction_id DESC
     LIMIT $${params.length}`,
    params,
  );
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const next = more && last ? Buffer.from(JSON.stringify([iso(last.started_raw), last.interaction_id])).toString('base64url') : null;
  return { rows: page.map(({ started_raw: _r, ...row }) => row), next_cursor: next };
}

/** Stored, scored and failed interactions within the scope. */
export async function scopedStatus(db: Queryable, version: string, scope: AccessScope): Promise<{ stored: number; scored: number; failed: number; queued: number }> {
  const sc = scopeSql(scope, 2);
  const { rows } = await db.query<{ stored: number; scored: number; failed: number }>(
    `SELECT count(*)::int AS stored, count(s.interaction_id)::int AS scored, count(f.interaction_id)::int AS failed
     FROM interactions i
     LEFT JOIN scores s ON s.interaction_id = i.interaction_id AND s.scorer_version = $1
     LEFT JOIN score_failures f ON f.interaction_id = i.interaction_id AND f.scorer_version = $1
     WHERE TRUE${sc.sql}`,
    [version, ...sc.params],
  );
  const r = rows[0]!;
  return { ...r, queued: r.stored - r.scored - r.failed };
}

/** The teams that have interactions within the scope, for filter menus. */
export async function teamsInScope(db: Queryable, scope: AccessScope): Promise<string[]> {
  const sc = scopeSql(scope, 1);
  const { rows } = await db.query<{ team: string }>(`SELECT DISTINCT i.team FROM interactions i WHERE i.team IS NOT NULL${sc.sql} ORDER BY 1`, sc.params);
  return rows.map((r) => r.team);
}
