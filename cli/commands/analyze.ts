/** `voc analyze drivers`: what moves CSAT, NPS or CES on this centre's own data, overall and per team. */
import type { Command } from 'commander';
import { choice, positiveInt, requireScores, withFilters, withStore, withStoreOptions } from '../options.ts';

export function register(program: Command): void {
  const analyze = program.command('analyze').description('statistics on the stored scores and KPIs');
  withFilters(withStoreOptions(analyze.command('drivers')))
    .description('which of empathy, ownership, sentiment shift, effort, handle / wait / hold time, transfers and resolution move an outcome, with 95% intervals')
    .option('--outcome <kpi>', 'csat, nps or ces', choice('--outcome', ['csat', 'nps', 'ces']), 'csat')
    .option('--empathy <mode>', 'applicable: only interactions where empathy was called for; impute: all, with a not-applicable flag', choice('--empathy', ['applicable', 'impute']), 'applicable')
    .option('--bootstrap <n>', 'bootstrap resamples for the intervals', positiveInt('--bootstrap', 50), 1000)
    .option('--seed <n>', 'bootstrap seed (same seed, same intervals)', positiveInt('--seed', 0), 1)
    .option('--json', 'print the whole analysis as JSON')
    .option('--lang <lang>', 'language of the headline, the notes and the labels: en or zh (default $VOC_LANG or en)')
    .addHelpText('after', `
For the outcome, over the interactions that have it: each driver's correlation, and a multiple
regression on standardized drivers (handle, wait and hold time standardized within each channel),
each coefficient with a 95% bootstrap interval, n and R²; then the headline: how far one standard
deviation more empathy and one less wait move the outcome, and whether the difference is real or
"not distinguishable with this much data". Overall and per team; notes when n is too small.

Examples:
  voc analyze drivers
  voc analyze drivers --outcome nps --team billing --since 2026-09-01
  voc analyze drivers --empathy impute --bootstrap 2000 --seed 7
  voc analyze drivers --json > drivers.json
  voc analyze drivers --lang zh`)
    .action(async (opts) => {
      const { driverReport } = await import('../../report/drivers.ts');
      const { formatDriverReport } = await import('../../report/drivers-format.ts');
      const { labels, reportLanguage } = await import('../../report/labels.ts');
      const L = labels(reportLanguage(opts.lang));
      await withStore(opts, async (db, scorerVersion) => {
        await requireScores(db, scorerVersion);
        const { lang: _lang, ...rest } = opts;
        const report = await driverReport(db, { ...rest, scorerVersion, labels: L });
        console.log(opts.json ? JSON.stringify(report, null, 2) : formatDriverReport(report, L));
      });
    });
}
