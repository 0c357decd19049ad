/**
 * A deliberately hostile store for the report tests, shaped like the real exports that broke the
 * first reports: one agent with 10,000 interactions and 300 agents with one each, a handle time of
 * ten days, no survey answers at all, and one channel only. Scored by the real scorer; generated and
 * stored in a few seconds.
 */
import { toInteraction } from '../ingest/validate.ts';
import { createScorer } from '../pipeline/score.ts';
import type { Interaction } from '../pipeline/types.ts';
import { SCORER_VERSION } from '../pipeline/version.ts';
import type { Db } from '../store/db.ts';
import { upsertInteractions } from '../store/ingest-batch.ts';
import { openStore } from '../store/open.ts';
import { writeResults } from '../store/scores.ts';
import { freshDatabase } from './services.ts';

const CUSTOMER = [
  'my parcel never arrived and nobody answers my emails',
  'I was charged twice for the same order, please refund me',
  'cannot log in to my account since the update',
  'the app keeps crashing when I open my basket',
  'how do I change the delivery address on my order?',
  'thanks, the new card arrived today',
];
const AGENT = [
  'Sorry to hear that, I will look into it right now.',
  'Please send us your order number in a direct message.',
  'I understand how frustrating that is. Let me fix it for you.',
  'Have you tried reinstalling the app?',
];

export interface HostileStore {
  db: Db;
  url: string;
  close(): Promise<void>;
}

/** `big` interactions for agent BIG, one each for `small` agents; chats only, no CSAT, NPS or CES. */
export async function hostileStore(big = 10_000, small = 300): Promise<HostileStore> {
  const fresh = await freshDatabase();
  const db = await openStore({ databaseUrl: fresh.url, dataDir: '/tmp' });
  const start = Date.parse('2026-06-01T08:00:00Z');
  const records: Interaction[] = [];
  const n = big + small;
  for (let k = 0; k < n; k++) {
    const agent = k < big ? 'BIG' : `S${String(k - big + 1).padStart(3, '0')}`;
    records.push(toInteraction({
      interaction_id: `h${k}`,
      channel: 'chat',
      agent_id: agent,
      team: k < big ? 'care' : `care-${k % 7}`,
      customer_id: `c${k % 4000}`,
      started_at: new Date(start + k * 517_000).toISOString(),
      handle_time_s: k === 17 ? 864_000 : 240 + (k % 13) * 31,
      wait_time_s: 20 + (k % 11) * 7,
      text: `Customer: ${CUSTOMER[k % CUSTOMER.length]}\nAgent: ${AGENT[k % AGENT.length]}\nCustomer: ok`,
    }));
  }
  for (let i = 0; i < records.length; i += 2000) await upsertInteractions(db, records.slice(i, i + 2000), 'hostile');
  // Twelve distinct conversations (h0 … h11; record k is a copy of record k mod 12): score those with
  // the real scorer, and copy their scores to the rest in SQL, which is what keeps this fast.
  const scorer = createScorer();
  await writeResults(db, SCORER_VERSION, records.slice(0, 12).map((x) => scorer.score(x, { priorContacts: 0 })), []);
  await db.query(
    `INSERT INTO scores (interaction_id, scorer_version, sentiment, sentiment_label, customer_sentiment, agent_sentiment,
       customer_start, customer_end, customer_shift, trajectory, empathy_applicable, empathy, empathy_statements,
       ownership_statements, effort, predicted_ces, intent, intent_confidence, detail)
     SELECT i.interaction_id, s.scorer_version, s.sentiment, s.sentiment_label, s.customer_sentiment, s.agent_sentiment,
       s.customer_start, s.customer_end, s.customer_shift, s.trajectory, s.empathy_applicable, s.empathy, s.empathy_statements,
       s.ownership_statements, s.effort, s.predicted_ces, s.intent, s.intent_confidence, s.detail
     FROM interactions i JOIN scores s ON s.interaction_id = 'h' || (substr(i.interaction_id, 2)::int % 12)
     WHERE substr(i.interaction_id, 2)::int >= 12`,
  );
  return {
    db,
    url: fresh.url,
    async close() {
      await db.close();
      await fresh.drop();
    },
  };
}
