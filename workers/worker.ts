/**
 * `voc worker`: takes chunks from the Redis queue and scores them until stopped (SIGINT / SIGTERM
 * finish the chunks in hand, or hand them back when the database is away, then exit). Run as many as
 * you like, on as many machines as you like.
 */
import type { Worker } from 'bullmq';
import type { Scorer } from '../pipeline/score.ts';
import { startBullWorker } from '../queue/bullmq.ts';
import type { ScoreJobData } from '../queue/jobs.ts';
import type { Db } from '../store/db.ts';
import { processChunk, type ChunkResult } from './processor.ts';

export interface WorkerOptions {
  redisUrl: string;
  db: Db;
  scorer: Scorer;
  /** Chunks scored at once. @defaultValue 1 */
  concurrency?: number;
  /** `Config.repeatWindowDays`. */
  repeatWindowDays: number;
  queuePrefix?: string;
  /** See BullWorkerOptions.lockMs. */
  lockMs?: number;
  log?: (message: string) => void;
  onChunk?(result: ChunkResult): void;
  onError?(message: string): void;
}

export async function startWorker(opts: WorkerOptions): Promise<Worker<ScoreJobData>> {
  const { scorer } = opts;
  return startBullWorker({
    redisUrl: opts.redisUrl,
    concurrency: opts.concurrency,
    prefix: opts.queuePrefix,
    lockMs: opts.lockMs,
    log: opts.log,
    async process(data) {
      // A chunk queued for another scorer version is left to `voc requeue` under that version.
      if (data.version !== scorer.version) return;
      const r = await processChunk({ db: opts.db, scorer, repeatWindowDays: opts.repeatWindowDays }, data.ids);
      opts.onChunk?.(r);
    },
    onFailed: (job, err) =>
      opts.onError?.(`chunk ${job?.id ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'}): ${err.message}`),
  });
}
