/**
 * `voc worker`: score queued interactions until stopped.
 */
import type { Command } from 'commander';
import { configFrom, positiveInt, withPipelineOptions } from '../options.ts';

export function register(program: Command): void {
  withPipelineOptions(program.command('worker'))
    .description('score queued interactions from Redis until stopped (Ctrl-C finishes the chunks in hand)')
    .option('--concurrency <n>', 'chunks scored at once', positiveInt('--concurrency'), 1)
    .option('--repeat-window-days <n>', 'an earlier contact by the same customer within this many days is a repeat (default: $VOC_REPEAT_WINDOW_DAYS or 7)', positiveInt('--repeat-window-days'))
    .option('--exit-when-idle', 'exit once nothing is left to score (for scripts and tests)')
    .option('--sweep-every <seconds>', 'how often to look for stored work that is neither scored nor queued', positiveInt('--sweep-every'), 60)
    .option('--sweep-grace <seconds>', 'how long an interaction must have been stored before that look may queue it', positiveInt('--sweep-grace', 0), 300)
    .option('--alerts-every <seconds>', 'while new scores arrive, check the alert rules (when an alerts file is present) at most this often', positiveInt('--alerts-every'), 60)
    .option('--stall-seconds <n>', 'seconds without a sign of life before a worker\'s chunk goes to another worker', positiveInt('--stall-seconds'), 30)
    .addHelpText('after', `
A worker outlives PostgreSQL and Redis going away (a restart, a fail-over): it says so once, waits
with backoff and carries on when they are back. SIGINT / SIGTERM finish the chunks in hand (or hand
them back while the database is away) and close the connections; a second signal exits at once.

Every worker also sweeps (one at a time, under a PostgreSQL advisory lock): stored interactions with
no score and no job in the queue — an ingest killed between storing and queueing, a Redis that lost
its data, a chunk the queue gave up on — are queued again once they are --sweep-grace old.

With an alert rules file ($VOC_ALERTS, else ./alerts.json) the worker checks the alerts after new
scores, at most every --alerts-every seconds and once more when it stops; a firing is announced once
however many workers see it.

Without REDIS_URL there is no shared queue: the worker scores whatever stored interactions lack a
score for the current scorer version, then exits.`)
    .action(async (opts) => {
      const { runWorker } = await import('../run-worker.ts');
      await runWorker(configFrom(opts), opts);
    });
}
