/** SQL for journeys: every dated contact of customers with an id, in order, with its reason and answers. */
import type { Queryable } from './db.ts';
import { filterSql, type ReportFilters } from './filters.ts';

export interface ContactRow {
  customer_id: string;
  interaction_id: string;
  channel: string;
  started_at: string;
  agent_id: string | null;
  reason: string | null;
  csat: number | null;
  nps: number | null;
  resolved: boolean | null;
  abandoned: boolean | null;
  sentiment: number | null;
  effort: number | null;
  empathy: number | null;
  /** The customer's first words, for a timeline. */
  excerpt?: string | null;
}

const SELECT = `i.customer_id, i.interaction_id, i.channel, to_char(i.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS started_at,
  i.agent_id, s.intent AS reason, i.csat, i.nps, i.resolved, i.abandoned, s.customer_sentiment::float8 AS sentiment, s.effort::float8 AS effort,
  CASE WHEN s.empathy_applicable THEN s.empathy::float8 END AS empathy`;

/** Conversations (call, chat, e-mail) of customers who had more than one, ordered by customer and time. */
export async function customerContacts(db: Queryable, scorerVersion: string, f: ReportFilters = {}): Promise<ContactRow[]> {
  const w = filterSql(f, 2);
  const { rows } = await db.query<ContactRow>(
    `SELECT ${SELECT}
     FROM interactions i LEFT JOIN scores s ON s.interaction_id = i.interaction_id AND s.scorer_version = $1
     WHERE i.customer_id IS NOT NULL AND i.started_at IS NOT NULL AND i.channel IN ('call', 'chat', 'email')${w.sql}
       AND i.customer_id IN (SELECT customer_id FROM interactions WHERE customer_id IS NOT NULL AND channel IN ('call', 'chat', 'email') GROUP BY 1 HAVING count(*) > 1)
     ORDER BY i.customer_id, i.started_at, i.interaction_id`,
    [scorerVersion, ...w.params],
  );
  return rows;
}

/** One customer's contacts in order, with the first customer words of each. */
export async function oneCustomer(db: Queryable, scorerVersion: string, customerId: string): Promise<ContactRow[]> {
  const { rows } = await db.query<ContactRow>(
    `SELECT ${SELECT},
       (SELECT left(t.text, 140) FROM turns t WHERE t.interaction_id = i.interaction_id AND t.speaker = 'customer' ORDER BY t.turn_index LIMIT 1) AS excerpt
     FROM interactions i LEFT JOIN scores s ON s.interaction_id = i.interaction_id AND s.scorer_version = $1
     WHERE i.customer_id = $2
     ORDER BY i.started_at NULLS LAST, i.interaction_id`,
    [scorerVersion, customerId],
  );
  return rows;
}
