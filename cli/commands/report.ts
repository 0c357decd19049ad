/**
 * The reports a contact-centre leader and QA lead read: agent scorecards, one agent's drill-down, the
 * driver analysis (what moves CSAT / NPS / CES here), the coaching export and the HTML report.
 */
import type { Command } from 'commander';
import { resolveStoreConfig } from '../../store/config.ts';
import type { Db } from '../../store/db.ts';
import { UsageError } from '../errors.ts';

interface StoreFlags {
  databaseUrl?: string;
  dataDir?: string;
}

function withStoreOptions(cmd: Command): Command {
  return cmd
    .option('--database-url <url>', 'PostgreSQL server (default: $DATABASE_URL, else embedded)')
    .option('--data-dir <dir>', 'folder for the embedded database (default: $VOC_DATA_DIR or .voc)');
}

function withFilters(cmd: Command): Command {
  return cmd
    .option('--team <team>', 'only this team')
    .option('--since <date>', 'only interactions on or after this date (e.g. 2026-09-01)')
    .option('--channel <channel>', 'only this channel (call, chat, email, review, survey)');
}

function checkSince(since: unknown): void {
  if (since !== undefined && Number.isNaN(Date.parse(String(since)))) {
    throw new UsageError(`--since must be a date such as 2026-09-01, got ${JSON.stringify(since)}`);
  }
}

/** Opens the store, runs `fn`, closes the store whatever happens. */
async function withStore<T>(flags: StoreFlags, fn: (db: Db) => Promise<T>): Promise<T> {
  const { openStore } = await import('../../store/open.ts');
  const db = await openStore(resolveStoreConfig({ databaseUrl: flags.databaseUrl, dataDir: flags.dataDir }));
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

const choice = (name: string, allowed: readonly string[]) => (value: string) => {
  if (!allowed.includes(value)) throw new UsageError(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return value;
};

const positiveInt = (name: string, min = 1) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be a whole number ≥ ${min}, got ${JSON.stringify(value)}`);
  return n;
};

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
      checkSince(opts.since);
      const { agentTable } = await import('../../report/agents.ts');
      const { agentTableCsv, formatAgentTable } = await import('../../report/agents-format.ts');
      await withStore(opts, async (db) => {
        const rows = await agentTable(db, opts);
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
      checkSince(opts.since);
      const { agentDetail } = await import('../../report/agents.ts');
      const { formatAgentDetail } = await import('../../report/agents-format.ts');
      await withStore(opts, async (db) => {
        const detail = await agentDetail(db, id, opts);
        if (!detail) throw new UsageError(`no interactions for agent ${JSON.stringify(id)}${opts.team ? ` in team ${opts.team}` : ''}`);
        console.log(opts.json ? JSON.stringify(detail, null, 2) : formatAgentDetail(detail));
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
      checkSince(opts.since);
      if (!opts.out && !opts.perAgent) throw new UsageError('give --out FILE.csv, --per-agent DIR, or both');
      const { exportCoaching } = await import('../../report/coaching.ts');
      await withStore(opts, async (db) => {
        const res = await exportCoaching(db, { ...opts, perAgentDir: opts.perAgent });
        console.log(`coaching export: ${res.rows} rows for ${res.agents} agents → ${res.files.length === 1 ? res.files[0] : `${res.files.length} files`}`);
      });
    });
}
