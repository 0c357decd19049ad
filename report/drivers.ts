/**
 * Driver analysis: which of empathy, ownership, the customer's mood shift, effort, handle / wait /
 * hold time, transfers and resolution move an outcome (CSAT, NPS or CES) on this centre's own data,
 * and by how much, with bootstrap intervals. The rows come from SQL; the statistics from stats.ts.
 *
 * Two choices a reader should know:
 * - Empathy is null where no customer turn called for it. By default only those interactions where it
 *   applied are analysed (`empathy: 'applicable'`); `'impute'` keeps every interaction, fills the
 *   missing empathy with the mean of the rest and adds an `empathy_not_applicable` flag as a driver.
 * - Handle, wait and hold time are standardized within each channel before the regression (a 4-hour
 *   e-mail response and a 4-minute call queue are different scales), so "one standard deviation of
 *   wait" means one SD for that channel; the per-channel SDs in seconds are reported.
 */
import type { Queryable } from '../store/db.ts';
import { filterSql, type ReportFilters } from './filters.ts';
import { compareEffects, standardizedRegression, type Comparison, type DriverEffect, type RegressionOptions } from './stats.ts';

export const OUTCOMES = ['csat', 'nps', 'ces'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const DRIVERS = [
  'empathy', 'ownership_statements', 'customer_shift', 'effort', 'handle_time_s', 'wait_time_s', 'hold_time_s', 'transfers', 'resolved',
] as const;
export type Driver = (typeof DRIVERS)[number];

/** Readable names for the headline and the charts. */
export const DRIVER_LABELS: Record<string, string> = {
  empathy: 'empathy',
  ownership_statements: 'ownership statements',
  customer_shift: 'customer sentiment shift',
  effort: 'customer effort (text)',
  handle_time_s: 'handle time',
  wait_time_s: 'wait',
  hold_time_s: 'hold time',
  transfers: 'transfers',
  resolved: 'resolved',
  empathy_not_applicable: 'empathy not called for',
};
const OUTCOME_LABELS: Record<Outcome, string> = { csat: 'CSAT', nps: 'NPS (0–10 answer)', ces: 'CES' };

/** Time drivers standardized within channel. */
const PER_CHANNEL: readonly Driver[] = ['handle_time_s', 'wait_time_s', 'hold_time_s'];
/** A driver missing in more than this share of the rows is left out rather than dropping the rows. */
const MAX_MISSING_SHARE = 0.5;

export interface DriverOptions extends ReportFilters, RegressionOptions {
  /** @defaultValue 'csat' */
  outcome?: Outcome;
  /** How interactions without an empathy score are handled. @defaultValue 'applicable' */
  empathy?: 'applicable' | 'impute';
  /** Which drivers to use. @defaultValue DRIVERS */
  drivers?: readonly Driver[];
  /** Also analyse each team (not when `team` already picks one). @defaultValue true */
  perTeam?: boolean;
  /** Scores of this scorer version (the configured scorer's: `currentScorerVersion`). */
  scorerVersion: string;
}

export interface DriverAnalysis {
  /** Overall, or the team's name. */
  scope: string;
  n: number;
  r2: number | null;
  effects: DriverEffect[];
  comparison: Comparison | null;
  headline: string;
  /** Drivers left out and why. */
  excluded: { driver: string; reason: string }[];
  /** SD in seconds of each per-channel time driver, by channel. */
  channelSds: Record<string, Record<string, number>>;
  warnings: string[];
}

export interface DriverReport {
  outcome: Outcome;
  scorer_version: string;
  empathy_handling: string;
  overall: DriverAnalysis;
  teams: DriverAnalysis[];
}

/** One interaction as the analysis reads it: the outcome `y` and the raw driver values. */
export type DriverRow = Record<Driver, number | null> & { interaction_id: string; y: number; team: string | null; channel: string };

/** The interactions that have the outcome and a score of this scorer version, after the filters. */
export async function fetchDriverRows(db: Queryable, opts: DriverOptions): Promise<DriverRow[]> {
  const outcome = opts.outcome ?? 'csat';
  if (!OUTCOMES.includes(outcome)) throw new Error(`unknown outcome ${outcome}`);
  const f = filterSql(opts, 2);
  const { rows } = await db.query<DriverRow>(
    `SELECT i.interaction_id, i.${outcome}::float8 AS y, i.team, i.channel,
       CASE WHEN s.empathy_applicable THEN s.empathy::float8 END AS empathy,
       s.ownership_statements::float8 AS ownership_statements, s.customer_shift::float8 AS customer_shift,
       s.effort::float8 AS effort, i.handle_time_s::float8 AS handle_time_s, i.wait_time_s::float8 AS wait_time_s,
       i.hold_time_s::float8 AS hold_time_s, i.transfers::float8 AS transfers, i.resolved::int::float8 AS resolved
     FROM interactions i
     JOIN scores s ON s.interaction_id = i.interaction_id AND s.scorer_version = $1 AND s.not_scored IS NULL
     WHERE i.${outcome} IS NOT NULL${f.sql}`,
    [opts.scorerVersion, ...f.params],
  );
  // A time that a channel never records (no holds in e-mail) is not missing: it does not apply there,
  // so it counts as the channel's constant (a z-score of 0) and the channel's rows stay in.
  for (const d of PER_CHANNEL) {
    const recorded = new Set(rows.filter((r) => r[d] !== null).map((r) => r.channel));
    for (const r of rows) if (r[d] === null && !recorded.has(r.channel)) r[d] = 0;
  }
  return rows;
}

/** Runs the analysis overall and (by default) per team. */
export async function driverReport(db: Queryable, opts: DriverOptions): Promise<DriverReport> {
  const rows = await fetchDriverRows(db, opts);
  const outcome = opts.outcome ?? 'csat';
  const overall = analyseDrivers(rows, 'overall', outcome, opts);
  const teams = opts.perTeam === false || opts.team
    ? []
    : [...new Set(rows.map((r) => r.team).filter((t): t is string => t !== null))].sort().map((team) => analyseDrivers(rows.filter((r) => r.team === team), team, outcome, opts));
  return {
    outcome,
    scorer_version: opts.scorerVersion,
    empathy_handling: opts.empathy === 'impute'
      ? 'every interaction; empathy filled with the mean where no customer turn called for it, and flagged by the empathy_not_applicable driver'
      : 'only interactions where a customer turn called for empathy',
    overall,
    teams,
  };
}

/** The regression of `y` on the drivers for one scope (overall or a team), with the headline and notes. */
export function analyseDrivers(all: DriverRow[], scope: string, outcome: Outcome, opts: DriverOptions): DriverAnalysis {
  if (all.length === 0) {
    // Nothing to explain: say so, and blame no driver (an empty set has no empathy scores either).
    const label = OUTCOME_LABELS[outcome];
    return {
      scope, n: 0, r2: null, effects: [], comparison: null, excluded: [], channelSds: {},
      headline: `No survey answers: no interaction here has a ${label} answer, so the drivers of ${label} cannot be estimated.`,
      warnings: [`no interactions with a ${label} answer${scope === 'overall' ? '' : ' in this team'}`],
    };
  }
  const wanted = [...(opts.drivers ?? DRIVERS)];
  const excluded: DriverAnalysis['excluded'] = [];
  const warnings: string[] = [];
  let rows = all;
  const impute = opts.empathy === 'impute';
  if (wanted.includes('empathy') && !impute) {
    rows = all.filter((r) => r.empathy !== null);
    if (rows.length === 0) {
      excluded.push({ driver: 'empathy', reason: 'no interaction here has an empathy score (none called for it, or the empathy scorer has not run)' });
      wanted.splice(wanted.indexOf('empathy'), 1);
      rows = all;
    } else if (rows.length < all.length) {
      warnings.push(`${all.length - rows.length} of ${all.length} interactions left out because empathy did not apply to them`);
    }
  }
  const drivers = wanted.filter((d) => {
    const missing = rows.filter((r) => r[d] === null).length;
    if (rows.length > 0 && missing / rows.length > MAX_MISSING_SHARE && !(impute && d === 'empathy')) {
      excluded.push({ driver: d, reason: `missing in ${Math.round((100 * missing) / rows.length)}% of the rows` });
      return false;
    }
    return true;
  });
  const complete = rows.filter((r) => drivers.every((d) => r[d] !== null || (impute && d === 'empathy')));
  if (complete.length < rows.length) warnings.push(`${rows.length - complete.length} interactions left out for a missing driver value`);

  const columns: Record<string, number[]> = {};
  const channelSds: DriverAnalysis['channelSds'] = {};
  for (const d of drivers) {
    if (PER_CHANNEL.includes(d)) {
      const { values, sds } = withinChannel(complete, d);
      columns[d] = values;
      channelSds[d] = sds;
    } else if (d === 'empathy' && impute) {
      const present = complete.filter((r) => r.empathy !== null).map((r) => r.empathy!);
      const fill = present.length ? present.reduce((a, b) => a + b, 0) / present.length : 0;
      columns.empathy = complete.map((r) => r.empathy ?? fill);
      columns.empathy_not_applicable = complete.map((r) => (r.empathy === null ? 1 : 0));
    } else {
      columns[d] = complete.map((r) => r[d]!);
    }
  }
  const reg = standardizedRegression(complete.map((r) => r.y), columns, { bootstrap: opts.bootstrap, seed: opts.seed });
  if (reg) excluded.push(...reg.dropped);
  const effects = reg?.effects ?? [];
  const comparison = reg ? compareEffects(reg, 'empathy', 'wait_time_s') : null;
  return {
    scope,
    n: complete.length,
    r2: reg?.r2 ?? null,
    effects,
    comparison,
    headline: headline(outcome, effects, comparison, complete.length, channelSds),
    excluded,
    channelSds,
    warnings: [...warnings, ...(reg?.warnings ?? (complete.length > 0 ? [`only ${complete.length} interactions: too few for a regression`] : ['no interactions with this outcome and a score']))],
  };
}

/** Each value as a z-score within its channel; also the SD in original units per channel. */
function withinChannel(rows: DriverRow[], d: Driver): { values: number[]; sds: Record<string, number> } {
  const byChannel = new Map<string, number[]>();
  for (const r of rows) {
    let list = byChannel.get(r.channel);
    if (!list) byChannel.set(r.channel, (list = []));
    list.push(r[d]!);
  }
  const moments = new Map<string, { m: number; s: number }>();
  const sds: Record<string, number> = {};
  for (const [ch, xs] of [...byChannel].sort(([a], [b]) => a.localeCompare(b))) {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const s = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : 0;
    moments.set(ch, { m, s });
    if (s > 0) sds[ch] = s;
  }
  // A channel where the driver never varies (no holds on chat) contributes zeros, not a division by 0.
  return { values: rows.map((r) => ((mo) => (mo.s > 0 ? (r[d]! - mo.m) / mo.s : 0))(moments.get(r.channel)!)), sds };
}

/** +0.42 / −0.25, with a true minus sign; a value that rounds to zero is +0.00. */
const signed = (x: number, digits = 2) => `${Number(x.toFixed(digits)) < 0 ? '−' : '+'}${Math.abs(x).toFixed(digits)}`;
const interval = (lo: number, hi: number) => `95% CI ${signed(lo)} to ${signed(hi)}`;

/** A duration for a reader: 45 s, 3.5 min, 2.9 h. */
export const duration = (s: number) => (s >= 3600 ? `${(s / 3600).toFixed(1)} h` : s >= 120 ? `${(s / 60).toFixed(1)} min` : `${Math.round(s)} s`);

function sdText(sds: Record<string, number> | undefined): string {
  if (!sds || Object.keys(sds).length === 0) return '';
  const parts = Object.entries(sds).map(([ch, s]) => `${duration(s)} for ${ch}`);
  return ` (one SD = ${parts.join(', ')})`;
}

/** The finding in words: empathy's effect, wait's effect, and which matters more. */
export function headline(outcome: Outcome, effects: DriverEffect[], cmp: Comparison | null, n: number, sds: DriverAnalysis['channelSds'] = {}): string {
  const label = OUTCOME_LABELS[outcome];
  const emp = effects.find((e) => e.driver === 'empathy');
  const wait = effects.find((e) => e.driver === 'wait_time_s');
  if (!emp && !wait) return `Not enough data to estimate what moves ${label} (n = ${n}).`;
  const parts: string[] = [`Here (n = ${n.toLocaleString('en-US')}),`];
  if (emp) parts.push(`one standard deviation more empathy moves ${label} by ${signed(emp.effect)} (${interval(emp.ci[0], emp.ci[1])})${emp.sd ? ` (one SD = ${emp.sd.toFixed(0)} points of 100)` : ''};`);
  // "Less wait" flips the sign of wait's coefficient and of its interval.
  if (wait) parts.push(`one standard deviation less wait moves it by ${signed(-wait.effect)} (${interval(-wait.ci[1], -wait.ci[0])})${sdText(sds.wait_time_s)};`);
  if (emp && wait && cmp) {
    const [more, less, ratio] = Math.abs(emp.effect) >= Math.abs(wait.effect) ? ['empathy', 'wait', cmp.ratio] : ['wait', 'empathy', 1 / cmp.ratio];
    parts.push(
      cmp.distinguishable
        ? `${more} matters ${ratio.toFixed(1)}× as much as ${less}.`
        : `empathy and wait are not distinguishable with this much data (${more} looks ${ratio.toFixed(1)}× as large, but the intervals overlap).`,
    );
  } else {
    parts[parts.length - 1] = parts[parts.length - 1]!.replace(/;$/, '.');
  }
  return parts.join(' ');
}
