/** Scores and scoring failures in PostgreSQL, written a chunk at a time in one transaction. */
import type { InteractionScores } from '../pipeline/types.ts';
import type { Queryable } from './db.ts';
import { commitCueIds, encodeDetail } from './score-detail.ts';
import { foldSummaries } from './summaries.ts';

/** The columns of the unnested arrays written, x1 … x23. */
const X = Array.from({ length: 23 }, (_, k) => `x${k + 1}`);

export interface ScoreFailure {
  interaction_id: string;
  error: string;
}

/**
 * Writes a chunk's scores (one row per interaction, the detail in its compact form, its evidence cut from the
 * stored turn texts) and failures. Rows that already
 * exist for the same scorer version are left as they are, so a retried chunk writes nothing twice.
 */
export async function writeResults(
  db: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> },
  version: string,
  scores: InteractionScores[],
  failures: ScoreFailure[],
): Promise<void> {
  if (scores.length === 0 && failures.length === 0) return;
  const col = <T>(f: (s: InteractionScores) => T) => scores.map(f);
  // A declined interaction's figures are NULL, not the empty placeholders of its result.
  const fig = <T>(f: (s: InteractionScores) => T) => scores.map((s) => (s.not_scored ? null : f(s)));
  // New cue names are committed first, in a short transaction of their own.
  const ids = await commitCueIds(db, scores);
  await db.transaction(async (tx) => {
    // Failures first: the score insert takes the summaries' shared lock, and nothing after it waits on
    // an interaction row that a delete may hold.
    if (failures.length > 0) {
      await tx.query(
        `INSERT INTO score_failures (interaction_id, scorer_version, error)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
        [failures.map((f) => f.interaction_id), failures.map(() => version), failures.map((f) => f.error)],
      );
    }
    if (scores.length > 0) {
      // The stored turn texts, which the evidence is kept as offsets into.
      const { rows } = await tx.query<{ interaction_id: string; texts: string[] }>(
        'SELECT interaction_id, texts FROM interaction_turns WHERE interaction_id = ANY($1::text[])',
        [scores.map((s) => s.interaction_id)],
      );
      const texts = new Map(rows.map((r) => [r.interaction_id, r.texts]));
      const stored = scores.map((s) => encodeDetail(s, ids, texts.get(s.interaction_id)));
      await tx.query(
        `INSERT INTO scores (interaction_id, scorer_version, sentiment, sentiment_label, customer_sentiment,
           agent_sentiment, customer_start, customer_end, customer_shift, trajectory, empathy_applicable, empathy,
           empathy_statements, ownership_statements, effort, predicted_ces, intent, intent_confidence, detail,
           language, script, not_scored, detail_packed)
         SELECT ${X.slice(0, 22).join(', ')}, decode(x23, 'base64') FROM unnest($1::text[], $2::text[], $3::real[], $4::text[], $5::real[], $6::real[], $7::real[],
           $8::real[], $9::real[], $10::text[], $11::boolean[], $12::real[], $13::real[], $14::real[], $15::real[],
           $16::real[], $17::text[], $18::real[], $19::json[], $20::text[], $21::text[], $22::text[], $23::text[]) AS u(${X.join(', ')})
         ON CONFLICT (interaction_id, scorer_version) DO NOTHING`,
        [
          col((s) => s.interaction_id), col(() => version), fig((s) => s.sentiment.score), fig((s) => s.sentiment.label),
          col((s) => s.sentiment.speakers.customer?.score ?? null), col((s) => s.sentiment.speakers.agent?.score ?? null),
          col((s) => s.sentiment.customer_start), col((s) => s.sentiment.customer_end), col((s) => s.sentiment.customer_shift),
          col((s) => s.sentiment.trajectory), col((s) => s.empathy.applicable), col((s) => s.empathy.score),
          col((s) => s.empathy.empathy_statements), col((s) => s.empathy.ownership_statements), fig((s) => s.effort.score),
          fig((s) => s.effort.predicted_ces), fig((s) => s.intent.primary), fig((s) => s.intent.confidence),
          stored.map((x) => x.detail), col((s) => s.language.language), col((s) => s.language.script), col((s) => s.not_scored),
          stored.map((x) => x.packed.toString('base64')),
        ],
      );
    }
  });
  // The summary deltas this chunk (and the ingest) wrote, into the summaries: readers then add up few.
  await db.transaction((tx) => foldSummaries(tx));
}

/** Forgets the recorded failures of `version`, so that `voc requeue --failed` scores those interactions again. */
export async function clearFailures(db: Queryable, version: string): Promise<void> {
  await db.query('DELETE FROM score_failures WHERE scorer_version = $1', [version]);
}
