/**
 * `voc bench` (npm run bench): the full scorer's speed against the sentiment peers on a generated
 * corpus, as a table or JSON.
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { UsageError } from '../../lib/errors.ts';

export function register(program: Command): void {
  program
    .command('bench')
    .description('time the full scorer against vader-sentiment and sentiment (AFINN) on a generated corpus, one core each, and live guidance per turn')
    .option('--size <MB>', 'corpus size in MB of text', '3')
    .option('--seed <n>', 'corpus seed', '1')
    .option('--json', 'print the results as JSON instead of a table')
    .option('--e2e <n>', 'instead: ingest → workers → PostgreSQL on the local servers (DATABASE_URL, REDIS_URL) for N demo interactions, in a database of its own')
    .option('--workers <n>', 'with --e2e: worker processes', '2')
    .option('--keep', 'with --e2e: keep the database instead of dropping it')
    .addHelpText('after', '\nExamples:\n  npm run bench\n  voc bench --size 10 --json\n  npm run bench -- --e2e 100000')
    .action(async (opts: { size: string; seed: string; json?: boolean; e2e?: string; workers: string; keep?: boolean }) => {
      if (opts.e2e !== undefined) {
        const n = Number(opts.e2e);
        const workers = Number(opts.workers);
        if (!Number.isInteger(n) || n < 1) throw new UsageError(`--e2e must be a number of interactions, got ${opts.e2e}`);
        if (!Number.isInteger(workers) || workers < 1) throw new UsageError(`--workers must be a positive integer, got ${opts.workers}`);
        const { runE2e, formatE2e } = await import('../../bench/e2e.ts');
        const result = await runE2e({
          n, workers, keep: opts.keep, seed: opts.seed === '1' ? undefined : Number(opts.seed),
          databaseUrl: process.env.DATABASE_URL || `postgres://${userInfo().username}@127.0.0.1:5432/postgres`,
          redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
        });
        process.stdout.write((opts.json ? JSON.stringify(result, null, 2) : formatE2e(result)) + '\n');
        return;
      }
      const size = Number(opts.size);
      const seed = Number(opts.seed);
      if (!(size > 0) || size > 1000) throw new UsageError(`--size must be a number of MB in (0, 1000], got ${opts.size}`);
      if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got ${opts.seed}`);
      const { runBench } = await import('../../bench/run.ts');
      const result = runBench({ size, seed });
      const { runLiveBench, formatLiveBench } = await import('../../bench/live.ts');
      const live = runLiveBench({ seed });
      if (opts.json) {
        process.stdout.write(JSON.stringify({ ...result, live }, null, 2) + '\n');
        return;
      }
      const { formatBench } = await import('../../bench/format.ts');
      process.stdout.write(formatBench(result) + '\n\n' + formatLiveBench(live) + '\n');
    });
}
