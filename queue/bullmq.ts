/**
 * The scoring queue in Redis through BullMQ, for any number of `voc worker` processes on any machines.
 *
 * Redis going away is waited out, never fatal: the connection reconnects with backoff for as long as
 * it takes, commands wait in ioredis' offline queue meanwhile, and the process says once that Redis is
 * gone and once that it is back.
 */
import { DelayedError, Queue, UnrecoverableError, Worker, type Job, type JobType } from 'bullmq';
import { Redis } from 'ioredis';
import { redactUrl } from '../lib/url.ts';
import { Outage, RECONNECT, ShutdownError, isConnectionError } from '../lib/transient.ts';
import { PermanentJobError, QueueConnectionError } from '../lib/errors.ts';
import { QUEUE_NAME, RETRY, chunkJobId, type ScoreJobData, type ScoreQueue } from './jobs.ts';

/**
 * How the queue treats a worker that stops renewing its lock (killed, frozen): after `lockMs` its chunk
 * is taken back and given to another worker, up to `maxStalledCount` times before the chunk is failed
 * (BullMQ's default of 1 failed a chunk for good after its worker was killed twice). A chunk failed
 * that way is still found by the workers' sweep (workers/sweep.ts).
 */
export const STALLS = {
  /** @defaultValue 30 s (`voc worker --stall-seconds`) */
  lockMs: 30_000,
  /** @defaultValue 10 */
  maxStalledCount: 10,
} as const;

export interface RedisOptions {
  /** Where the once-per-outage messages go. @defaultValue stderr */
  log?: (message: string) => void;
}

/**
 * A Redis connection that never gives up: it connects in the background, reconnects with backoff
 * after any loss, and keeps commands waiting until Redis answers. One line is logged when Redis goes
 * away, one when it is back.
 */
export function connectRedis(url: string, opts: RedisOptions = {}): Redis {
  const outage = new Outage(`Redis at ${redactUrl(url)}`, opts.log);
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: (n) => Math.min(RECONNECT.firstDelayMs * 2 ** Math.min(n, 10), RECONNECT.maxDelayMs),
  });
  redis.on('error', (err) => outage.failed(err));
  redis.on('ready', () => outage.recovered());
  return redis;
}

/**
 * A connection for a quick look (`voc status`): one attempt with a short timeout, and a clear error
 * when Redis is not there.
 */
export async function connectRedisOnce(url: string, timeoutMs = 2000): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: timeoutMs, retryStrategy: () => null });
  redis.on('error', () => {}); // reported by connect() below
  try {
    await redis.connect();
    await redis.ping();
  } catch (cause) {
    redis.disconnect();
    throw new QueueConnectionError(`cannot reach Redis at ${redactUrl(url)}: ${(cause as Error).message}`, { cause });
  }
  return redis;
}

const LIVE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

export interface BullScoreQueue extends ScoreQueue {
  queue: Queue<ScoreJobData>;
  /** Ids in a chunk of `version` that is waiting, running or waiting to be retried. */
  liveIds(version: string): Promise<Set<string>>;
  /** Ids in a chunk of `version` that failed for good, and those of them whose chunk the sweep had queued. */
  failedIds(version: string): Promise<{ all: Set<string>; bySweep: Set<string> }>;
}

function jobQueueOptions(prefix?: string) {
  return prefix ? { prefix } : {};
}

export async function openBullQueue(redisUrl: string, version: string, prefix?: string, opts: RedisOptions = {}): Promise<BullScoreQueue> {
  const connection = connectRedis(redisUrl, opts);
  return bullQueueOn(connection, version, prefix, () => connection.disconnect());
}

/** Opens the queue for a quick look, failing at once when Redis is not reachable (`voc status`). */
export async function inspectBullQueue(redisUrl: string, version: string, prefix?: string): Promise<BullScoreQueue> {
  const connection = await connectRedisOnce(redisUrl);
  return bullQueueOn(connection, version, prefix, () => connection.disconnect());
}

