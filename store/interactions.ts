/** Interactions and their turns in PostgreSQL: the content hash that makes re-ingest idempotent, and reads for scoring. */
import * as crypto from 'node:crypto';
import type { Interaction, Turn } from '../pipeline/types.ts';
import type { Queryable } from './db.ts';

/** A hash of everything stored about an interaction: unchanged input is a no-op on re-ingest. */
export function contentHash(i: Interaction): string {
  return sha1(JSON.stringify([i.channel, i.turns, i.agent_id, i.team, i.customer_id, i.started_at, i.kpis, i.metadata]));
}

/** SHA-1 of a string's UTF-8, base64url: the one-shot `crypto.hash` (Node 20.12+) is cheaper than a Hash object for one short string. */
const sha1: (s: string) => string =
  typeof crypto.hash === 'function' ? (s) => crypto.hash('sha1', s, 'base64url') : (s) => crypto.createHash('sha1').update(s).digest('base64url');

export interface UpsertResult {
  /** Ids new to the store. */
  inserted: string[];
  /** Ids whose content changed: their old turns and scores were replaced. */
  updated: string[];
  /** The revision now stored for each inserted or updated id (1 when new, one more at each change). */
  revisions: Map<string, number>;
}

interface InteractionRow {
  interaction_id: string; channel: Interaction['channel']; agent_id: string | null; team: string | null;
  customer_id: string | null; started_at: Date | string | null; csat: number | null; nps: number | null;
  ces: number | null; handle_time_s: number | null; wait_time_s: number | null; hold_time_s: number | null;
  transfers: number | null; resolved: boolean | null; rating: number | null; metadata: Record<string, unknown>;
  prior_contacts: number;
}

export interface LoadedInteraction {
  interaction: Interaction;
  /** Earlier contacts by the same customer inside the repeat window. */
  priorContacts: number;
}

/**
 * The interactions among `ids` that have neither a score nor a recorded failure for `version`, with
 * their turns and their customer's earlier contacts within `repeatWindowDays`.
 */
export async function loadUnscored(db: Queryable, ids: string[], version: string, repeatWindowDays: number): Promise<LoadedInteraction[]> {
  const { rows } = await db.query<InteractionRow>(
    `SELECT i.*, (SELECT count(*)::int FROM interactions p
                   WHERE p.customer_id = i.customer_id AND p.interaction_id <> i.interaction_id
                     AND p.started_at < i.started_at
                     AND p.started_at >= i.started_at - make_interval(days => $3::int)) AS prior_contacts
     FROM interactions i
     WHERE i.interaction_id = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM scores s WHERE s.interaction_id = i.interaction_id AND s.scorer_version = $2)
       AND NOT EXISTS (SELECT 1 FROM score_failures f WHERE f.interaction_id = i.interaction_id AND f.scorer_version = $2)`,
    [ids, version, repeatWindowDays],
  );
  if (rows.length === 0) return [];
  const turnRows = await db.query<{ interaction_id: string; speaker: Turn['speaker']; text: string; start_s: number | null; end_s: number | null }>(
    `SELECT interaction_id, speaker, text, start_s, end_s FROM turns
     WHERE interaction_id = ANY($1::text[]) ORDER BY interaction_id, turn_index`,
    [rows.map((r) => r.interaction_id)],
  );
  const turns = new Map<string, Turn[]>();
  for (const t of turnRows.rows) {
    const turn: Turn = { speaker: t.speaker, text: t.text };
    if (t.start_s != null) turn.start_s = t.start_s;
    if (t.end_s != null) turn.end_s = t.end_s;
    let list = turns.get(t.interaction_id);
    if (!list) turns.set(t.interaction_id, (list = []));
    list.push(turn);
  }
  return rows.map((r) => ({
    priorContacts: r.prior_contacts,
    interaction: {
      interaction_id: r.interaction_id,
      channel: r.channel,
      turns: turns.get(r.interaction_id) ?? [],
      agent_id: r.agent_id,
      team: r.team,
      customer_id: r.customer_id,
      started_at: r.started_at == null ? null : new Date(r.started_at).toISOString(),
      kpis: {
        csat: r.csat, nps: r.nps, ces: r.ces, handle_time_s: r.handle_time_s, wait_time_s: r.wait_time_s,
        hold_time_s: r.hold_time_s, transfers: r.transfers, resolved: r.resolved, rating: r.rating,
      },
      metadata: r.metadata,
    },
  }));
}

/** Ids of stored interactions with neither a score nor a failure for `version`, a page at a time. */
export async function* unscoredIds(db: Queryable, version: string, pageSize = 5000): AsyncGenerator<string[]> {
  let after = '';
  for (;;) {
    const { rows } = await db.query<{ interaction_id: string }>(
      `SELECT i.interaction_id FROM interactions i
       WHERE i.interaction_id > $1
         AND NOT EXISTS (SELECT 1 FROM scores s WHERE s.interaction_id = i.interaction_id AND s.scorer_version = $2)
         AND NOT EXISTS (SELECT 1 FROM score_failures f WHERE f.interaction_id = i.interaction_id AND f.scorer_version = $2)
       ORDER BY i.interaction_id LIMIT $3`,
      [after, version, pageSize],
    );
    if (rows.length === 0) return;
    yield rows.map((r) => r.interaction_id);
    after = rows[rows.length - 1]!.interaction_id;
  }
}

export interface Revision {
  interaction_id: string;
  revision: number;
}

/**
 * Stored interactions with neither a score nor a failure for `version` that were stored at least
 * `graceMs` ago, oldest first, at most `limit`: what the workers' sweep checks against the queue.
 */
export async function unscoredOlderThan(db: Queryable, version: string, graceMs: number, limit: number): Promise<Revision[]> {
  const { rows } = await db.query<Revision>(
    `SELECT i.interaction_id, i.revision FROM interactions i
     WHERE i.ingested_at <= now() - make_interval(secs => $2::float8 / 1000)
       AND NOT EXISTS (SELECT 1 FROM scores s WHERE s.interaction_id = i.interaction_id AND s.scorer_version = $1)
       AND NOT EXISTS (SELECT 1 FROM score_failures f WHERE f.interaction_id = i.interaction_id AND f.scorer_version = $1)
     ORDER BY i.ingested_at, i.interaction_id LIMIT $3`,
    [version, graceMs, limit],
  );
  return rows;
}
