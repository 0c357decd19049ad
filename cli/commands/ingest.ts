/**
 * `voc ingest FILE`: store the interactions of a CSV or JSONL file and queue them for scoring.
 */
import type { Command } from 'commander';
import { choice, configFrom, encodingOption, positiveInt, withPipelineOptions, withStore } from '../options.ts';

export function register(program: Command): void {
  withPipelineOptions(program.command('ingest <file>'))
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
      const outcome = await runIngest(file, configFrom(opts), opts);
      if (outcome.inserted + outcome.updated > 0) {
        const { alertsAfterIngest, alertsPath } = await import('../run-alerts.ts');
        const { existsSync } = await import('node:fs');
        if (existsSync(alertsPath())) await withStore(opts, (db, scorerVersion) => alertsAfterIngest(db, scorerVersion));
      }
    });
}
