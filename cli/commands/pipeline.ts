/**
 * The commands that move interactions through the pipeline: migrate, ingest, worker, requeue, status.
 */
import type { Command } from 'commander';
import { join } from 'node:path';
import { configFrom, positiveInt } from '../options.ts';

/** Options every pipeline command takes. */
function withStoreOptions(cmd: Command): Command {
  return cmd
    .option('--database-url <url>', 'PostgreSQL server (default: $DATABASE_URL, else embedded)')
    .option('--redis-url <url>', 'Redis for the queue (default: $REDIS_URL, else in-process)')
    .option('--data-dir <dir>', 'folder for the embedded database and rejects files (default: $VOC_DATA_DIR or .voc)');
}

export function register(program: Command): void {
  withStoreOptions(program.command('migrate'))
    .description('create or update the database schema (numbered files in migrations/)')
    .action(async (opts) => {
      const { openStore } = await import('../../store/open.ts');
      const { migrate } = await import('../../store/migrate.ts');
      const db = await openStore(configFrom(opts)).catch((err) => Promise.reject(err));
      try {
        const applied = await migrate(db);
        console.log(applied.length ? `applied ${applied.join(', ')} to ${db.location}` : `schema of ${db.location} is up to date`);
      } finally {
        await db.close();
      }
    });

  withStoreOptions(program.command('ingest <file>'))
    .description('store the interactions of a CSV or JSONL file and queue them for scoring')
    .option('--format <format>', 'csv or jsonl (default: from the file name)')
    .option('--chunk-size <n>', 'interactions per queued job (default: $VOC_CHUNK_SIZE or 200)', positiveInt('--chunk-size'))
    .option('--concurrency <n>', 'chunks scored at once without Redis', positiveInt('--concurrency'), 1)
    .option('--no-redact', 'keep card numbers, e-mail addresses and phone numbers in the stored text')
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', `
Rows that cannot be stored (no id, unknown channel, a KPI out of range, broken quoting, invalid UTF-8,
empty text …) are listed with their line and reason in <data dir>/rejects/<file>.rejects.csv; every
good row is still stored. Running the same file again stores and queues nothing new.

Without REDIS_URL the interactions are scored in this process as they are stored; with it, run
\`voc worker\` (any number, anywhere) to score them.`)
    .action(async (file: string, opts) => {
      const { runIngest } = await import('../run-ingest.ts');
      await runIngest(file, configFrom(opts), opts);
    });

  withStoreOptions(program.command('worker'))
    .description('score queued interactions from Redis until stopped (Ctrl-C finishes the chunks in hand)')
    .option('--concurrency <n>', 'chunks scored at once', positiveInt('--concurrency'), 1)
    .option('--repeat-window-days <n>', 'an earlier contact by the same customer within this many days is a repeat (default: $VOC_REPEAT_WINDOW_DAYS or 7)', positiveInt('--repeat-window-days'))
    .option('--exit-when-idle', 'exit once nothing is left to score (for scripts and tests)')
    .addHelpText('after', `
Without REDIS_URL there is no shared queue: the worker scores whatever stored interactions lack a
score for the current scorer version, then exits.`)
    .action(async (opts) => {
      const { runWorker } = await import('../run-worker.ts');
      await runWorker(configFrom(opts), opts);
    });

  withStoreOptions(program.command('requeue'))
    .description('queue every stored interaction that has no score for the current scorer version')
    .option('--failed', 'also retry interactions whose scoring failed')
    .option('--chunk-size <n>', 'interactions per queued job (default: $VOC_CHUNK_SIZE or 200)', positiveInt('--chunk-size'))
    .addHelpText('after', `
PostgreSQL is the source of truth: after a lost Redis, or a new scorer version, this puts back every
interaction still to be scored.`)
    .action(async (opts) => {
      const { runRequeue } = await import('../run-worker.ts');
      await runRequeue(configFrom(opts), opts);
    });

  withStoreOptions(program.command('status'))
    .description('count interactions stored, scored, queued, failed and rejected')
    .option('--json', 'print {"stored","scored","queued","failed","rejected","not_scored"} as JSON')
    .action(async (opts) => {
      const { openStore } = await import('../../store/open.ts');
      const { statusCounts } = await import('../../store/status.ts');
      const { currentScorerVersion } = await import('../../workers/scorer.ts');
      const config = configFrom(opts);
      const db = await openStore(config);
      try {
        const version = await currentScorerVersion(db, config);
        const c = await statusCounts(db, version);
        if (opts.json) console.log(JSON.stringify(c));
        else {
          console.log(`${db.location} (scorer ${version})`);
          const { not_scored, ...counts } = c;
          for (const [k, v] of Object.entries(counts)) console.log(`  ${k.padEnd(9)} ${v.toLocaleString('en-US')}`);
          // Declined interactions are scored rows with no figures: say how many, and why.
          for (const [reason, n] of Object.entries(not_scored)) console.log(`  of the scored, not scored (${reason}): ${n.toLocaleString('en-US')}, left out of every average`);
          if (c.queued > 0 && !config.redisUrl) console.log('  (queued without Redis: run `voc worker` to score them)');
          if (c.rejected > 0) console.log(`  rejected rows are listed in ${join(config.dataDir, 'rejects')}/`);
        }
      } finally {
        await db.close();
      }
    });
}
