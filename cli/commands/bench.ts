/**
 * `voc bench` (npm run bench): the full scorer's speed against the sentiment peers on a generated
 * corpus, as a table or JSON.
 */
import type { Command } from 'commander';
import { UsageError } from '../../lib/errors.ts';

export function register(program: Command): void {
  program
    .command('bench')
    .description('time the full scorer against vader-sentiment and sentiment (AFINN) on a generated corpus, one core each, and live guidance per turn')
    .option('--size <MB>', 'corpus size in MB of text', '3')
    .option('--seed <n>', 'corpus seed', '1')
    .option('--json', 'print the results as JSON instead of a table')
    .addHelpText('after', '\nExamples:\n  npm run bench\n  voc bench --size 10 --json')
    .action(async (opts: { size: string; seed: string; json?: boolean }) => {
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
