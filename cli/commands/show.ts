/**
 * `voc show INTERACTION_ID`: one interaction's transcript with the cues, triggers, empathy, effort,
 * intent and sentiment of its latest score (rendered by report/show.ts); `--json` prints the raw record.
 */
import type { Command } from 'commander';
import { visible } from '../../lib/safe-text.ts';
import { readShowRecord } from '../../store/show.ts';
import { UsageError } from '../../lib/errors.ts';
import { withStore, withStoreOptions } from '../options.ts';

interface ShowOptions {
  json?: boolean;
  lang?: string;
  databaseUrl?: string;
  dataDir?: string;
}

/** `voc show customer ID`: one customer's contacts in order, across channels, with their scores. */
async function showCustomer(customerId: string, opts: ShowOptions & { windowDays?: number }): Promise<void> {
  const { customerTimeline } = await import('../../report/journeys.ts');
  const { formatCustomerTimeline } = await import('../../report/views-format.ts');
  const timeline = await withStore(opts, async (db, scorerVersion) => {
    const t = await customerTimeline(db, customerId, { scorerVersion, windowDays: opts.windowDays });
    if (!t) throw new UsageError(`no interactions of customer ${JSON.stringify(customerId)} in ${db.location}`);
    return t;
  });
  console.log(opts.json ? JSON.stringify(timeline, null, 2) : formatCustomerTimeline(timeline));
}

async function show(id: string, customerId: string | undefined, opts: ShowOptions & { windowDays?: number }): Promise<void> {
  if (customerId !== undefined) {
    if (id !== 'customer') throw new UsageError(`voc show takes one interaction id, or \`customer ID\`; got ${JSON.stringify(id)} ${JSON.stringify(customerId)}`);
    return showCustomer(customerId, opts);
  }
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
  const { labels, reportLanguage } = await import('../../report/labels.ts');
  process.stdout.write(visible(renderShow(record, labels(reportLanguage(opts.lang)))));
}

export function register(program: Command): void {
  withStoreOptions(program.command('show <interaction_id> [customer_id]'))
    .description('one interaction: transcript with cues and triggers marked, empathy and why, effort drivers, intent, sentiment; or `customer ID`: one customer\'s timeline')
    .option('--json', 'print the raw record (interaction, turns, latest score) as JSON')
    .option('--lang <lang>', 'language of the labels: en or zh (default $VOC_LANG or en)')
    .option('--window-days <n>', 'with `customer ID`: a gap longer than this starts a new journey', (v: string) => Number(v), 7)
    .addHelpText('after', '\nExamples:\n  voc show C-1042\n  voc show C-1042 --json | jq .score.detail.empathy\n  voc show C-1042 --lang zh     the labels in Chinese\n  voc show customer C01360      every contact of one customer, across channels, with scores')
    .action(show);
}
