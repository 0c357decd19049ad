/**
 * Alerts: rules in a data file (`alerts.json`), each a metric over a scope and a window, compared with
 * a threshold or with its own baseline; `voc alerts check` evaluates them, records each firing once
 * (no repeat until it clears), prints it and posts it to a webhook.
 *
 * A rule:
 *   { "id": "billing-effort-up", "metric": "effort", "reason": "billing", "window_days": 7,
 *     "change_pct_above": 20, "baseline_weeks": 4 }
 *   { "id": "agent-empathy-low", "metric": "empathy", "by": "agent", "window_days": 30, "min_n": 30, "below": 40 }
 *   { "id": "detractors-today", "metric": "detractor_share", "window_days": 1, "above": 0.3 }
 * `by` (agent, team, reason, channel) evaluates the rule for each of them; `team`, `agent`, `reason`,
 * `channel` restrict it to one. The window ends at `now` (by default the latest contact stored, so a
 * replayed file is judged as of its own time). `min_n` (default 20) interactions with the metric are
 * needed before a rule can fire.
 */
import { readFileSync } from 'node:fs';
import type { Queryable } from '../store/db.ts';
import { clearFiring, openFirings, recordFiring, type FiringRow } from '../store/alerts.ts';
import { kpiRows, type KpiGroup, type KpiSqlRow } from '../store/reports-kpis.ts';

export const ALERT_METRICS = ['n', 'csat', 'csat_top2', 'nps', 'detractor_share', 'ces_hard', 'effort', 'empathy', 'sentiment', 'handle_s', 'wait_s',
  'first_response_s', 'resolution_s', 'fcr', 'unresolved', 'repeat_rate', 'abandon_rate', 'escalation_rate', 'transfer_rate'] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

export interface AlertRule {
  id: string;
  metric: AlertMetric;
  by?: 'agent' | 'team' | 'reason' | 'channel';
  team?: string;
  agent?: string;
  reason?: string;
  channel?: string;
  /** @defaultValue 7 */
  window_days?: number;
  /** @defaultValue 20 */
  min_n?: number;
  above?: number;
  below?: number;
  /** Fires when the window's value is this many % above the baseline's (negative: below). */
  change_pct_above?: number;
  change_pct_below?: number;
  /** Weeks before the window that make the baseline. @defaultValue 4 */
  baseline_weeks?: number;
}

export interface AlertConfig {
  /** Where firings are POSTed as JSON (or $VOC_ALERT_WEBHOOK). */
  webhook?: string;
  rules: AlertRule[];
}

export class AlertConfigError extends Error {
  override name = 'AlertConfigError';
}

/** Reads and checks an alerts file; every mistake names the rule and the field. */
export function loadAlertConfig(path: string): AlertConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new AlertConfigError(`cannot read the alert rules in ${path}: ${(cause as Error).message}`, { cause });
  }
  const cfg = raw as AlertConfig;
  if (!cfg || !Array.isArray(cfg.rules)) throw new AlertConfigError(`${path} must hold {"rules": [ … ]}`);
  const ids = new Set<string>();
  cfg.rules.forEach((r, i) => {
    const where = `${path}: rule ${i + 1}${r?.id ? ` (${r.id})` : ''}`;
    if (!r || typeof r.id !== 'string' || !r.id) throw new AlertConfigError(`${where}: "id" is missing`);
    if (ids.has(r.id)) throw new AlertConfigError(`${where}: the id is used twice`);
    ids.add(r.id);
    if (!(ALERT_METRICS as readonly string[]).includes(r.metric)) throw new AlertConfigError(`${where}: "metric" must be one of ${ALERT_METRICS.join(', ')}`);
    if (r.by && !['agent', 'team', 'reason', 'channel'].includes(r.by)) throw new AlertConfigError(`${where}: "by" must be agent, team, reason or channel`);
    const tests = ['above', 'below', 'change_pct_above', 'change_pct_below'].filter((k) => (r as any)[k] !== undefined);
    if (tests.length !== 1 || typeof (r as any)[tests[0]!] !== 'number') throw new AlertConfigError(`${where}: give exactly one number of above, below, change_pct_above, change_pct_below`);
    for (const k of ['window_days', 'min_n', 'baseline_weeks'] as const) {
      if (r[k] !== undefined && !(Number.isInteger(r[k]) && r[k]! > 0)) throw new AlertConfigError(`${where}: "${k}" must be a whole number above 0`);
    }
  });
  return cfg;
}

/** The metric's value in a KPI row, and how many interactions it rests on. */
function metricOf(row: KpiSqlRow, m: AlertMetric): { value: number | null; n: number } {
  switch (m) {
    case 'n': return { value: row.n, n: row.n };
    case 'nps': return { value: row.nps_n ? (100 * (row.promoters - row.detractors)) / row.nps_n : null, n: row.nps_n };
    case 'detractor_share': return { value: row.nps_n ? row.detractors / row.nps_n : null, n: row.nps_n };
    case 'unresolved': return { value: row.fcr === null ? null : 1 - row.fcr, n: row.fcr_n };
    case 'csat': case 'csat_top2': return { value: row[m], n: row.csat_n };
    case 'empathy': return { value: row.empathy, n: row.empathy_n };
    case 'ces_hard': return { value: row.ces_hard, n: row.ces_n };
    case 'fcr': return { value: row.fcr, n: row.fcr_n };
    default: return { value: row[m], n: row.n };
  }
}

export interface Firing {
  rule_id: string;
  scope_key: string;
  metric: AlertMetric;
  value: number;
  /** The threshold, or the baseline for a change rule. */
  threshold: number;
  n: number;
  window: { from: string; until: string };
  message: string;
}

