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
  /** Who queued it: `ingest`, `sweep`, `requeue-…` (see chunkJobId). */
  tag?: string;
}

/** Transient failures (a database restart, a dropped connection) are retried with exponential backoff. */
export const RETRY = { attempts: 6, backoffMs: 1000 } as const;

/**
 * The same chunk of the same content queued twice under the same tag gets the same id, and the queue
 * keeps only one. The id includes each interaction's revision (migrations/003), so a corrected row is
 * queued under a new id and rescored even while the job that scored its old content is still
 * remembered as completed; each requeue uses a tag of its own for the same reason.
 */
export function chunkJobId(version: string, ids: string[], tag = 'ingest', revisions?: ReadonlyMap<string, number>): string {
  const key = revisions ? ids.map((id) => `${id}\u0000${revisions.get(id) ?? ''}`) : ids;
  return `score-${version}-${tag}-${createHash('sha1').update(key.join('\n')).digest('base64url')}`;
}

export interface AddOptions {
  /** Who queues: part of the job id. @defaultValue `ingest` */
  tag?: string;
  /** The stored revision of each id, part of the job id (see chunkJobId). */
  revisions?: ReadonlyMap<string, number>;
}

export function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

export interface ScoreQueue {
  /** Queues chunks of ids; returns how many chunks were handed to the queue. */
  add(chunks: string[][], opts?: AddOptions): Promise<number>;
  /**
   * Resolves when the queue takes more work without growing past a few chunks waiting: the in-process
   * queue scores as fast as it can, and the ingest waits for it rather than holding the ids of the
   * whole file. Absent: the queue keeps any backlog itself (Redis).
   */
  ready?(): Promise<void>;
  /** Resolves when every chunk added so far has been processed (in-process queue) or handed over (Redis). */
  drain(): Promise<void>;
  /** Chunks not yet finished: waiting, running or waiting to be retried. */
  pending(): Promise<number>;
  close(): Promise<void>;
}
