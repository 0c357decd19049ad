/**
 * QA scorecards: `voc scorecard check|explain|score`, `voc report scorecard`, `voc import reviews` and
 * `voc calibrate scorecard`. The scorecard is a JSON or YAML file (default lexicons/scorecards/default.json,
 * or --scorecard / $VOC_SCORECARD); its content hash is its version.
 */
import type { Command } from 'commander';
import { UsageError } from '../../lib/errors.ts';
import { visible } from '../../lib/safe-text.ts';
import type { Db } from '../../store/db.ts';
import type { Scorecard } from '../../pipeline/scorecard/scorecard.ts';
import { choice, configFrom, positiveInt, requireScores, withFilters, withStore, withStoreOptions } from '../options.ts';

const scorecardOption = (cmd: Command) => cmd.option('--scorecard <file>', 'the scorecard (default: $VOC_SCORECARD, else lexicons/scorecards/default.json)');

/** The configured scorecard, with every scored interaction evaluated on it (what is missing is evaluated first). */
async function evaluated(db: Db, opts: { scorecard?: string }, scorerVersion: string): Promise<{ card: Scorecard; file: string; added: number }> {
  const { configuredScorecard, evaluatePending } = await import('../../workers/scorecard.ts');
  const { card, file } = configuredScorecard(configFrom(opts));
  await requireScores(db, scorerVersion);
  const added = await evaluatePending(db, card, scorerVersion);
  return { card, file, added };
}

