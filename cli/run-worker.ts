/** `voc worker` and `voc requeue`. */
import { fmt, Progress } from '../ingest/progress.ts';
import { chunks } from '../queue/jobs.ts';
import type { Config } from '../store/config.ts';
import { unscoredIds } from '../store/interactions.ts';
import { clearFailures } from '../store/scores.ts';
import { openStore } from '../store/open.ts';
import { openBullQueue, type BullScoreQueue } from '../queue/bullmq.ts';
import { SWEEP, sweep } from '../workers/sweep.ts';
import { startWorker } from '../workers/worker.ts';
import { openRuntime } from '../workers/runtime.ts';
import { loadScorer } from '../workers/scorer.ts';
import { alertsAfterIngest, alertsAfterScoring } from './run-alerts.ts';
import { drainWithProgress } from './run-ingest.ts';

export interface WorkerCliOptions {
  concurrency?: number;
  exitWhenIdle?: boolean;
  /** Seconds between sweeps for stored work that is neither scored nor queued. @defaultValue SWEEP.everySeconds */
  sweepEvery?: number;
  /** Seconds an interaction must have been stored before the sweep may queue it. @defaultValue SWEEP.graceSeconds */
  sweepGrace?: number;
  /** Seconds without a sign of life before a worker's chunk goes to another worker. @defaultValue STALLS.lockMs / 1000 */
  stallSeconds?: number;
  /** Seconds between alert checks while new scores arrive (when an alerts file is present). @defaultValue 60 */
  alertsEvery?: number;
}

const log = (m: string) => console.error(`voc worker: ${m}`);

/** How long a stopping worker waits for the queue to take back its chunks before it exits anyway. */
const STOP_PATIENCE_MS = 15_000;