export interface CheckResult {
  now: string;
  /** New firings (each announced once). */
  fired: (Firing & { id: number })[];
  /** Scopes whose open firing cleared in this check. */
  cleared: { rule_id: string; scope_key: string }[];
  /** Rules still firing from before (not announced again). */
  ongoing: number;
}

const DAY = 86_400_000;

/** Evaluates one rule as of `now`: every scope where it fires. */
export async function evaluateRule(db: Queryable, rule: AlertRule, scorerVersion: string, now: Date): Promise<{ firing: Firing[]; scopes: string[] }> {
  const window = rule.window_days ?? 7;
  const from = new Date(now.getTime() - window * DAY).toISOString();
  const until = now.toISOString();
  const by: KpiGroup = rule.by ?? 'all';
  const only = { team: rule.team, agent: rule.agent, reason: rule.reason, channel: rule.channel };
  const rows = await kpiRows(db, by, { scorerVersion, ...only, since: from, until });
  const change = rule.change_pct_above !== undefined || rule.change_pct_below !== undefined;
  let baseline = new Map<string, KpiSqlRow>();
  if (change) {
    const weeks = rule.baseline_weeks ?? 4;
    const base = await kpiRows(db, by, { scorerVersion, ...only, since: new Date(now.getTime() - (window + 7 * weeks) * DAY).toISOString(), until: from });
    // Volume is compared per window-length: the baseline's count scaled to the window.
    baseline = new Map(base.map((r) => [r.key, rule.metric === 'n' ? { ...r, n: (r.n * window) / (7 * weeks) } : r]));
  }
  const minN = rule.min_n ?? 20;
  const scopeName = (key: string) => [rule.team && `team=${rule.team}`, rule.agent && `agent=${rule.agent}`, rule.reason && `reason=${rule.reason}`, rule.channel && `channel=${rule.channel}`, by !== 'all' && `${by}=${key}`].filter(Boolean).join(',');
  const firing: Firing[] = [];
  const scopes: string[] = [];
  for (const row of rows) {
    const scope_key = scopeName(row.key);
    scopes.push(scope_key);
    const { value, n } = metricOf(row, rule.metric);
    if (value === null || n < minN) continue;
    let threshold: number;
    let fires: boolean;
    let what: string;
    if (change) {
      const b = baseline.get(row.key);
      const bv = b ? metricOf(b, rule.metric).value : null;
      if (bv === null || bv === 0) continue;
      const pct = (100 * (value - bv)) / Math.abs(bv);
      threshold = bv;
      fires = rule.change_pct_above !== undefined ? pct >= rule.change_pct_above : pct <= rule.change_pct_below!;
      what = `${pct >= 0 ? 'up' : 'down'} ${Math.abs(Math.round(pct))}% on its ${rule.baseline_weeks ?? 4}-week baseline (${round(bv)} → ${round(value)})`;
    } else {
      threshold = (rule.above ?? rule.below)!;
      fires = rule.above !== undefined ? value > rule.above : value < rule.below!;
      what = `${round(value)} ${rule.above !== undefined ? 'above' : 'below'} ${threshold}`;
    }
    if (fires) {
      firing.push({
        rule_id: rule.id, scope_key, metric: rule.metric, value, threshold, n, window: { from, until },
        message: `${rule.id}: ${rule.metric}${scope_key ? ` for ${scope_key}` : ''} ${what} over the ${window} days to ${until.slice(0, 10)} (n = ${n})`,
      });
    }
  }
  return { firing, scopes };
}

const round = (x: number) => (Math.abs(x) >= 100 ? Math.round(x) : Math.abs(x) >= 1 ? Math.round(x * 10) / 10 : Math.round(x * 1000) / 1000);

/** The time alerts are judged at when none is given: the latest contact stored. */
export async function latestContact(db: Queryable): Promise<Date> {
  const { rows } = await db.query<{ t: string | Date | null }>(`SELECT max(started_at) AS t FROM interactions`);
  return rows[0]?.t ? new Date(new Date(rows[0].t).getTime() + 1000) : new Date();
}

/**
 * Evaluates every rule, records new firings (once per rule and scope until it clears) and clears
 * those that stopped. Delivery to a webhook is the caller's (see alerts-webhook.ts).
 */
export async function checkAlerts(db: Queryable, cfg: AlertConfig, opts: { scorerVersion: string; now?: Date; webhook?: boolean }): Promise<CheckResult> {
  const now = opts.now ?? (await latestContact(db));
  const open = await openFirings(db, cfg.rules.map((r) => r.id));
  const result: CheckResult = { now: now.toISOString(), fired: [], cleared: [], ongoing: 0 };
  for (const rule of cfg.rules) {
    const { firing } = await evaluateRule(db, rule, opts.scorerVersion, now);
    const firingKeys = new Set(firing.map((f) => f.scope_key));
    for (const f of firing) {
      const row = await recordFiring(db, { rule_id: f.rule_id, scope_key: f.scope_key, value: f.value, threshold: f.threshold, message: f.message, delivery: opts.webhook ? 'pending' : 'none' });
      if (row) result.fired.push({ ...f, id: row.id });
      else result.ongoing++;
    }
    for (const o of open.filter((x: FiringRow) => x.rule_id === rule.id && !firingKeys.has(x.scope_key))) {
      await clearFiring(db, o.id);
      result.cleared.push({ rule_id: o.rule_id, scope_key: o.scope_key });
    }
  }
  return result;
}
