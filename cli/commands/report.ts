/**
 * The reports a contact-centre leader and QA lead read: agent scorecards, one agent's drill-down, the
 * driver analysis (what moves CSAT / NPS / CES here), the coaching export and the HTML report.
 */
import type { Command } from 'commander';
import { choice, configFrom, positiveInt, requireScores, withFilters, withStore, withStoreOptions } from '../options.ts';
import { visible } from '../../lib/safe-text.ts';
import { UsageError } from '../../lib/errors.ts';
import type { Db } from '../../store/db.ts';
import type { Scorecard } from '../../pipeline/scorecard/scorecard.ts';

const scorecardOption = (cmd: Command) => cmd.option('--scorecard <file>', 'the QA scorecard for the scorecard figures (default: $VOC_SCORECARD, else lexicons/scorecards/default.json)');

/**
 * The configured scorecard for the scorecard figures of a report, read from the evaluations already
 * stored (evaluating a large store is `voc scorecard score`'s work, not a report's): when some scored
 * interactions are not evaluated yet, a note on stderr says so and how to fix it.
 */
async function storedScorecard(db: Db, opts: { scorecard?: string }, scorerVersion: string): Promise<Scorecard> {
  const { configuredScorecard } = await import('../../workers/scorecard.ts');
  const { unevaluatedCount } = await import('../../store/scorecards.ts');
  const { card } = configuredScorecard(configFrom(opts));
  const pending = await unevaluatedCount(db, card.version, scorerVersion);
  if (pending > 0) console.error(`note: ${pending.toLocaleString('en-US')} scored interaction(s) are not evaluated on the scorecard "${card.name}" yet, so its figures leave them out: run \`voc scorecard score\`${opts.scorecard ? ` --scorecard ${opts.scorecard}` : ''}`);
  return card;
}

