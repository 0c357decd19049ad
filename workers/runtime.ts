/**
 * Wiring for the commands that move work: the store, the scorer and the queue, chosen from the
 * configuration (Redis + PostgreSQL servers, or the in-process queue and embedded PostgreSQL).
 */
import type { Scorer } from '../pipeline/score.ts';
import type { Config } from '../store/config.ts';
import type { Db } from '../store/db.ts';
import { openStore } from '../store/open.ts';
import { openBullQueue } from '../queue/bullmq.ts';
import { createInProcessQueue } from '../queue/in-process.ts';
import type { ScoreQueue } from '../queue/jobs.ts';
import { UsageError } from '../lib/errors.ts';
import { processChunk, type ChunkResult } from './processor.ts';
import { loadScorer } from './scorer.ts';

export interface Runtime {
  db: Db;
  scorer: Scorer;
  queue: ScoreQueue;
  /** True when the queue is in this process (no REDIS_URL): adding work also does it. */
  inProcess: boolean;
  /** Totals of the chunks processed in this process. */
  totals: ChunkResult & { chunkErrors: number };
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Chunks scored at once in this process. @defaultValue 1 */
  concurrency?: number;
  onChunk?(result: ChunkResult): void;
  onChunkError?(ids: string[], err: Error): void;
  /** Aborting it ends any wait for a lost database (on SIGINT / SIGTERM). */
  signal?: AbortSignal;
}

export function assertUsableConfig(config: Config): void {
  if (config.redisUrl && !config.databaseUrl) {
    throw new UsageError(
      'REDIS_URL is set but DATABASE_URL is not: workers in other processes cannot open the embedded database. ' +
        'Set DATABASE_URL to a PostgreSQL server, or unset REDIS_URL to score in-process.',
    );
  }
}

export async function openRuntime(config: Config, opts: RuntimeOptions = {}): Promise<Runtime> {
  assertUsableConfig(config);
  const concurrency = opts.concurrency ?? 1;
  const db = await openStore(config, { poolSize: concurrency + 2, signal: opts.signal });
  let scorer: Scorer;
  try {
    scorer = await loadScorer(db, config);
  } catch (err) {
    await db.close();
    throw err;
  }
  const totals = { scored: 0, failed: 0, skipped: 0, chunkErrors: 0 };
  let queue: ScoreQueue;
  try {
    queue = config.redisUrl
      ? await openBullQueue(config.redisUrl, scorer.version, config.queuePrefix)
      : createInProcessQueue({
          concurrency,
          process: async (ids) => {
            const r = await processChunk({ db, scorer, repeatWindowDays: config.repeatWindowDays }, ids);
            totals.scored += r.scored;
            totals.failed += r.failed;
            totals.skipped += r.skipped;
            opts.onChunk?.(r);
          },
          onFailed: (ids, err) => {
            totals.chunkErrors++;
            opts.onChunkError?.(ids, err);
          },
        });
  } catch (err) {
    await db.close();
    throw err;
  }
  return {
    db,
    scorer,
    queue,
    inProcess: !config.redisUrl,
    totals,
    async close() {
      await queue.close();
      await db.close();
    },
  };
}
