/**
 * Live conversations in PostgreSQL (never in a server's memory, so any `voc serve` behind a load
 * balancer can take the next turn): append a turn and read the conversation so far, under a row lock
 * so two turns of one conversation are numbered in order.
 */
import type { Turn } from '../pipeline/types.ts';
import type { Db, Queryable } from './db.ts';

export interface LiveConversation {
  conversation_id: string;
  channel: 'call' | 'chat' | 'email';
  customer_id: string | null;
  agent_id: string | null;
  team: string | null;
  prior_contacts: number;
  last_effort: number | null;
  turns: Turn[];
}

export interface LiveTurnInput {
  speaker: Turn['speaker'];
  text: string;
  channel?: 'call' | 'chat' | 'email';
  customer_id?: string | null;
  agent_id?: string | null;
  team?: string | null;
  /** Earlier contacts the caller knows of; else counted from the store by customer_id. */
  prior_contacts?: number | null;
}

/**
 * Adds a turn to a conversation (starting it on the first turn) and returns it with every turn so far.
 * Null when the conversation was started with another token: it is not the caller's to see.
 */
export async function appendLiveTurn(db: Db, tokenId: string, id: string, t: LiveTurnInput, repeatWindowDays: number): Promise<LiveConversation | null> {
  return db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO live_conversations (conversation_id, token_id, channel, customer_id, agent_id, team, prior_contacts)
       VALUES ($1, $2, $3, $4, $5, $6, coalesce($7::int, (
         SELECT count(*)::int FROM interactions r WHERE $4::text IS NOT NULL AND r.customer_id = $4
           AND r.started_at > now() - make_interval(days => $8) AND r.started_at <= now())))
       ON CONFLICT (conversation_id) DO NOTHING`,
      [id, tokenId, t.channel ?? 'chat', t.customer_id ?? null, t.agent_id ?? null, t.team ?? null, t.prior_contacts ?? null, repeatWindowDays],
    );
    // The UPDATE takes the conversation's row lock, so two turns of one conversation are numbered in order.
    const conv = await tx.query<Omit<LiveConversation, 'turns'> & { token_id: string }>(
      `UPDATE live_conversations SET updated_at = now() WHERE conversation_id = $1 AND token_id = $2
       RETURNING conversation_id, token_id, channel, customer_id, agent_id, team, prior_contacts, last_effort`,
      [id, tokenId],
    );
    const c = conv.rows[0];
    if (!c) return null; // started with another token
    // The new turn comes back from the INSERT; the earlier ones from the table (a statement does not see its own insert).
    const turns = await tx.query<Turn & { turn_index: number }>(
      `WITH added AS (
         INSERT INTO live_turns (conversation_id, turn_index, speaker, text)
         SELECT $1, coalesce(max(turn_index) + 1, 0), $2, $3 FROM live_turns WHERE conversation_id = $1
         RETURNING turn_index, speaker, text)
       SELECT turn_index, speaker, text FROM live_turns WHERE conversation_id = $1
       UNION ALL SELECT turn_index, speaker, text FROM added
       ORDER BY turn_index`,
      [id, t.speaker, t.text],
    );
    const { token_id: _t, ...rest } = c;
    return { ...rest, turns: turns.rows.map(({ speaker, text }) => ({ speaker, text })) };
  });
}

export async function saveLiveEffort(db: Queryable, id: string, effort: number): Promise<void> {
  await db.query('UPDATE live_conversations SET last_effort = $2 WHERE conversation_id = $1', [id, effort]);
}
