/**
 * The reports a contact-centre leader and QA lead read: agent scorecards, one agent's drill-down, the
 * driver analysis (what moves CSAT / NPS / CES here), the coaching export and the HTML report.
 */
import type { Command } from 'commander';
import { choice, positiveInt, requireScores, withFilters, withStore, withStoreOptions } from '../options.ts';
import { UsageError } from '../../lib/errors.ts';

export function register(program: Command): void {
  const report = program.command('report').description('agent scorecards and the HTML report');

  withFilters(withStoreOptions(report.command('agents')))
    .description('one row per agent: empathy beside handle time, CSAT, FCR and transfers, with a coaching quadrant')
    .option('--format <format>', 'table, csv or json', choice('--format', ['table', 'csv', 'json']), 'table')
    .option('--baseline <baseline>', 'quadrant against the team or the centre median', choice('--baseline', ['team', 'centre']), 'team')
    .addHelpText('after', `
Empathy is the mean over the interactions where a customer turn called for it; the count is shown
beside it. The quadrant compares the agent's empathy and handle time with the median agent of the team
(or the centre with --baseline centre).

Examples:
  voc report agents
  voc report agents --team billing --since 2026-09-01
  voc report agents --format csv > agents.csv`)
    .action(async (opts) => {
      const { agentTable } = await import('../../report/agents.ts');
      const { agentTableCsv, formatAgentTable } = await import('../../report/agents-format.ts');
      await withStore(opts, async (db, scorerVersion) => {
        const rows = await agentTable(db, { ...opts, scorerVersion });
        if (opts.format === 'json') console.log(JSON.stringify(rows, null, 2));
        else if (opts.format === 'csv') process.stdout.write(await agentTableCsv(rows));
        else if (rows.length === 0) console.log('no interactions with an agent yet (run `voc ingest` or `voc demo`)');
        else console.log(formatAgentTable(rows));
      });
    });

  withFilters(withStoreOptions(report.command('agent <id>')))
    .description("one agent's scorecard, weekly trend and the interactions behind each figure, worst first")
    .option('--limit <n>', 'interactions listed per figure', positiveInt('--limit'), 5)
    .option('--json', 'print as JSON')
    .action(async (id: string, opts) => {
      const { agentDetail } = await import('../../report/agents.ts');
      const { formatAgentDetail } = await import('../../report/agents-format.ts');
      await withStore(opts, async (db, scorerVersion) => {
        const detail = await agentDetail(db, id, { ...opts, scorerVersion });
        if (!detail) throw new UsageError(`no interactions for agent ${JSON.stringify(id)}${opts.team ? ` in team ${opts.team}` : ''}`);
        console.log(opts.json ? JSON.stringify(detail, null, 2) : formatAgentDetail(detail));
      });
    });

  withFilters(withStoreOptions(report.command('html')))
    .description('one self-contained HTML page: the headline, driver effects, the agent quadrant, trends and a sortable agent table')
    .requiredOption('--out <file.html>', 'where to write the page')
    .option('--outcome <kpi>', 'csat, nps or ces', choice('--outcome', ['csat', 'nps', 'ces']), 'csat')
    .addHelpText('after', `
The page works offline (no scripts or fonts from the network; charts are SVG drawn with Vega-Lite)
and prints well. Open it in any browser or attach it to an e-mail.

Example:
  voc report html --out report.html --since 2026-09-01`)
    .action(async (opts) => {
      const { htmlReport } = await import('../../report/html.ts');
      const { writeFile } = await import('node:fs/promises');
      const { resolve } = await import('node:path');
      await withStore(opts, async (db, scorerVersion) => {
        await requireScores(db, scorerVersion);
        await writeFile(opts.out, await htmlReport(db, { ...opts, scorerVersion }));
        console.log(`report → ${resolve(opts.out)}`);
      });
    });

  const exporter = program.command('export').description('files for other tools: the coaching export');
  withFilters(withStoreOptions(exporter.command('coaching')))
    .description('per agent: where empathy was called for and missing or late, with a peer example, plus their best moments')
    .option('--out <file.csv>', 'one CSV with every agent')
    .option('--per-agent <dir>', 'one CSV per agent in this folder')
    .option('--agent <id>', 'only this agent')
    .option('--limit <n>', 'coaching moments per agent, worst first', positiveInt('--limit'), 10)
    .option('--praise <n>', 'best interactions per agent for positive feedback', positiveInt('--praise', 0), 3)
    .addHelpText('after', `
Each coaching row holds the customer's turn, the agent's reply, what was missing, and how a top agent
of the same team answered a turn with the same trigger (and contact reason when there is one).
Cells that a spreadsheet would read as a formula are prefixed with '.

Examples:
  voc export coaching --out coaching.csv
  voc export coaching --per-agent coaching/ --team billing`)
    .action(async (opts) => {
      if (!opts.out && !opts.perAgent) throw new UsageError('give --out FILE.csv, --per-agent DIR, or both');
      const { exportCoaching } = await import('../../report/coaching.ts');
      await withStore(opts, async (db, scorerVersion) => {
        const res = await exportCoaching(db, { ...opts, perAgentDir: opts.perAgent, scorerVersion });
        console.log(`coaching export: ${res.rows} rows for ${res.agents} agents → ${res.files.length === 1 ? res.files[0] : `${res.files.length} files`}`);
      });
    });
}
