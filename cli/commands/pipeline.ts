/**
 * The commands that move interactions through the pipeline: migrate, ingest, worker, requeue, status.
 */
import type { Command } from 'commander';
import { join } from 'node:path';
import { ENCODINGS, encodingOf, type Encoding } from '../../ingest/decode.ts';
import { UsageError } from '../../lib/errors.ts';
import { choice, configFrom, positiveInt, withStore } from '../options.ts';

function encodingOption(value: string): Encoding {
  const e = encodingOf(value);
  if (!e) throw new UsageError(`--encoding must be one of ${ENCODINGS.join(', ')} (or GBK, GB2312, cp936, Big5-HKSCS), got ${JSON.stringify(value)}`);
  return e;
}

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
    .option('--encoding <name>', 'utf8, gb18030, gbk, big5, utf16le or utf16be (default auto: a byte-order mark, valid UTF-8, else GB18030 or Big5 from the first 64 KB)', encodingOption, 'auto')
    .option('--chunk-size <n>', 'interactions per queued job (default: $VOC_CHUNK_SIZE or 200)', positiveInt('--chunk-size'))
    .option('--concurrency <n>', 'chunks scored at once without Redis', positiveInt('--concurrency'), 1)
    .option('--no-redact', 'keep card numbers, e-mail addresses and phone numbers in the stored text')
    .option('--ces-scale <max>', 'the CES survey runs 1 to this: 5, 7 or 10 (default $VOC_CES_SCALE or 7)', choice('--ces-scale', ['5', '7', '10']))
    .option('--ces-high <meaning>', 'a high CES answer means easy or hard (default $VOC_CES_HIGH or hard)', choice('--ces-high', ['easy', 'hard']))
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', `
Rows that cannot be stored (no id, unknown channel, a KPI out of range, broken quoting, invalid UTF-8,
empty text …) are listed with their line and reason in <data dir>/rejects/<file>.rejects.csv; every
good row is still stored. Running the same file again stores and queues nothing new.