export function register(program: Command): void {
  const report = program.command('report').description('agent scorecards, KPIs, repeat contacts, reasons, channels, journeys and the HTML report');

  scorecardOption(withFilters(withStoreOptions(report.command('agents'))))
    .description('one row per agent: empathy beside handle time, CSAT, FCR and transfers, with a coaching quadrant')
    .option('--format <format>', 'table, csv or json', choice('--format', ['table', 'csv', 'json']), 'table')
    .option('--baseline <baseline>', 'quadrant against the team or the centre median', choice('--baseline', ['team', 'centre']), 'team')
    .option('--min-interactions <n>', 'interactions an agent needs to be ranked and placed in a quadrant (below: "too few")', positiveInt('--min-interactions'), 20)
    .option('--lang <lang>', 'language of the labels: en or zh (default $VOC_LANG or en)')
    .addHelpText('after', `
Empathy is the mean over the interactions where a customer turn called for it; the count is shown
beside it. The quadrant compares the agent's empathy and handle time with the median agent of the team
(or the centre with --baseline centre).

Examples:
  voc report agents
  voc report agents --team billing --since 2026-09-01
  voc report agents --format csv > agents.csv
  voc report agents --lang zh`)
    .action(async (opts) => {
      const { labels, reportLanguage } = await import('../../report/labels.ts');
      const L = labels(reportLanguage(opts.lang));
      const { agentTable } = await import('../../report/agents.ts');
      const { agentTableCsv, formatAgentTable } = await import('../../report/agents-format.ts');
      const { scorecardByAgent } = await import('../../store/scorecards.ts');
      await withStore(opts, async (db, scorerVersion) => {
        const { repeatWindowDays } = configFrom(opts);
        const rows = await agentTable(db, { ...opts, scorerVersion, repeatWindowDays });
        const qa = await scorecardByAgent(db, { ...opts, scorecardVersion: (await storedScorecard(db, opts, scorerVersion)).version, scorerVersion });
        if (opts.format === 'json') console.log(JSON.stringify(rows.map((r) => ({ ...r, scorecard: qa.get(r.agent_id) ?? null })), null, 2));
        else if (opts.format === 'csv') process.stdout.write(await agentTableCsv(rows, qa));
        else if (rows.length === 0) console.log('no interactions with an agent yet (run `voc ingest` or `voc demo`)');
        else console.log(visible(formatAgentTable(rows, repeatWindowDays, qa, L)));
      });
    });

  withFilters(withStoreOptions(report.command('agent <id>')))
    .description("one agent's scorecard, weekly trend and the interactions behind each figure, worst first")
    .option('--limit <n>', 'interactions listed per figure', positiveInt('--limit'), 5)
    .option('--min-interactions <n>', 'interactions an agent needs to be ranked and placed in a quadrant', positiveInt('--min-interactions'), 20)
    .option('--json', 'print as JSON')
    .action(async (id: string, opts) => {
      const { agentDetail } = await import('../../report/agents.ts');
      const { formatAgentDetail } = await import('../../report/agents-format.ts');
      await withStore(opts, async (db, scorerVersion) => {
        const detail = await agentDetail(db, id, { ...opts, scorerVersion, repeatWindowDays: configFrom(opts).repeatWindowDays });
        if (!detail) throw new UsageError(`no interactions for agent ${JSON.stringify(id)}${opts.team ? ` in team ${opts.team}` : ''}`);
        console.log(opts.json ? JSON.stringify(detail, null, 2) : visible(formatAgentDetail(detail)));
      });
    });

  const windowOption = (cmd: Command) =>
    cmd.option('--repeat-window-days <n>', 'another contact by the same customer within this many days is a repeat (and the first was not resolved); default $VOC_REPEAT_WINDOW_DAYS or 7', positiveInt('--repeat-window-days'));
  const formatOption = (cmd: Command) => cmd.option('--format <format>', 'table, csv or json', choice('--format', ['table', 'csv', 'json']), 'table');

  formatOption(windowOption(withFilters(withStoreOptions(report.command('kpis')))))
    .description('CSAT, NPS with its interval, CES, FCR, unresolved, repeat, abandon and escalation rates, response / handle / resolution time, by a grouping')
    .option('--by <group>', 'all, agent, team, channel, reason, week or month', choice('--by', ['all', 'agent', 'team', 'channel', 'reason', 'week', 'month']), 'team')
    .addHelpText('after', `
NPS is % promoters (9–10) − % detractors (0–6), with a 95% interval; CSAT is the mean 1–5 and the
share of 4–5 answers; CES is shown as how hard (0% easiest … 100% hardest) on the scale the survey
used (voc ingest --ces-scale 5|7|10 --ces-high easy|hard). FCR is the resolved flag where a row has
one, else "no repeat contact within --repeat-window-days".

Examples:
  voc report kpis --by channel
  voc report kpis --by month --team billing --format csv > kpis.csv`)
    .action(async (opts) => {
      const { kpiReport } = await import('../../report/kpis.ts');
      const { formatKpiReport, kpiReportCsv } = await import('../../report/kpis-format.ts');
      await withStore(opts, async (db, scorerVersion) => {
        await requireScores(db, scorerVersion);
        const r = await kpiReport(db, { ...opts, scorerVersion, repeatWindowDays: configFrom(opts).repeatWindowDays });
        if (opts.format === 'json') console.log(JSON.stringify(r, null, 2));
        else if (opts.format === 'csv') process.stdout.write(await kpiReportCsv(r));
        else console.log(formatKpiReport(r));
      });
    });

  formatOption(windowOption(withFilters(withStoreOptions(report.command('repeats')))))
    .description('what a repeat contact costs: CSAT and NPS of contacts customers had to make again against first contacts, with 95% intervals')
    .addHelpText('after', `
A repeat contact is a call, chat or e-mail from a customer who had contacted us (any of those channels)
within --repeat-window-days before. The trade's rule of thumb is that CSAT falls about 22% when a
customer has to contact more than once; this measures it on your data.

Example:
  voc report repeats --repeat-window-days 3`)
    .action(async (opts) => {
      const { repeatComparison } = await import('../../report/kpis.ts');
      const { formatRepeatComparison, repeatComparisonCsv } = await import('../../report/kpis-format.ts');
      await withStore(opts, async (db, scorerVersion) => {
        await requireScores(db, scorerVersion);
        const r = await repeatComparison(db, { ...opts, scorerVersion, repeatWindowDays: configFrom(opts).repeatWindowDays });
        if (opts.format === 'json') console.log(JSON.stringify(r, null, 2));
        else if (opts.format === 'csv') process.stdout.write(await repeatComparisonCsv(r));
        else console.log(formatRepeatComparison(r));
      });
    });

  /** Runs a report: fetch with `build`, print as JSON, CSV or a table. */
  const run = <T>(opts: any, build: (db: any, scorerVersion: string) => Promise<T>, table: (r: T) => string, csv: (r: T) => Promise<string>) =>
    withStore(opts, async (db, scorerVersion) => {
      await requireScores(db, scorerVersion);
      const r = await build(db, scorerVersion);
      if (opts.format === 'json') console.log(JSON.stringify(r, null, 2));
      else if (opts.format === 'csv') process.stdout.write(await csv(r));
      else console.log(table(r));
    });

  formatOption(windowOption(withFilters(withStoreOptions(report.command('reasons')))))
    .description('contact reasons by volume, weekly trend with spikes, sentiment, effort, empathy, CSAT, NPS, repeat rate, and what customers say')
    .option('--spike-threshold <x>', 'a week spikes at this multiple of the mean of the weeks before it', (v: string) => {
      const x = Number(v);
      if (!(x > 1)) throw new UsageError(`--spike-threshold must be a number above 1, got ${JSON.stringify(v)}`);
      return x;
    }, 1.5)
    .option('--baseline-weeks <n>', 'weeks before a week that make its baseline', positiveInt('--baseline-weeks'), 4)
    .option('--min-contacts <n>', 'a week with fewer contacts never spikes', positiveInt('--min-contacts'), 10)
    .addHelpText('after', `
The reason is the scorer's primary intent (lexicons/intents.json, or your trained model). The three
sentences of each reason are the ones behind its most frequent cues, with the matching words in «».

Examples:
  voc report reasons
  voc report reasons --since 2026-09-01 --spike-threshold 2 --format csv > reasons.csv`)
    .action(async (opts) => {
      const { reasonReport } = await import('../../report/reasons.ts');
      const f = await import('../../report/views-format.ts');
      await run(opts, (db, scorerVersion) => reasonReport(db, { ...opts, scorerVersion, threshold: opts.spikeThreshold, repeatWindowDays: configFrom(opts).repeatWindowDays }), f.formatReasonReport, f.reasonReportCsv);
    });

  formatOption(windowOption(withFilters(withStoreOptions(report.command('channels')))))
    .description('channels side by side (volume, response / handle / resolution time, CSAT, NPS, effort, empathy, repeat rate) and which channel for which reason')
    .action(async (opts) => {
      const { channelReport } = await import('../../report/channels.ts');
      const f = await import('../../report/views-format.ts');
      await run(opts, (db, scorerVersion) => channelReport(db, { ...opts, scorerVersion, repeatWindowDays: configFrom(opts).repeatWindowDays }), f.formatChannelReport, f.channelReportCsv);
    });

  formatOption(withFilters(withStoreOptions(report.command('journeys'))))
    .description("customers' contacts across channels: the most common paths, where they switch channel and after which reason, CSAT at the end")
    .option('--window-days <n>', 'a contact within this many days of the previous one continues the journey (default $VOC_REPEAT_WINDOW_DAYS or 7)', positiveInt('--window-days'))
    .option('--top <n>', 'paths and switches listed', positiveInt('--top'), 10)
    .addHelpText('after', `
Needs customer_id and started_at on the rows. \`voc show customer ID\` prints one customer's timeline.

Example:
  voc report journeys --window-days 14`)
    .action(async (opts) => {
      const { journeyReport } = await import('../../report/journeys.ts');
      const f = await import('../../report/views-format.ts');
      await run(opts, (db, scorerVersion) => journeyReport(db, { ...opts, scorerVersion, windowDays: opts.windowDays ?? configFrom(opts).repeatWindowDays }), f.formatJourneyReport, f.journeyReportCsv);
    });

  formatOption(withFilters(withStoreOptions(report.command('reviews'))))
    .description('reviews and survey answers (no agent): rating distribution and trend, sentiment, reasons, effort, and the sentences behind them')
    .action(async (opts) => {
      const { reviewReport } = await import('../../report/reviews.ts');
      const f = await import('../../report/views-format.ts');
      await run(opts, (db, scorerVersion) => reviewReport(db, { ...opts, scorerVersion }), f.formatReviewReport, f.reviewReportCsv);
    });

  scorecardOption(withFilters(withStoreOptions(report.command('html'))))
    .description('one self-contained HTML page: the headline, driver effects, the agent quadrant, trends and a sortable agent table')
    .requiredOption('--out <file.html>', 'where to write the page')
    .option('--outcome <kpi>', 'csat, nps or ces', choice('--outcome', ['csat', 'nps', 'ces']), 'csat')
    .option('--min-interactions <n>', 'interactions an agent needs to be ranked and placed in the quadrant (below: "too few")', positiveInt('--min-interactions'), 20)
    .option('--lang <lang>', 'language of the labels: en or zh (default $VOC_LANG or en)')
    .addHelpText('after', `
The page works offline (no scripts or fonts from the network; charts are SVG drawn with Vega-Lite)
and prints well. Open it in any browser or attach it to an e-mail.

Example:
  voc report html --out report.html --since 2026-09-01
  VOC_LANG=zh voc report html --out report-zh.html`)
    .action(async (opts) => {
      const { reportLanguage } = await import('../../report/labels.ts');
      const lang = reportLanguage(opts.lang);
      const { htmlReport } = await import('../../report/html.ts');
      const { writeFile } = await import('node:fs/promises');
      const { resolve } = await import('node:path');
      await withStore(opts, async (db, scorerVersion) => {
        await requireScores(db, scorerVersion);
        const card = await storedScorecard(db, opts, scorerVersion);
        const scorecard = { name: card.name, version: card.version, questions: new Map(card.items.map((i) => [i.id, i.question])) };
        await writeFile(opts.out, await htmlReport(db, { ...opts, lang, scorerVersion, repeatWindowDays: configFrom(opts).repeatWindowDays, scorecard }));
        console.log(`report → ${resolve(opts.out)}`);
      });
    });

  const exporter = program.command('export').description('files for other tools: the coaching export');
  scorecardOption(withFilters(withStoreOptions(exporter.command('coaching'))))
    .description('per agent: where empathy was called for and missing or late, with a peer example, plus their best moments')
    .option('--out <file.csv>', 'one CSV with every agent')
    .option('--per-agent <dir>', 'one CSV per agent in this folder')
    .option('--agent <id>', 'only this agent')
    .option('--limit <n>', 'coaching moments per agent, worst first', positiveInt('--limit'), 10)
    .option('--praise <n>', 'best interactions per agent for positive feedback', positiveInt('--praise', 0), 3)
    .option('--lang <lang>', 'language of the headers, notes and named values: en or zh (default $VOC_LANG or en)')
    .addHelpText('after', `
Each coaching row holds the customer's turn, the agent's reply, what was missing, and how a top agent
of the same team answered a turn with the same trigger (and contact reason when there is one), and
the QA scorecard items the interaction failed (failed_items).
Cells that a spreadsheet would read as a formula are prefixed with '.

Examples:
  voc export coaching --out coaching.csv
  voc export coaching --per-agent coaching/ --team billing
  voc export coaching --out coaching.csv --lang zh`)
    .action(async (opts) => {
      if (!opts.out && !opts.perAgent) throw new UsageError('give --out FILE.csv, --per-agent DIR, or both');
      const { exportCoaching } = await import('../../report/coaching.ts');
      const { labels, reportLanguage } = await import('../../report/labels.ts');
      const L = labels(reportLanguage(opts.lang));
      await withStore(opts, async (db, scorerVersion) => {
        const scorecardVersion = (await storedScorecard(db, opts, scorerVersion)).version;
        const res = await exportCoaching(db, { ...opts, perAgentDir: opts.perAgent, scorerVersion, scorecardVersion, labels: L });
        const where = res.files.length === 1 ? res.files[0]! : L.t('coaching.files', { n: String(res.files.length) });
        console.log(L.t('coaching.summary', { rows: String(res.rows), agents: String(res.agents), where }));
      });
    });
}
