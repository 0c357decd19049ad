/** `voc worker` and `voc requeue`. */
import { fmt, Progress } from '../ingest/progress.ts';
import { chunks } from '../queue/jobs.ts';
import type { Config } from '../store/config.ts';
import { unscoredIds } from '../store/interactions.ts';
import { clearFailures } from '../store/scores.ts';
import { openStore } from '../store/open.ts';
import { openBullQueue } from '../queue/bullmq.ts';
import { startWorker } from '../workers/worker.ts';
import { openRuntime } from '../workers/runtime.ts';
import { loadScorer } from '../workers/scorer.ts';
import { drainWithProgress } from './run-ingest.ts';

export interface WorkerCliOptions {
  concurrency?: number;
  exitWhenIdle?: boolean;
}

export async function runWorker(config: Config, opts: WorkerCliOptions): Promise<void> {
  if (!config.redisUrl) {
    console.error('voc worker: no REDIS_URL, so scoring the stored interactions that lack a score in this process');
    await runRequeue(config, { concurrency: opts.concurrency });
    return;
  }
  const db = await openStore(config, { poolSize: (opts.concurrency ?? 1) + 2 });
  const progress = new Progress();
  const totals = { scored: 0, failed: 0, skipped: 0 };
  const started = Date.now();
  let scorer: Awaited<ReturnType<typeof loadScorer>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  try {
    scorer = await loadScorer(db, config);
    worker = await startWorker({
      redisUrl: config.redisUrl,
      queuePrefix: config.queuePrefix,
      db,
      scorer,
      concurrency: opts.concurrency,
      repeatWindowDays: config.repeatWindowDays,
      onChunk: (r) => {
        totals.scored += r.scored;
        totals.failed += r.failed;
        totals.skipped += r.skipped;
        const rate = totals.scored / Math.max((Date.now() - started) / 1000, 1e-3);
        progress.update(() => `worker: ${fmt(totals.scored)} scored, ${fmt(totals.failed)} failed (${fmt(Math.round(rate))}/s)`);
      },
      onError: (message) => console.error(`voc worker: ${message}`),
    });
  } catch (err) {
    await db.close();
    throw err;
  }
  const watcher = opts.exitWhenIdle ? await openBullQueue(config.redisUrl, scorer.version, config.queuePrefix) : null;
  console.error(`voc worker: scorer ${scorer.version}, concurrency ${opts.concurrency ?? 1}, waiting for work (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      clearInterval(idleTimer);
      await worker.close();
      await watcher?.close();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // --exit-when-idle: stop once the queue has had nothing waiting, running or delayed for two polls.
    let idlePolls = 0;
    const idleTimer = setInterval(async () => {
      if (!watcher || stopping) return;
      const pending = await watcher.pending().catch(() => 1);
      idlePolls = pending === 0 ? idlePolls + 1 : 0;
      if (idlePolls >= 2) void stop();
    }, 1000);
  });
  progress.done();
  console.error(`voc worker: stopped after scoring ${fmt(totals.scored)} (${fmt(totals.failed)} failed)`);
  await db.close();
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
      await rt.queue.add([...chunks(page, config.chunkSize)], tag);
      queued += page.length;
      progress.update(() => `requeue: ${fmt(queued)} queued, ${fmt(rt.totals.scored)} scored`);
    }
    await drainWithProgress(rt, progress, () => `requeue: ${fmt(queued)} queued, ${fmt(rt.totals.scored)} scored`);
    progress.done();
    console.log(
      rt.inProcess
        ? `scored ${fmt(rt.totals.scored)} of ${fmt(queued)} interactions that lacked a score for ${rt.scorer.version}`
        : `queued ${fmt(queued)} interactions that lack a score for ${rt.scorer.version}; \`voc worker\` scores them`,
    );
  } finally {
    await rt.close();
  }
}
