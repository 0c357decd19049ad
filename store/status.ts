import type { Queryable } from './db.ts';
import { unscoredIds } from './interactions.ts';

/** The counts `voc status` prints; scripts wait on them, so the keys are fixed. */
export interface StatusCounts {
  /** Interactions in the store. */
  stored: number;
  /** Interactions with a score for the current scorer version. */
  scored: number;
  /** Stored interactions still waiting for a score or a failure for the current version. */
  queued: number;
  /**
   * Interactions whose scoring failed for the current version: on their data (score_failures), or
   * because the queue gave up on their chunk and nothing else holds them.
   */
  failed: number;
  /** Input rows that were not stored, over all ingests. */
  rejected: number;
  /**
   * Of `queued`, those in no live job of the queue (present only when there are some, and only when the
   * queue could be asked): a worker's sweep queues them again, or `voc requeue` does at once.
   */
  unqueued?: number;
  /**
   * Of `scored`, those the scorer declined (a language it has no lexicons for), by reason, e.g.
   * `{"language es": 3}`; present only when there are some. They are in no average.
   */
  not_scored?: Record<string, number>;
}

/** What the queue holds for the current version (Redis), when it could be asked. */
export interface QueueView {
  /** Ids in a chunk that is waiting, running or waiting to be retried. */
  live: Set<string>;
  /** Ids in a chunk the queue failed for good. */
  failed: Set<string>;
}

export async function statusCounts(db: Queryable, version: string, queue?: QueueView): Promise<StatusCounts> {
  const { rows } = await db.query<Omit<StatusCounts, 'queued'>>(
    `SELECT (SELECT count(*)::int FROM interactions) AS stored,
            (SELECT count(*)::int FROM scores s JOIN interactions i USING (interaction_id) WHERE s.scorer_version = $1) AS scored,
            (SELECT count(*)::int FROM score_failures f JOIN interactions i USING (interaction_id) WHERE f.scorer_version = $1) AS failed,
            (SELECT count(*)::int FROM rejects WHERE reason IS NOT NULL) AS rejected`,
    [version],
  );
  const r = rows[0]!;
  let failed = r.failed;
  let unqueued = 0;
  if (queue && r.stored - r.scored - r.failed > 0) {
    for await (const page of unscoredIds(db, version)) {
      for (const id of page) {
        if (queue.live.has(id)) continue;
        if (queue.failed.has(id)) failed++;
        else unqueued++;
      }
    }
  }
  const counts: StatusCounts = { stored: r.stored, scored: r.scored, queued: r.stored - r.scored - failed, failed, rejected: r.rejected };
  if (unqueued > 0) counts.unqueued = unqueued;
  const declined = await db.query<{ reason: string; n: number }>(
    `SELECT not_scored AS reason, count(*)::int AS n FROM scores s JOIN interactions i USING (interaction_id)
     WHERE s.scorer_version = $1 AND s.not_scored IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1`,
    [version],
  );
  if (declined.rows.length > 0) counts.not_scored = Object.fromEntries(declined.rows.map((d) => [d.reason, d.n]));
  return counts;
}
