import type { Queryable } from './db.ts';

/** The counts `voc status` prints; scripts wait on them, so the keys are fixed. */
export interface StatusCounts {
  /** Interactions in the store. */
  stored: number;
  /** Interactions with a score for the current scorer version. */
  scored: number;
  /** Stored interactions still waiting for a score or a failure for the current version. */
  queued: number;
  /** Interactions whose scoring failed on their data for the current version. */
  failed: number;
  /** Input rows that were not stored, over all ingests. */
  rejected: number;
  /** Of the scored, those the scorer declined (a language it does not support), by reason, e.g. `{"language es": 3}`. */
  not_scored: Record<string, number>;
}

export async function statusCounts(db: Queryable, version: string): Promise<StatusCounts> {
  const { rows } = await db.query<Omit<StatusCounts, 'queued' | 'not_scored'>>(
    `SELECT (SELECT count(*)::int FROM interactions) AS stored,
            (SELECT count(*)::int FROM scores s JOIN interactions i USING (interaction_id) WHERE s.scorer_version = $1) AS scored,
            (SELECT count(*)::int FROM score_failures f JOIN interactions i USING (interaction_id) WHERE f.scorer_version = $1) AS failed,
            (SELECT count(*)::int FROM rejects) AS rejected`,
    [version],
  );
  const r = rows[0]!;
  const declined = await db.query<{ reason: string; n: number }>(
    `SELECT not_scored AS reason, count(*)::int AS n FROM scores s JOIN interactions i USING (interaction_id)
     WHERE s.scorer_version = $1 AND s.not_scored IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1`,
    [version],
  );
  const not_scored = Object.fromEntries(declined.rows.map((d) => [d.reason, d.n]));
  return { stored: r.stored, scored: r.scored, queued: r.stored - r.scored - r.failed, failed: r.failed, rejected: r.rejected, not_scored };
}
