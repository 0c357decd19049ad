/** The scoring queue in Redis through BullMQ, for any number of `voc worker` processes on any machines. */
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { redactUrl } from '../lib/url.ts';
import { PermanentJobError, QueueConnectionError } from '../lib/errors.ts';
import { QUEUE_NAME, RETRY, chunkJobId, type ScoreJobData, type ScoreQueue } from './jobs.ts';

/** Opens a Redis connection, failing fast with a clear message when Redis is not there. */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true, retryStrategy: (n) => Math.min(n * 200, 2000) });
  redis.on('error', () => {}); // reconnects are handled by ioredis; commands report their own errors
  try {
    await redis.connect();
    await redis.ping();
  } catch (cause) {
    redis.disconnect();
    throw new QueueConnectionError(
      `cannot connect to Redis at ${redactUrl(url)}: ${(cause as Error).message}. Start Redis, fix REDIS_URL, or unset it to score in-process.`,
      { cause },
    );
  }
  return redis;
}

export async function openBullQueue(redisUrl: string, version: string, prefix?: string): Promise<ScoreQueue & { queue: Queue }> {
  const connection = await connectRedis(redisUrl);
  const queue = new Queue<ScoreJobData>(QUEUE_NAME, {
    connection,
    ...(prefix ? { prefix } : {}),
    defaultJobOptions: {
      attempts: RETRY.attempts,
      backoff: { type: 'exponential', delay: RETRY.backoffMs },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
  return {
    queue,
    async add(chunks, tag) {
      if (chunks.length === 0) return 0;
      await queue.addBulk(chunks.map((ids) => ({ name: 'score', data: { ids, version }, opts: { jobId: chunkJobId(version, ids, tag) } })));
      return chunks.length;
    },
    async drain() {},
    async pending() {
      const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
      return Object.values(c).reduce((a, b) => a + b, 0);
    },
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}

export interface BullWorkerOptions {
  redisUrl: string;
  /** Chunks processed at once by this process. @defaultValue 1 */
  concurrency?: number;
  prefix?: string;
  process(data: ScoreJobData): Promise<void>;
  onFailed?(job: Job<ScoreJobData> | undefined, err: Error): void;
}

export async function startBullWorker(opts: BullWorkerOptions): Promise<Worker<ScoreJobData>> {
  const connection = await connectRedis(opts.redisUrl);
  const worker = new Worker<ScoreJobData>(
    QUEUE_NAME,
    async (job) => {
      try {
        await opts.process(job.data);
      } catch (err) {
        if (err instanceof PermanentJobError) throw new UnrecoverableError(err.message);
        throw err;
      }
    },
    { connection, concurrency: opts.concurrency ?? 1, ...(opts.prefix ? { prefix: opts.prefix } : {}) },
  );
  worker.on('closed', () => connection.disconnect());
  if (opts.onFailed) worker.on('failed', opts.onFailed);
  worker.on('error', () => {}); // connection errors are retried by ioredis
  return worker;
}
