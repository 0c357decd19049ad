/**
 * `voc show INTERACTION_ID`: one interaction's transcript with the cues, triggers, empathy, effort,
 * intent and sentiment of its latest score (rendered by report/show.ts); `--json` prints the raw record.
 */
import type { Command } from 'commander';
import { readShowRecord } from '../../store/show.ts';
import { UsageError } from '../../lib/errors.ts';
import { withStore, withStoreOptions } from '../options.ts';

interface ShowOptions {
  json?: boolean;
  databaseUrl?: string;
  dataDir?: string;
}

async function show(id: string, opts: ShowOptions): Promise<void> {
  const record = await withStore(opts, async (db, scorerVersion) => {
    const found = await readShowRecord(db, id, scorerVersion);
    if (!found) throw new UsageError(`no interaction with id ${JSON.stringify(id)} in ${db.location}`);
    return found;
  });
  if (opts.json) {
    process.stdout.write(JSON.stringify(record, null, 2) + '\n');
    return;
  }
  const { renderShow } = await import('../../report/show.ts');
  process.stdout.write(renderShow(record));
}

export function register(program: Command): void {
  withStoreOptions(program.command('show <interaction_id>'))
    .description('one interaction: transcript with cues and triggers marked, empathy and why, effort drivers, intent, sentiment')
    .option('--json', 'print the raw record (interaction, turns, latest score) as JSON')
    .addHelpText('after', '\nExample:\n  voc show C-1042\n  voc show C-1042 --json | jq .score.detail.empathy')
    .action(show);
}
