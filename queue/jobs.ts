/**
 * The scoring work as queued: one job per chunk of interaction ids (`Config.chunkSize`). A chunk of a
 * few hundred makes the queue's own cost vanish next to scoring (PERF.md: a job costs a few hundred
 * microseconds).
 */
import { createHash } from 'node:crypto';

export const QUEUE_NAME = 'voc-score';

export interface ScoreJobData {
  ids: string[];
  /** The scorer version the chunk was queued for; a worker of another version leaves it to requeue. */
  version: string;
}

/** Transient failures (a database restart, a dropped connection) are retried with exponential backoff. */
export const RETRY = { attempts: 6, backoffMs: 1000 } as const;

/**
 * The same chunk queued twice under the same tag gets the same id, and the queue keeps only one.
 * Ingest uses one tag, so a re-ingest is a no-op; each requeue uses a tag of its own, so that work
 * whose earlier job is still remembered as completed is queued again.
 */
export function chunkJobId(version: string, ids: string[], tag = 'ingest'): string {
  return `score-${version}-${tag}-${createHash('sha1').update(ids.join('\n')).digest('base64url')}`;
}

export function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

export interface ScoreQueue {
  /** Queues chunks of ids; returns how many chunks were queued. `tag`: see chunkJobId. */
  add(chunks: string[][], tag?: string): Promise<number>;
  /** Resolves when every chunk added so far has been processed (in-process queue) or handed over (Redis). */
  drain(): Promise<void>;
  /** Chunks not yet finished: waiting, running or waiting to be retried. */
  pending(): Promise<number>;
  close(): Promise<void>;
}