function subcommand(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

export function register(program: Command): void {
  const sc = program.command('scorecard').description('QA scorecards: check a scorecard file, explain one evaluation, evaluate what is scored');

  sc.command('check <file>')
    .description('validate a scorecard file (JSON, or YAML when it ends in .yaml / .yml) and print its sections and items')
    .addHelpText('after', '\nA bad file is reported with the item and the reason, and the command exits non-zero.\n\nExamples:\n  voc scorecard check lexicons/scorecards/default.json\n  voc scorecard check lexicons/scorecards/chat-short.yaml')
    .action(async (file: string) => {
      const { loadScorecardFile } = await import('../../workers/scorecard.ts');
      const { formatScorecard } = await import('../../report/scorecard.ts');
      console.log(formatScorecard(loadScorecardFile(file), file));
    });

  withStoreOptions(sc.command('explain [file]'))
    .description("one interaction's answer, points and evidence for every item of the scorecard")
    .requiredOption('--id <interaction_id>', 'the interaction')
    .option('--json', 'print the evaluation as JSON')
    .addHelpText('after', '\nFILE defaults to --scorecard / $VOC_SCORECARD / the default scorecard.\n\nExample:\n  voc scorecard explain lexicons/scorecards/default.json --id demo-7-000779')
    .action(async (file: string | undefined, opts) => {
      const { configuredScorecard } = await import('../../workers/scorecard.ts');
      const { evaluationInput } = await import('../../store/scorecards.ts');
      const { evaluate } = await import('../../pipeline/scorecard/evaluate.ts');
      const { formatEvaluation } = await import('../../report/scorecard.ts');
      const { card } = configuredScorecard({ scorecard: file ?? configFrom(opts).scorecard });
      await withStore(opts, async (db, scorerVersion) => {
        const input = await evaluationInput(db, opts.id, scorerVersion);
        if (!input) throw new UsageError(`no interaction ${JSON.stringify(opts.id)} scored by scorer ${scorerVersion} (check the id with \`voc show ${opts.id}\`; run \`voc requeue\` if it is not scored)`);
        const e = evaluate(card, input.interaction, input.scores, input.context);
        console.log(opts.json ? JSON.stringify(e, null, 2) : visible(formatEvaluation(card, e)));
      });
    });

  scorecardOption(withStoreOptions(sc.command('score')))
    .description('evaluate every scored interaction not yet evaluated on this scorecard version')
    .addHelpText('after', '\nA changed scorecard file is a new version: this evaluates every interaction again. New scores (after `voc requeue`) are evaluated too.\nThe reports and `voc calibrate scorecard` run this first.')
    .action(async (opts) => {
      await withStore(opts, async (db, scorerVersion) => {
        const { card, added } = await evaluated(db, opts, scorerVersion);
        console.log(`${added.toLocaleString('en-US')} interaction(s) evaluated on "${card.name}" (${card.version})`);
      });
    });

  const report = subcommand(program, 'report', 'reports');
  scorecardOption(withFilters(withStoreOptions(report.command('scorecard'))))
    .description('QA scorecard pass rate and mean score per agent, team, item or week')
    .option('--by <group>', 'agent, team, item or week', choice('--by', ['agent', 'team', 'item', 'week']), 'agent')
    .option('--format <format>', 'table, csv or json', choice('--format', ['table', 'csv', 'json']), 'table')
    .addHelpText('after', '\nBy item, the rate is the share of applicable answers that were yes (N/A left out).\n\nExamples:\n  voc report scorecard --by item --team billing\n  voc report scorecard --by week --format csv > qa-weekly.csv')
    .action(async (opts) => {
      const { scorecardReport } = await import('../../store/scorecards.ts');
      const { formatScorecardReport } = await import('../../report/scorecard.ts');
      await withStore(opts, async (db, scorerVersion) => {
        const { card } = await evaluated(db, opts, scorerVersion);
        const rows = await scorecardReport(db, { ...opts, scorecardVersion: card.version, scorerVersion });
        process.stdout.write(visible(await formatScorecardReport(rows, opts.by, opts.format), { keepReturns: true }));
      });
    });

  const imp = subcommand(program, 'import', 'import other systems\' records');
  scorecardOption(withStoreOptions(imp.command('reviews <file>')))
    .description('import human QA reviews from a CSV: interaction_id, reviewer, item, answer (yes/no/na), comment')
    .addHelpText('after', `
Reviews are stored beside the automatic answers and never change them. A reviewer's later answer to
the same item of the same interaction replaces their earlier one. A bad row (unknown item, an answer
that is not yes / no / na) is listed with its line and reason and the other rows are stored.

Example:
  voc import reviews qa-history.csv && voc calibrate scorecard`)
    .action(async (file: string, opts) => {
      const { readReviewsCsv } = await import('../run-scorecard.ts');
      const { writeReviews } = await import('../../store/scorecards.ts');
      const { configuredScorecard } = await import('../../workers/scorecard.ts');
      const { card } = configuredScorecard(configFrom(opts));
      const { rows, errors } = await readReviewsCsv(file, card);
      await withStore(opts, async (db) => {
        const { stored, unknownIds } = await writeReviews(db, rows, file);
        for (const e of errors.slice(0, 20)) console.error(`  line ${e.line}: ${e.reason}`);
        if (errors.length > 20) console.error(`  … and ${errors.length - 20} more`);
        if (unknownIds.length) console.error(`  ${unknownIds.length} interaction id(s) not stored, their reviews skipped: ${unknownIds.slice(0, 5).map((s) => JSON.stringify(s)).join(', ')}${unknownIds.length > 5 ? ' …' : ''}`);
        console.log(`${stored.toLocaleString('en-US')} review answer(s) stored from ${file}${errors.length ? `; ${errors.length} bad row(s) skipped` : ''}`);
      });
    });

  const calibrate = subcommand(program, 'calibrate', 'calibration');
  scorecardOption(withStoreOptions(calibrate.command('scorecard')))
    .description('agreement of the automatic scorecard with human reviewers, per item and overall, with intervals')
    .option('--json', 'print as one JSON object (per item: exact_agreement, kappa, n and their intervals)')
    .option('--threshold <share>', 'flag items whose exact agreement is below this share (default 0.8)', (v: string) => {
      const x = Number(v);
      if (!(x > 0 && x <= 1)) throw new UsageError(`--threshold must be a share between 0 and 1, got ${JSON.stringify(v)}`);
      return x;
    }, 0.8)
    .option('--min-n <n>', 'flag items with fewer reviewed answers than this', positiveInt('--min-n'), 20)
    .addHelpText('after', `
Exact agreement is the share of reviewed items where the reviewer's answer (yes / no / n/a) equals the
automatic one; Cohen's kappa corrects it for chance. The total score is compared per reviewed
evaluation over the items the reviewer answered (mean absolute difference, Spearman). Intervals are
95% bootstrap intervals over interactions.

Example:
  voc import reviews reviews.csv && voc calibrate scorecard --json`)
    .action(async (opts) => {
      const { readReviewPairs, reviewCount } = await import('../../store/scorecards.ts');
      const { scorecardAgreement } = await import('../../pipeline/scorecard/agreement.ts');
      const { formatAgreement } = await import('../../report/scorecard.ts');
      await withStore(opts, async (db, scorerVersion) => {
        const { card } = await evaluated(db, opts, scorerVersion);
        const pairs = await readReviewPairs(db, card.version, scorerVersion);
        if (pairs.length === 0) {
          const n = await reviewCount(db);
          throw new UsageError(n === 0 ? 'no human reviews stored: import some with `voc import reviews FILE.csv` (columns interaction_id, reviewer, item, answer, comment)'
            : `${n} review answer(s) are stored, but none matches an item of "${card.name}" (${card.version}) on a scored interaction`);
        }
        const a = scorecardAgreement(card, pairs, { threshold: opts.threshold, minN: opts.minN });
        process.stdout.write(opts.json ? JSON.stringify(a, null, 2) + '\n' : formatAgreement(a));
      });
    });
}
