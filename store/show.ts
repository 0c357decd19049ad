/** The store side of `voc show`: one interaction, its turns and its latest score (rendered by report/show.ts). */
import type { Interaction, InteractionScores, Turn } from '../pipeline/types.ts';
import type { Queryable } from './db.ts';
import { decodeStored } from './score-detail.ts';

/** What `voc show` reads from the store for one interaction. */
export interface ShowRecord {
  interaction: Interaction;
  /** The latest score, or null when the interaction has not been scored yet. */
  score: { scorer_version: string; scored_at: string | null; detail: InteractionScores } | null;
  /** The scorer version this build of voc stamps, to say when the shown score is from another one. */
  currentVersion: string;
}

const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString());

/**
 * Reads an interaction, its turns and its latest score: the one of `currentVersion` when there is one,
 * else the most recent. Null when the id is unknown.
 */
export async function readShowRecord(db: Queryable, id: string, currentVersion: string): Promise<ShowRecord | null> {
  const { rows } = await db.query('SELECT * FROM interactions WHERE interaction_id = $1', [id]);
  const r = rows[0];
  if (!r) return null;
  const turns = await db.query<{ speaker: Turn['speaker']; text: string; start_s: number | null; end_s: number | null }>(
    'SELECT speaker, text, start_s, end_s FROM turns WHERE interaction_id = $1 ORDER BY turn_index',
    [id],
  );
  const score = await db.query<{ scorer_version: string; scored_at: Date | string | null; detail: InteractionScores | string; detail_packed: Uint8Array | null }>(
    `SELECT scorer_version, scored_at, detail, detail_packed FROM scores WHERE interaction_id = $1
     ORDER BY (scorer_version = $2) DESC, scored_at DESC LIMIT 1`,
    [id, currentVersion],
  );
  const interaction: Interaction = {
    interaction_id: r.interaction_id,
    channel: r.channel,
    turns: turns.rows.map((t) => ({ speaker: t.speaker, text: t.text, start_s: t.start_s, end_s: t.end_s })),
    agent_id: r.agent_id,
    team: r.team,
    customer_id: r.customer_id,
    started_at: iso(r.started_at),
    kpis: {
      csat: r.csat, nps: r.nps, ces: r.ces, handle_time_s: r.handle_time_s, wait_time_s: r.wait_time_s,
      hold_time_s: r.hold_time_s, transfers: r.transfers, resolved: r.resolved, rating: r.rating,
    },
    metadata: r.metadata,
  };
  const s = score.rows[0];
  return {
    interaction,
    score: s ? { scorer_version: s.scorer_version, scored_at: iso(s.scored_at), detail: (await decodeStored(db, [{ ...s, interaction_id: id, texts: interaction.turns.map((t) => t.text) }]))[0]! } : null,
    currentVersion,
  };
}
