/**
 * `voc demo`: make a realistic sample contact centre (seeded), run it through ingest → score → report
 * → export, and print the agent table and where the files went.
 */
import type { Command } from 'commander';
import { positiveInt } from '../options.ts';

export function register(program: Command): void {
  program
    .command('demo')
    .description('make sample interactions, score them, print the agent table, write a coaching export and a report')
    .option('-n, --count <n>', 'interactions to make', positiveInt('--count'), 3000)
    .option('--seed <n>', 'same seed, same interactions', positiveInt('--seed', 0), 7)
    .option('--out <dir>', 'where the sample file, coaching export and report go (default: <data dir>/demo)')
    .option('--generate-only', 'only write the sample files, for `voc ingest` and `voc worker` to take over')
    .option('--data-dir <dir>', 'folder for the embedded database (default: $VOC_DATA_DIR or .voc)')
    .option('--lang <lang>', 'language of the conversations and the reports: en or zh (default $VOC_LANG or en); zh writes simplified and, for a quarter of the customers, traditional Chinese')
    .addHelpText('after', `
Twelve agents in three teams with distinct styles (warm but slow, fast but cold, strong, weak), all
five channels, repeat contacts, holds and transfers; CSAT, NPS and CES depend on empathy and wait in
a known way, so \`voc analyze drivers\` can be checked against the truth.

Runs on whatever is configured: the embedded database and in-process queue by default, or
DATABASE_URL / REDIS_URL (then this process also works the queue until everything is scored).`)
    .action(async (opts) => {
      const { runDemo } = await import('../run-demo.ts');
      await runDemo(opts);
    });
}

