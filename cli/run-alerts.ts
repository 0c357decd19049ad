/** `voc alerts check`, also run after `voc ingest` when an alerts file is present. */
import { existsSync } from 'node:fs';
import type { Db } from '../store/db.ts';

/** Where the rules are: --rules, else $VOC_ALERTS, else ./alerts.json. */
export const alertsPath = (flag?: string) => flag ?? process.env.VOC_ALERTS ?? 'alerts.json';

export interface AlertCheckOptions {
  rules?: string;
  now?: string;
  json?: boolean;
  /** Webhook retry timing (tests shorten it). */
  backoffMs?: number;
}

/** Evaluates the rules, prints new and cleared firings, posts new ones to the webhook. */
export async function runAlertCheck(db: Db, scorerVersion: string, opts: AlertCheckOptions = {}): Promise<void> {
  const { checkAlerts, loadAlertConfig } = await import('../report/alerts.ts');
  const { deliverFirings } = await import('../report/alerts-webhook.ts');
  const path = alertsPath(opts.rules);
  const cfg = loadAlertConfig(path);
  const webhook = cfg.webhook ?? process.env.VOC_ALERT_WEBHOOK ?? null;
  const r = await checkAlerts(db, cfg, { scorerVersion, now: opts.now ? new Date(opts.now) : undefined, webhook: Boolean(webhook) });
  const delivery = webhook && r.fired.length ? await deliverFirings(db, webhook, r.fired, { backoffMs: opts.backoffMs }) : null;
  if (opts.json) {
    console.log(JSON.stringify({ ...r, delivery }, null, 2));
    return;
  }
  console.log(`alerts (${cfg.rules.length} rules in ${path}, as of ${r.now.slice(0, 16).replace('T', ' ')}): ${r.fired.length} new, ${r.ongoing} still firing, ${r.cleared.length} cleared`);
  for (const f of r.fired) console.log(`  FIRING ${f.message}`);
  for (const c of r.cleared) console.log(`  cleared ${c.rule_id}${c.scope_key ? ` for ${c.scope_key}` : ''}`);
  if (delivery) console.log(`  webhook: ${delivery.sent} sent${delivery.failed ? `, ${delivery.failed} failed (recorded; \`voc alerts list\` shows them)` : ''}`);
}

/** After an ingest: check the alerts if a rules file is there; a failure is a warning, never the ingest's. */
export async function alertsAfterIngest(db: Db, scorerVersion: string): Promise<void> {
  if (!existsSync(alertsPath())) return;
  try {
    await runAlertCheck(db, scorerVersion);
  } catch (err) {
    console.error(`warning: alerts not checked: ${(err as Error).message}`);
  }
}
