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

/**
 * After new scores (an ingest that scored in process, a worker's batches): check the alerts if a rules
 * file is there. A failure is a warning, never the ingest's or the worker's.
 */
export async function alertsAfterIngest(db: Db, scorerVersion: string): Promise<void> {
  if (!existsSync(alertsPath())) return;
  try {
    await runAlertCheck(db, scorerVersion);
  } catch (err) {
    console.error(`warning: alerts not checked: ${(err as Error).message}`);
  }
}

/**
 * A worker's alert checks: at most one per `everyMs`, only after new scores, and one last check when
 * the worker stops. A firing is recorded once in PostgreSQL, so several workers checking at once
 * announce it once.
 */
export function alertsAfterScoring(db: Db, scorerVersion: string, everyMs: number) {
  let fresh = 0;
  let running: Promise<void> | null = null;
  const check = () => {
    if (fresh === 0 || running) return running ?? Promise.resolve();
    fresh = 0;
    return (running = alertsAfterIngest(db, scorerVersion).finally(() => (running = null)));
  };
  const timer = existsSync(alertsPath()) ? setInterval(() => void check(), everyMs) : null;
  timer?.unref();
  return {
    scored(n: number) {
      fresh += n;
    },
    /** Stops the timer after a last check of what was scored since the previous one. */
    async stop() {
      if (!timer) return;
      clearInterval(timer);
      await running;
      await check();
    },
  };
}