export async function runWorker(config: Config, opts: WorkerCliOptions): Promise<void> {
  if (!config.redisUrl) {
    console.error('voc worker: no REDIS_URL, so scoring the stored interactions that lack a score in this process');
    await runRequeue(config, { concurrency: opts.concurrency });
    return;
  }
  const redisUrl = config.redisUrl;
  // SIGINT / SIGTERM: stop taking chunks, finish the ones in hand — or, while the database is away,
  // hand them back to the queue — then close the pools. A second signal exits at once.
  const shutdown = new AbortController();
  const db = await openStore(config, { poolSize: (opts.concurrency ?? 1) + 3, log, signal: shutdown.signal });
  const progress = new Progress();
  const totals = { scored: 0, failed: 0, skipped: 0 };
  const started = Date.now();
  let scorer: Awaited<ReturnType<typeof loadScorer>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let queue: BullScoreQueue;
  let alerts: ReturnType<typeof alertsAfterScoring>;
  try {
    scorer = await loadScorer(db, config);
    alerts = alertsAfterScoring(db, scorer.version, (opts.alertsEvery ?? 60) * 1000);
    queue = await openBullQueue(redisUrl, scorer.version, config.queuePrefix, { log: () => {} }); // the worker's own connection reports outages
    worker = await startWorker({
      redisUrl,
      queuePrefix: config.queuePrefix,
      db,
      scorer,
      concurrency: opts.concurrency,
      repeatWindowDays: config.repeatWindowDays,
      lockMs: opts.stallSeconds ? opts.stallSeconds * 1000 : undefined,
      log,
      onChunk: (r) => {
        totals.scored += r.scored;
        totals.failed += r.failed;
        totals.skipped += r.skipped;
        alerts.scored(r.scored);
        const rate = totals.scored / Math.max((Date.now() - started) / 1000, 1e-3);
        progress.update(() => `worker: ${fmt(totals.scored)} scored, ${fmt(totals.failed)} failed (${fmt(Math.round(rate))}/s)`);
      },
      onError: (message) => log(message),
    });
  } catch (err) {
    await db.close();
    throw err;
  }
  const graceMs = (opts.sweepGrace ?? SWEEP.graceSeconds) * 1000;
  let sweeping: Promise<number> | null = null;
  const sweepNow = (): Promise<number> =>
    (sweeping ??= sweep({ db, queue, version: scorer.version, graceMs, chunkSize: config.chunkSize })
      .then((n) => {
        if (n > 0) log(`sweep: queued ${fmt(n)} stored interaction(s) that had neither a score nor a job`);
        return n;
      })
      .catch((err) => {
        if (!shutdown.signal.aborted) log(`sweep failed (will try again): ${(err as Error).message}`);
        return -1;
      })
      .finally(() => (sweeping = null)));
  console.error(`voc worker: scorer ${scorer.version}, concurrency ${opts.concurrency ?? 1}, waiting for work (Ctrl-C to stop)`);
  let signalled: string | null = null;
  let closedInTime = true;
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      clearInterval(idleTimer);
      clearInterval(sweepTimer);
      shutdown.abort();
      // While Redis is away a chunk cannot be marked done: stop waiting after a while (its lock runs
      // out and another worker takes it; the result already written is kept). A sweep waiting for
      // Redis is not waited for long either: it only adds jobs, and runs again later.
      const patience = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());
      closedInTime = await Promise.race([worker.close().then(() => true), patience(STOP_PATIENCE_MS).then(() => false)]);
      await Promise.race([sweeping, patience(5000)]);
      resolve();
    };
    const onSignal = (name: string) => {
      if (signalled) {
        log(`${name} again: exiting now`);
        process.exit(130);
      }
      signalled = name;
      log(`${name}: finishing the chunks in hand, then stopping`);
      void stop();
    };
    process.on('SIGINT', () => onSignal('SIGINT'));
    process.on('SIGTERM', () => onSignal('SIGTERM'));
    const sweepTimer = setInterval(() => void sweepNow(), (opts.sweepEvery ?? SWEEP.everySeconds) * 1000);
    void sweepNow();
    // --exit-when-idle: stop once the queue has had nothing waiting, running or delayed for two polls
    // and a sweep finds nothing left to queue.
    let idlePolls = 0;
    const idleTimer = setInterval(async () => {
      if (!opts.exitWhenIdle || stopping) return;
      const pending = await queue.pending().catch(() => 1);
      idlePolls = pending === 0 ? idlePolls + 1 : 0;
      if (idlePolls >= 2 && (await sweepNow()) === 0) void stop();
    }, 1000);
  });
  progress.done();
  if (closedInTime) await alerts.stop();
  await Promise.race([Promise.all([queue.close(), db.close()]), new Promise((r) => setTimeout(r, 5000).unref())]);
  log(`stopped after scoring ${fmt(totals.scored)} (${fmt(totals.failed)} failed)`);
  // Connections still trying to reach Redis would keep the process alive: leave them.
  if (!closedInTime) process.exit(0);
}

export interface RequeueCliOptions {
  failed?: boolean;
  concurrency?: number;
}

export async function runRequeue(config: Config, opts: RequeueCliOptions): Promise<void> {
  const rt = await openRuntime(config, { concurrency: opts.concurrency });
  const progress = new Progress();
  try {
    if (opts.failed) await clearFailures(rt.db, rt.scorer.version);
    let queued = 0;
    const tag = `requeue-${Date.now().toString(36)}`;
    for await (const page of unscoredIds(rt.db, rt.scorer.version)) {
      await rt.queue.add([...chunks(page, config.chunkSize)], { tag });
      queued += page.length;
      progress.update(() => `requeue: ${fmt(queued)} queued, ${fmt(rt.totals.scored)} scored`);
    }
    const line = () => `requeue: ${fmt(queued)} queued, ${fmt(rt.totals.scored)} scored`;
    await drainWithProgress(rt, progress, line);
    progress.final(line);
    progress.done();
    if (rt.totals.scored > 0) await alertsAfterIngest(rt.db, rt.scorer.version);
    console.log(
      rt.inProcess
        ? `scored ${fmt(rt.totals.scored)} of ${fmt(queued)} interactions that lacked a score for ${rt.scorer.version}`
        : `queued ${fmt(queued)} interactions that lack a score for ${rt.scorer.version}; \`voc worker\` scores them`,
    );
  } finally {
    await rt.close();
  }
}
