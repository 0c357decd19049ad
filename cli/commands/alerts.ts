/** `voc alerts check` and `voc alerts list`: rules in alerts.json, firings recorded once, posted to a webhook. */
import type { Command } from 'commander';
import { UsageError } from '../../lib/errors.ts';
import { requireScores, withStore, withStoreOptions } from '../options.ts';

export function register(program: Command): void {
  const alerts = program.command('alerts').description('alert rules on the KPIs and scores: check them, list what fired');
  withStoreOptions(alerts.command('check'))
    .description('evaluate the rules; print and post each new firing once (until it clears)')
    .option('--rules <file>', 'the rules (default $VOC_ALERTS or ./alerts.json)')
    .option('--now <time>', 'judge as of this time (default: the latest contact stored)', (v: string) => {
      if (Number.isNaN(Date.parse(v))) throw new UsageError(`--now must be a date and time, got ${JSON.stringify(v)}`);
      return v;
    })
    .option('--json', 'print the result as JSON')
    .addHelpText('after', `
alerts.json:
  {
    "webhook": "https://hooks.example.com/voc",          (optional; or $VOC_ALERT_WEBHOOK)
    "rules": [
      { "id": "billing-effort-up", "metric": "effort", "reason": "billing", "window_days": 7, "change_pct_above": 20, "baseline_weeks": 4 },
      { "id": "agent-empathy-low", "metric": "empathy", "by": "agent", "window_days": 30, "min_n": 30, "below": 40 },
      { "id": "detractors-today", "metric": "detractor_share", "window_days": 1, "above": 0.3 }
    ]
  }
metric: n, csat, csat_top2, nps, detractor_share, ces_hard, effort, empathy, sentiment, handle_s, wait_s,
  first_response_s, resolution_s, fcr, unresolved, repeat_rate, abandon_rate, escalation_rate, transfer_rate
scope: "by" agent|team|reason|channel checks each one; "team", "agent", "reason", "channel" pick one.
A firing is recorded once and not announced again until the rule stops firing for that scope.
\`voc ingest\` runs this check after every file when the rules file exists.

Example:
  voc alerts check --rules alerts.json`)
    .action(async (opts) => {
      const { runAlertCheck } = await import('../run-alerts.ts');
      await withStore(opts, async (db, scorerVersion) => {
        await requireScores(db, scorerVersion);
        await runAlertCheck(db, scorerVersion, { ...opts, backoffMs: process.env.VOC_ALERT_BACKOFF_MS ? Number(process.env.VOC_ALERT_BACKOFF_MS) : undefined });
      });
    });

  withStoreOptions(alerts.command('list'))
    .description('the latest firings, open and cleared, with their webhook delivery')
    .option('--json', 'print as JSON')
    .action(async (opts) => {
      const { listFirings } = await import('../../store/alerts.ts');
      await withStore(opts, async (db) => {
        const rows = await listFirings(db);
        if (opts.json) return console.log(JSON.stringify(rows, null, 2));
        if (rows.length === 0) return console.log('no alert has fired');
        for (const r of rows) {
          console.log(`${new Date(r.fired_at).toISOString().slice(0, 16)} ${r.cleared_at ? 'cleared' : 'OPEN   '} ${r.message} [webhook: ${r.delivery}${r.attempts ? `, ${r.attempts} tries` : ''}${r.last_error ? `, ${r.last_error}` : ''}]`);
        }
      });
    });
}