function bullQueueOn(connection: Redis, version: string, prefix: string | undefined, disconnect: () => void): BullScoreQueue {
  const queue = new Queue<ScoreJobData>(QUEUE_NAME, {
    connection,
    ...jobQueueOptions(prefix),
    defaultJobOptions: {
      attempts: RETRY.attempts,
      backoff: { type: 'exponential', delay: RETRY.backoffMs },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
  queue.on('error', () => {}); // the connection's own listener reports outages
  const idsOf = async (states: readonly JobType[], v: string, each?: (job: Job<ScoreJobData>) => void) => {
    const ids = new Set<string>();
    const jobs = await queue.getJobs([...states], 0, -1);
    for (const job of jobs) {
      if (!job?.data || job.data.version !== v || !Array.isArray(job.data.ids)) continue;
      for (const id of job.data.ids) ids.add(id);
      each?.(job);
    }
    return ids;
  };
  return {
    queue,
    async add(chunks, addOpts = {}) {
      if (chunks.length === 0) return 0;
      const tag = addOpts.tag ?? 'ingest';
      await queue.addBulk(
        chunks.map((ids) => ({ name: 'score', data: { ids, version, tag }, opts: { jobId: chunkJobId(version, ids, tag, addOpts.revisions) } })),
      );
      return chunks.length;
    },
    async drain() {},
    async pending() {
      const c = await queue.getJobCounts(...LIVE_STATES);
      return Object.values(c).reduce((a, b) => a + b, 0);
    },
    liveIds: (v) => idsOf(LIVE_STATES, v),
    async failedIds(v) {
      const bySweep = new Set<string>();
      const all = await idsOf(['failed'], v, (job) => {
        if (job.data.tag === 'sweep') job.data.ids.forEach((id) => bySweep.add(id));
      });
      return { all, bySweep };
    },
    async close() {
      await queue.close().catch(() => {});
      disconnect();
    },
  };
}

export interface BullWorkerOptions {
  redisUrl: string;
  /** Chunks processed at once by this process. @defaultValue 1 */
  concurrency?: number;
  prefix?: string;
  /** How long a chunk's lock lasts without renewal before another worker takes it. @defaultValue STALLS.lockMs */
  lockMs?: number;
  log?: (message: string) => void;
  process(data: ScoreJobData): Promise<void>;
  onFailed?(job: Job<ScoreJobData> | undefined, err: Error): void;
}

export async function startBullWorker(opts: BullWorkerOptions): Promise<Worker<ScoreJobData>> {
  const log = opts.log ?? ((m: string) => console.error(`voc: ${m}`));
  const connection = connectRedis(opts.redisUrl, { log });
  const lockMs = opts.lockMs ?? STALLS.lockMs;
  const worker = new Worker<ScoreJobData>(
    QUEUE_NAME,
    async (job, token) => {
      try {
        await opts.process(job.data);
      } catch (err) {
        if (err instanceof PermanentJobError) throw new UnrecoverableError(err.message);
        if (err instanceof ShutdownError && token) {
          // Stopping while the database is away: hand the chunk back without spending an attempt.
          await job.moveToDelayed(Date.now() + 1000, token);
          throw new DelayedError();
        }
        throw err;
      }
    },
    {
      connection,
      concurrency: opts.concurrency ?? 1,
      lockDuration: lockMs,
      stalledInterval: lockMs,
      maxStalledCount: STALLS.maxStalledCount,
      ...jobQueueOptions(opts.prefix),
    },
  );
  worker.on('closed', () => connection.disconnect());
  if (opts.onFailed) worker.on('failed', opts.onFailed);
  worker.on('error', (err) => {
    // Connection losses are reported once per outage by the connection; anything else is said here.
    if (!isConnectionError(err)) log(`queue error: ${err.message}`);
  });
  return worker;
}
