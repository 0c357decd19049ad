/**
 * The no-server queue: the same processor, called in this process with a concurrency limit and the
 * same retry policy as the Redis queue.
 */
import { ShutdownError } from '../lib/transient.ts';
import { PermanentJobError } from '../lib/errors.ts';
import { RETRY, type ScoreQueue } from './jobs.ts';

export interface InProcessQueueOptions {
  /** Chunks processed at once. @defaultValue 1 */
  concurrency?: number;
  process(ids: string[]): Promise<void>;
  /** Called when a chunk failed for good (after its retries). */
  onFailed?(ids: string[], err: Error): void;
  /** Base delay of the exponential backoff. @defaultValue RETRY.backoffMs */
  backoffMs?: number;
  /** Chunks waiting beyond which `ready()` waits. @defaultValue 4 × concurrency */
  maxWaiting?: number;
}

export function createInProcessQueue(opts: InProcessQueueOptions): ScoreQueue {
  const concurrency = opts.concurrency ?? 1;
  const backoffMs = opts.backoffMs ?? RETRY.backoffMs;
  const waiting: string[][] = [];
  let running = 0;
  let idle: (() => void)[] = [];
  const maxWaiting = opts.maxWaiting ?? 4 * concurrency;
  let roomy: (() => void)[] = [];
  let closed = false;

  async function runOne(ids: string[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await opts.process(ids);
      } catch (err) {
        // Shutting down while the database is away: the chunk stays stored and unscored for the next run.
        if (err instanceof ShutdownError) return;
        if (err instanceof PermanentJobError || attempt >= RETRY.attempts) {
          opts.onFailed?.(ids, err as Error);
          return;
        }
        await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 1)));
      }
    }
  }

  function pump(): void {
    while (running < concurrency && waiting.length > 0) {
      const ids = waiting.shift()!;
      running++;
      void runOne(ids).finally(() => {
        running--;
        pump();
      });
    }
    if (waiting.length < maxWaiting || closed) {
      const go = roomy;
      roomy = [];
      go.forEach((f) => f());
    }
    if (running === 0 && waiting.length === 0) {
      const done = idle;
      idle = [];
      done.forEach((f) => f());
    }
  }

  return {
    async add(chunks) {
      waiting.push(...chunks);
      pump();
      return chunks.length;
    },
    ready: () => (waiting.length < maxWaiting || closed ? Promise.resolve() : new Promise<void>((r) => roomy.push(r))),
    drain: () => (running === 0 && waiting.length === 0 ? Promise.resolve() : new Promise<void>((r) => idle.push(r))),
    pending: async () => running + waiting.length,
    // Chunks not started are dropped (they stay stored without a score, and the next ingest or
    // `voc worker` scores them); the ones running are finished.
    async close() {
      closed = true;
      waiting.length = 0;
      pump();
      if (running > 0) await new Promise<void>((r) => idle.push(r));
    },
  };
}