Without REDIS_URL the interactions are scored in this process as they are stored; with it, run
\`voc worker\` (any number, anywhere) to score them.`)
    .action(async (file: string, opts) => {
      const { runIngest } = await import('../run-ingest.ts');
      const cesScale = Number(opts.cesScale ?? process.env.VOC_CES_SCALE ?? 7);
      const cesHigh = opts.cesHigh ?? process.env.VOC_CES_HIGH ?? 'hard';
      if (![5, 7, 10].includes(cesScale)) throw new UsageError(`VOC_CES_SCALE must be 5, 7 or 10, got ${JSON.stringify(process.env.VOC_CES_SCALE)}`);
      if (cesHigh !== 'easy' && cesHigh !== 'hard') throw new UsageError(`VOC_CES_HIGH must be easy or hard, got ${JSON.stringify(cesHigh)}`);
      const outcome = await runIngest(file, configFrom(opts), { ...opts, cesScale, cesHigh });
      if (outcome.inserted + outcome.updated > 0) {
        const { alertsAfterIngest, alertsPath } = await import('../run-alerts.ts');
        const { existsSync } = await import('node:fs');
        if (existsSync(alertsPath())) await withStore(opts, (db, scorerVersion) => alertsAfterIngest(db, scorerVersion));
      }
    });

  withStoreOptions(program.command('worker'))
    .description('score queued interactions from Redis until stopped (Ctrl-C finishes the chunks in hand)')
    .option('--concurrency <n>', 'chunks scored at once', positiveInt('--concurrency'), 1)
    .option('--repeat-window-days <n>', 'an earlier contact by the same customer within this many days is a repeat (default: $VOC_REPEAT_WINDOW_DAYS or 7)', positiveInt('--repeat-window-days'))
    .option('--exit-when-idle', 'exit once nothing is left to score (for scripts and tests)')
    .option('--sweep-every <seconds>', 'how often to look for stored work that is neither scored nor queued', positiveInt('--sweep-every'), 60)
    .option('--sweep-grace <seconds>', 'how long an interaction must have been stored before that look may queue it', positiveInt('--sweep-grace', 0), 300)
    .option('--stall-seconds <n>', 'seconds without a sign of life before a worker\'s chunk goes to another worker', positiveInt('--stall-seconds'), 30)
    .addHelpText('after', `
A worker outlives PostgreSQL and Redis going away (a restart, a fail-over): it says so once, waits
with backoff and carries on when they are back. SIGINT / SIGTERM finish the chunks in hand (or hand
them back while the database is away) and close the connections; a second signal exits at once.

Every worker also sweeps (one at a time, under a PostgreSQL advisory lock): stored interactions with
no score and no job in the queue — an ingest killed between storing and queueing, a Redis that lost
its data, a chunk the queue gave up on — are queued again once they are --sweep-grace old.

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
    .option('--json', 'print {"stored","scored","queued","failed","rejected"} as JSON (and "unqueued" when some are in no job, "not_scored" by reason when the scorer declined some)')
    .addHelpText('after', `
queued    stored, not yet scored or failed for the current scorer version
failed    the scorer or the database refused the interaction (listed in score_failures), or the
          queue gave up on its chunk; \`voc requeue --failed\` tries again
unqueued  of the queued, those in no job of the Redis queue (an ingest stopped between storing and
          queueing, a lost Redis): a worker's sweep queues them again, \`voc requeue\` does at once`)
    .action(async (opts) => {
      const { openStore } = await import('../../store/open.ts');
      const { NothingStoredError } = await import('../../store/db.ts');
      const { statusCounts } = await import('../../store/status.ts');
      const { currentScorerVersion } = await import('../../workers/scorer.ts');
      const config = configFrom(opts);
      let db;
      try {
        db = await openStore(config, { mustExist: true });
      } catch (err) {
        if (!(err instanceof NothingStoredError)) throw err;
        if (opts.json) console.log(JSON.stringify({ stored: 0, scored: 0, queued: 0, failed: 0, rejected: 0 }));
        else console.log(err.message);
        return;
      }
      try {
        const version = await currentScorerVersion(db, config);
        let queueView;
        let queueProblem: string | null = null;
        if (config.redisUrl) {
          const { inspectBullQueue } = await import('../../queue/bullmq.ts');
          try {
            const q = await inspectBullQueue(config.redisUrl, version, config.queuePrefix);
            try {
              queueView = { live: await q.liveIds(version), failed: (await q.failedIds(version)).all };
            } finally {
              await q.close();
            }
          } catch (err) {
            queueProblem = `${(err as Error).message}: what is queued and what the queue gave up on is not known`;
          }
        }
        const c = await statusCounts(db, version, queueView);
        if (queueProblem) console.error(`voc status: ${queueProblem}`);
        if (opts.json) console.log(JSON.stringify(c));
        else {
          console.log(`${db.location} (scorer ${version})`);
          const { not_scored, ...counts } = c;
          for (const [k, v] of Object.entries(counts)) console.log(`  ${k.padEnd(9)} ${v.toLocaleString('en-US')}`);
          // Declined interactions are scored rows with no figures: say how many, and why.
          for (const [reason, n] of Object.entries(not_scored ?? {})) console.log(`  of the scored, not scored (${reason}): ${n.toLocaleString('en-US')}, left out of every average`);
          if (c.unqueued) {
            console.log(`  (${c.unqueued.toLocaleString('en-US')} stored but in no queued job: a running \`voc worker\` queues them within minutes; \`voc requeue\` does it now)`);
          }
          if (c.queued > 0 && !config.redisUrl) console.log('  (queued without Redis: run `voc worker` to score them)');
          if (c.rejected > 0) console.log(`  rejected rows are listed in ${join(config.dataDir, 'rejects')}/`);
        }
      } finally {
        await db.close();
      }
    });
}
