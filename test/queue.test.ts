/**
 * Retry policy on the real Redis (BullMQ) and in-process: a transient failure is retried with
 * backoff, bad data fails once and is not retried.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBullQueue, startBullWorker } from '../queue/bullmq.ts';
import { PermanentJobError } from '../lib/errors.ts';
import { createInProcessQueue } from '../queue/in-process.ts';
import { REDIS_URL, freshRedis } from './services.ts';

describe(`BullMQ queue on Redis (${REDIS_URL})`, () => {
  let redis: Awaited<ReturnType<typeof freshRedis>>;
  beforeAll(async () => (redis = await freshRedis()));
  afterAll(async () => redis?.flush());

  it('retries a transient failure and gives up at once on bad data; the same chunk is queued once', async () => {
    const q = await openBullQueue(redis.url, 'test', redis.prefix);
    const calls = new Map<string, number>();
    const failed: string[] = [];
    const worker = await startBullWorker({
      redisUrl: redis.url,
      prefix: redis.prefix,
      concurrency: 2,
      async process({ ids }) {
        const n = (calls.get(ids[0]!) ?? 0) + 1;
        calls.set(ids[0]!, n);
        if (ids[0] === 'flaky' && n === 1) throw new Error('connection reset');
        if (ids[0] === 'bad') throw new PermanentJobError('job data must hold an array of interaction ids');
      },
      onFailed: (job) => failed.push(job!.data.ids[0]!),
    });
    try {
      expect(await q.add([['flaky'], ['bad'], ['fine']])).toBe(3);
      await q.add([['fine']]); // same chunk again: same job id, not queued twice
      const deadline = Date.now() + 20_000;
      while ((await q.pending()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await q.pending()).toBe(0);
      expect(calls.get('flaky')).toBe(2);
      expect(calls.get('bad')).toBe(1);
      expect(calls.get('fine')).toBe(1);
      expect(failed).toEqual(['flaky', 'bad']); // flaky's first attempt, then bad once, with no retry
      expect(await q.queue.getFailedCount()).toBe(1);
    } finally {
      await worker.close();
      await q.close();
    }
  });
});

describe('in-process queue', () => {
  it('retries a transient failure with backoff and does not retry bad data', async () => {
    const calls = new Map<string, number>();
    const gaveUp: string[] = [];
    const q = createInProcessQueue({
      concurrency: 2,
      backoffMs: 5,
      async process(ids) {
        const n = (calls.get(ids[0]!) ?? 0) + 1;
        calls.set(ids[0]!, n);
        if (ids[0] === 'flaky' && n < 3) throw new Error('connection reset');
        if (ids[0] === 'bad') throw new PermanentJobError('bad job');
      },
      onFailed: (ids) => gaveUp.push(ids[0]!),
    });
    await q.add([['flaky'], ['bad'], ['fine']]);
    await q.drain();
    expect(Object.fromEntries(calls)).toEqual({ flaky: 3, bad: 1, fine: 1 });
    expect(gaveUp).toEqual(['bad']);
    expect(await q.pending()).toBe(0);
  });
});
