/**
 * `voc status`: count interactions stored, scored, queued, failed and rejected.
 */
import type { Command } from 'commander';
import { join } from 'node:path';
import { configFrom, withPipelineOptions } from '../options.ts';

export function register(program: Command): void {
  withPipelineOptions(program.command('status'))
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
