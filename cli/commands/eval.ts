/**
 * `voc eval …`: agreement with human labels. The interface is fixed (other checks call it): each
 * subcommand prints one JSON object on stdout; `voc eval all` (npm run eval) prints a table.
 */
import type { Command } from 'commander';

const print = (result: unknown) => process.stdout.write(JSON.stringify(result, null, 2) + '\n');

export function register(program: Command): void {
  const ev = program.command('eval').description('measure agreement with human labels (prints JSON)');

  ev.command('sentiment <file>')
    .description('score a CSV with columns text,label (positive | neutral | negative)')
    .option('--model <file>', 'use a model trained by `voc sentiment train`')
    .option('--peers', 'also score the rows with vader-sentiment, sentiment (AFINN) and wink-sentiment')
    .action(async (file: string, opts: { model?: string; peers?: boolean }) => {
      const { evalSentiment } = await import('../../eval/sentiment.ts');
      print(await evalSentiment(file, opts));
    });

  ev.command('intent')
    .description('train on one CSV (text,label) and test on another; test rows labelled `oos` are out of scope')
    .requiredOption('--train <file>', 'training CSV with columns text,label')
    .requiredOption('--test <file>', 'test CSV with columns text,label')
    .action(async (opts: { train: string; test: string }) => {
      const { evalIntent } = await import('../../eval/intent.ts');
      print(await evalIntent(opts.train, opts.test));
    });

  ev.command('empathy <file>')
    .description('score agent replies in a CSV with columns text,label (1 = expresses empathy, 0 = not) and optionally customer (the turn answered)')
    .option('--model <file>', 'use a model trained by `voc empathy train`')
    .action(async (file: string, opts: { model?: string }) => {
      const { evalEmpathy } = await import('../../eval/empathy.ts');
      const { loadEmpathyModel } = await import('../../workers/scorer.ts');
      print(await evalEmpathy(file, opts.model ? await loadEmpathyModel(opts.model) : undefined));
    });

  ev.command('satisfaction <file>')
    .description('Spearman of each score with people\'s satisfaction: STC-3 JSON (annotators\' quality.S) or a CSV with text (Agent:/Customer: lines) and satisfaction')
    .addHelpText('after', '\nExample:\n  voc eval satisfaction ../shared/data/stc3-dialogues-en/train_data_en.json')
    .action(async (file: string) => {
      const { evalSatisfaction } = await import('../../eval/satisfaction.ts');
      print(await evalSatisfaction(file));
    });

  ev.command('all')
    .description('convert the labelled sets in ../shared/data and print one table (npm run eval)')
    .option('--data <dir>', 'folder of the labelled data sets', '../shared/data')
    .option('--json', 'print the results as JSON instead of a table')
    .option('--markdown', 'print the table in Markdown (as the README shows it)')
    .option('--only <suites>', 'run only these suites, comma-separated (eval/suite-<name>.ts: sentiment, satisfaction, intent, …)')
    .action(async (opts: { data: string; json?: boolean; markdown?: boolean; only?: string }) => {
      const { evalAll } = await import('../../eval/all.ts');
      await evalAll(opts);
    });
}
