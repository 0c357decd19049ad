/**
 * The sweep: finds stored interactions that are neither scored nor in the queue, and queues them. It
 * is what makes "nothing lost" hold without a person: an ingest killed between storing a batch and
 * queueing it, a Redis that lost its data (flushed, restarted without persistence), a chunk the queue
 * gave up on — each leaves interactions with no score and no live job, and the next sweep puts them back.
 *
 * Every `voc worker` runs it on a timer; a PostgreSQL advisory lock (taken for the length of one sweep,
 * without waiting) lets one worker at a time do it, so any number of workers sweep once. Correctness
 * does not depend on the lock: a chunk queued twice is scored once (the second finds it scored).
 *
 * An interaction is swept only once it has been stored for `graceMs` (an ingest queues what it stores
 * within moments), and not again after a chunk the sweep queued for it failed for good (`voc status`
 * counts it as failed; `voc requeue` tries it again).
 */
import type { Db } from '../store/db.ts';
import { unscoredOlderThan } from '../store/interactions.ts';
import type { BullScoreQueue } from '../queue/bullmq.ts';
import { chunks } from '../queue/jobs.ts';

/** An arbitrary constant naming voc's sweep lock (the migration lock is …001). */
const SWEEP_LOCK_KEY = 4_207_731_003;

export const SWEEP = {
  /** Seconds between sweeps. @defaultValue 60 */
  everySeconds: 60,
  /** Seconds an interaction must have been stored before a sweep may queue it. @defaultValue 300 */
  graceSeconds: 300,
  /** Interactions looked at per sweep. @defaultValue 50,000 */
  limit: 50_000,
} as const;

export interface SweepOptions {
  db: Db;
  queue: BullScoreQueue;
  version: string;
  /** @defaultValue SWEEP.graceSeconds × 1000 */
  graceMs?: number;
  /** Interactions per queued job (`Config.chunkSize`). */
  chunkSize: number;
  /** @defaultValue SWEEP.limit */
  limit?: number;
}

/** One sweep; returns how many interactions it queued (0 when another worker holds the sweep lock). */
export async function sweep(opts: SweepOptions): Promise<number> {
  const graceMs = opts.graceMs ?? SWEEP.graceSeconds * 1000;
  return opts.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [SWEEP_LOCK_KEY]);
    if (!rows[0]?.ok) return 0;
    const candidates = await unscoredOlderThan(tx, opts.version, graceMs, opts.limit ?? SWEEP.limit);
    if (candidates.length === 0) return 0;
    // Read after the candidates: a chunk that finishes in between only costs a chunk queued twice.
    const live = await opts.queue.liveIds(opts.version);
    const { bySweep } = await opts.queue.failedIds(opts.version);
    const orphans = candidates.filter((c) => !live.has(c.interaction_id) && !bySweep.has(c.interaction_id));
    if (orphans.length === 0) return 0;
    const revisions = new Map(orphans.map((o) => [o.interaction_id, o.revision]));
    const ids = orphans.map((o) => o.interaction_id);
    await opts.queue.add([...chunks(ids, opts.chunkSize)], { tag: 'sweep', revisions });
    return orphans.length;
  });
}
