/** Interactions and their turns in PostgreSQL: idempotent batch upserts, and reads for scoring. */
import { createHash } from 'node:crypto';
import type { Interaction, Turn } from '../pipeline/types.ts';
import type { Queryable } from './db.ts';

/** A hash of everything stored about an interaction: unchanged input is a no-op on re-ingest. */
export function contentHash(i: Interaction): string {
  return createHash('sha1')
    .update(JSON.stringify([i.channel, i.turns, i.agent_id, i.team, i.customer_id, i.started_at, i.kpis, i.metadata]))
    .digest('base64url');
}

export interface UpsertResult {
  /** Ids new to the store. */
  inserted: string[];
  /** Ids whose content changed: their old turns and scores were replaced. */
  updated: string[];
  /** The revision now stored for each inserted or updated id (1 when new, one more at each change). */
  revisions: Map<string, number>;
}

/**
 * Stores a batch in one transaction. Existing ids with the same content are left alone; changed ones
 * are updated, their turns replaced and their scores dropped so they are scored again.
 */
export async function upsertInteractions(db: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> }, batch: Interaction[], source: string): Promise<UpsertResult> {
  if (batch.length === 0) return { inserted: [], updated: [], revisions: new Map() };
  const col = <T>(f: (i: Interaction) => T) => batch.map(f);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ interaction_id: string; inserted: boolean; revision: number }>(
      `INSERT INTO interactions (interaction_id, channel, agent_id, team, customer_id, started_at, csat, nps, ces,
         handle_time_s, wait_time_s, hold_time_s, transfers, resolved, rating, metadata, source, content_hash,
         first_response_s, resolution_time_s, queue_time_s, abandoned, escalated, ces_norm)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[],
         $7::smallint[], $8::smallint[], $9::smallint[], $10::real[], $11::real[], $12::real[], $13::int[],
         $14::boolean[], $15::smallint[], $16::jsonb[], $17::text[], $18::text[],
         $19::real[], $20::real[], $21::real[], $22::boolean[], $23::boolean[], $24::real[])
       ON CONFLICT (interaction_id) DO UPDATE SET
         channel = EXCLUDED.channel, agent_id = EXCLUDED.agent_id, team = EXCLUDED.team,
         customer_id = EXCLUDED.customer_id, started_at = EXCLUDED.started_at, csat = EXCLUDED.csat,
         nps = EXCLUDED.nps, ces = EXCLUDED.ces, handle_time_s = EXCLUDED.handle_time_s,
         wait_time_s = EXCLUDED.wait_time_s, hold_time_s = EXCLUDED.hold_time_s, transfers = EXCLUDED.transfers,
         resolved = EXCLUDED.resolved, rating = EXCLUDED.rating, metadata = EXCLUDED.metadata,
         source = EXCLUDED.source, content_hash = EXCLUDED.content_hash, ingested_at = now(),
         first_response_s = EXCLUDED.first_response_s, resolution_time_s = EXCLUDED.resolution_time_s,
         queue_time_s = EXCLUDED.queue_time_s, abandoned = EXCLUDED.abandoned, escalated = EXCLUDED.escalated,
         ces_norm = EXCLUDED.ces_norm,
         revision = interactions.revision + 1
       WHERE interactions.content_hash IS DISTINCT FROM EXCLUDED.content_hash
       RETURNING interaction_id, (xmax = 0) AS inserted, revision`,
      [
        col((i) => i.interaction_id), col((i) => i.channel), col((i) => i.agent_id ?? null), col((i) => i.team ?? null),
        col((i) => i.customer_id ?? null), col((i) => i.started_at ?? null), col((i) => i.kpis.csat ?? null),
        col((i) => i.kpis.nps ?? null), col((i) => i.kpis.ces ?? null), col((i) => i.kpis.handle_time_s ?? null),
        col((i) => i.kpis.wait_time_s ?? null), col((i) => i.kpis.hold_time_s ?? null), col((i) => i.kpis.transfers ?? null),
        col((i) => i.kpis.resolved ?? null), col((i) => i.kpis.rating ?? null), col((i) => JSON.stringify(i.metadata ?? {})),
        col(() => source), col(contentHash),
        col((i) => i.kpis.first_response_s ?? null), col((i) => i.kpis.resolution_time_s ?? null), col((i) => i.kpis.queue_time_s ?? null),
        col((i) => i.kpis.abandoned ?? null), col((i) => i.kpis.escalated ?? null), col((i) => i.kpis.ces_norm ?? null),
      ],
    );
    const inserted = rows.filter((r) => r.inserted).map((r) => r.interaction_id);
    const updated = rows.filter((r) => !r.inserted).map((r) => r.interaction_id);
    if (updated.length > 0) {
      await tx.query('DELETE FROM interaction_turns WHERE interaction_id = ANY($1::text[])', [updated]);
      await tx.query('DELETE FROM scores WHERE interaction_id = ANY($1::text[])', [updated]);
      await tx.query('DELETE FROM score_failures WHERE interaction_id = ANY($1::text[])', [updated]);
    }
    const written = new Set(rows.map((r) => r.interaction_id));
    // One row per interaction: the speakers as a/c letters, the texts and (when timed) the seconds as arrays.
    const stored = batch.filter((i) => written.has(i.interaction_id) && i.turns.length > 0);
    if (stored.length > 0) {
      const times = (i: Interaction, k: 'start_s' | 'end_s') => (i.turns.some((t) => t[k] != null) ? JSON.stringify(i.turns.map((t) => t[k] ?? null)) : null);
      await tx.query(
        `INSERT INTO interaction_turns (interaction_id, speakers, texts, starts, ends)
         SELECT u.id, u.speakers, ARRAY(SELECT json_array_elements_text(u.texts)),
           CASE WHEN u.starts IS NULL THEN NULL ELSE ARRAY(SELECT (json_array_elements_text(u.starts))::real) END,
           CASE WHEN u.ends IS NULL THEN NULL ELSE ARRAY(SELECT (json_array_elements_text(u.ends))::real) END
         FROM unnest($1::text[], $2::text[], $3::json[], $4::json[], $5::json[]) AS u(id, speakers, texts, starts, ends)`,
        [stored.map((i) => i.interaction_id), stored.map((i) => i.turns.map((t) => (t.speaker === 'agent' ? 'a' : 'c')).join('')),
          stored.map((i) => JSON.stringify(i.turns.map((t) => t.text))), stored.map((i) => times(i, 'start_s')), stored.map((i) => times(i, 'end_s'))],
      );
    }
    return { inserted, updated, revisions: new Map(rows.map((r) => [r.interaction_id, r.revision])) };
  });
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
