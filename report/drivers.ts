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
import { driverSummariesFor } from '../store/summaries.ts';
import { filterSql, type ReportFilters } from './filters.ts';
import { compareEffects, regressionFromSums, type Comparison, type DriverEffect, type RegressionOptions } from './stats.ts';
import { ENGLISH_LABELS, type Labels } from './labels.ts';

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
  /** The language of the headlines and notes. @defaultValue English */
  labels?: Labels;
  /** Above this many analysed interactions the bootstrap resamples agent-days. @defaultValue CLUSTER_ROWS_ABOVE */
  clusterRowsAbove?: number;
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

/**
 * Above this many analysed interactions the bootstrap resamples agent-days (an agent's contacts of one
 * day, all channels) rather than single interactions: contacts of one agent on one day share the
 * agent's mood, queue and customers, so they are not independent draws, and the resampling then costs
 * the same at ten million rows as at fifty thousand. Below it, every interaction is its own cluster
 * (the row bootstrap).
 */
export const CLUSTER_ROWS_ABOVE = 20_000;

/** Rows per (team, channel, empathy known) with the non-missing count of each driver, for choosing the drivers. */
interface CountRow {
  team: string | null;
  channel: string;
  empathy_known: boolean;
  n: number;
  known: Record<string, number>;
}

/** Cross-products of the raw vector [1, y, x…] of the rows of one team, channel and cluster. */
interface RawGroup {
  team: string | null;
  channel: string;
  cluster: string;
  sums: Float64Array;
}

/** Which drivers one scope is analysed on, and what was left out before the regression. */
interface Plan {
  scope: string;
  drivers: Driver[];
  impute: boolean;
  /** Rows after the empathy choice, before dropping rows with a missing driver. */
  rows: number;
  excluded: DriverAnalysis['excluded'];
  warnings: string[];
}

/** The raw columns read per row for a set of drivers: y, each driver, and empathy's missing flag when imputed. */
const rawColumns = (plan: Pick<Plan, 'drivers' | 'impute'>) => ['y', ...plan.drivers, ...(plan.impute ? ['empathy_na'] : [])];

/** Chooses a scope's drivers from the counts, as the row-by-row analysis did. Null when there are no rows. */
function planScope(counts: CountRow[], scope: string, opts: DriverOptions): Plan | null {
  const all = counts.reduce((n, c) => n + c.n, 0);
  if (all === 0) return null;
  const wanted = [...(opts.drivers ?? DRIVERS)];
  const excluded: Plan['excluded'] = [];
  const warnings: string[] = [];
  const impute = opts.empathy === 'impute';
  let base = counts;
  if (wanted.includes('empathy') && !impute) {
    const known = counts.filter((c) => c.empathy_known);
    const rows = known.reduce((n, c) => n + c.n, 0);
    if (rows === 0) {
      excluded.push({ driver: 'empathy', reason: L(opts).t('drivers.no_empathy') });
      wanted.splice(wanted.indexOf('empathy'), 1);
    } else {
      base = known;
      if (rows < all) warnings.push(L(opts).t('drivers.empathy_left_out', { n: plain(all - rows, L(opts)), all: plain(all, L(opts)) }));
    }
  }
  const rows = base.reduce((n, c) => n + c.n, 0);
  const drivers = wanted.filter((d) => {
    const missing = rows - base.reduce((n, c) => n + (c.known[d] ?? 0), 0);
    if (rows > 0 && missing / rows > MAX_MISSING_SHARE && !(impute && d === 'empathy')) {
      excluded.push({ driver: d, reason: L(opts).t('drivers.missing_share', { pct: Math.round((100 * missing) / rows) }) });
      return false;
    }
    return true;
  });
  const imputed = impute && drivers.includes('empathy');
  return { scope, drivers, impute: imputed, rows, excluded, warnings };
}

/** The regression of one scope from its groups' cross-products, with the headline and notes. */
function finishScope(plan: Plan, groups: RawGroup[], outcome: Outcome, opts: DriverOptions): DriverAnalysis {
  const raw = rawColumns(plan);
  const m = raw.length + 1;
  const ix = (name: string) => raw.indexOf(name) + 1;
  const complete = groups.reduce((n, g) => n + g.sums[0]!, 0);
  const warnings = [...plan.warnings];
  if (complete < plan.rows) warnings.push(L(opts).t('drivers.missing_value', { n: plain(plan.rows - complete, L(opts)) }));
  // Per channel: the moments of the time drivers (standardized within channel).
  const perChannel = plan.drivers.filter((d) => PER_CHANNEL.includes(d));
  const byChannel = new Map<string, Float64Array>();
  for (const g of groups) {
    let t = byChannel.get(g.channel);
    if (!t) byChannel.set(g.channel, (t = new Float64Array(m * m)));
    for (let k = 0; k < m * m; k++) t[k]! += g.sums[k]!;
  }
  const moments = new Map<string, Map<string, { m: number; s: number }>>();
  const channelSds: DriverAnalysis['channelSds'] = {};
  for (const d of perChannel) {
    const a = ix(d);
    const sds: Record<string, number> = {};
    const per = new Map<string, { m: number; s: number }>();
    for (const [ch, t] of [...byChannel].sort(([x], [y]) => x.localeCompare(y))) {
      const n = t[0]!;
      const mean = t[a]! / n;
      const s = n > 1 ? Math.sqrt(Math.max(0, (t[a * m + a]! - n * mean * mean) / (n - 1))) : 0;
      per.set(ch, { m: mean, s });
      if (s > 0) sds[ch] = s;
    }
    moments.set(d, per);
    channelSds[d] = sds;
  }
  // Imputed empathy: the mean of the known values fills the others.
  let fill = 0;
  if (plan.impute) {
    let n = 0;
    let sum = 0;
    let na = 0;
    for (const t of byChannel.values()) {
      n += t[0]!;
      sum += t[ix('empathy')]!;
      na += t[ix('empathy_na')]!;
    }
    fill = n - na > 0 ? sum / (n - na) : 0;
  }
  // The final vector [1, y, f…] as a linear map of the raw one, per channel.
  const names: string[] = [];
  const rowsOf: ((ch: string) => Map<number, number>)[] = [];
  for (const d of plan.drivers) {
    const a = ix(d);
    if (perChannel.includes(d)) {
      names.push(d);
      rowsOf.push((ch) => {
        const mo = moments.get(d)!.get(ch)!;
        return mo.s > 0 ? new Map([[a, 1 / mo.s], [0, -mo.m / mo.s]]) : new Map();
      });
    } else if (d === 'empathy' && plan.impute) {
      names.push('empathy', 'empathy_not_applicable');
      const na = ix('empathy_na');
      rowsOf.push(() => new Map([[a, 1], [na, fill]]), () => new Map([[na, 1]]));
    } else {
      names.push(d);
      rowsOf.push(() => new Map([[a, 1]]));
    }
  }
  const q = names.length + 2;
  const maps = new Map<string, [number, number][][]>();
  const mapFor = (ch: string) => {
    let M = maps.get(ch);
    if (!M) maps.set(ch, (M = [[[0, 1]], [[1, 1]], ...rowsOf.map((f) => [...f(ch)])]));
    return M;
  };
  const clusters = new Map<string, Float64Array>();
  for (const g of groups) {
    const M = mapFor(g.channel);
    let S = clusters.get(g.cluster);
    if (!S) clusters.set(g.cluster, (S = new Float64Array(q * q)));
    for (let a = 0; a < q; a++) {
      for (let b = a; b < q; b++) {
        let v = 0;
        for (const [i, wi] of M[a]!) for (const [j, wj] of M[b]!) v += wi * wj * g.sums[i * m + j]!;
        S[a * q + b]! += v;
        if (b !== a) S[b * q + a]! += v;
      }
    }
  }
  const order = [...clusters.keys()].sort();
  const reg = complete > 0 ? regressionFromSums(names, order.map((k) => ({ sums: clusters.get(k)! })), { bootstrap: opts.bootstrap, seed: opts.seed }) : null;
  const excluded = [...plan.excluded, ...(reg?.dropped ?? [])];
  const effects = reg?.effects ?? [];
  const comparison = reg ? compareEffects(reg, 'empathy', 'wait_time_s') : null;
  return {
    scope: plan.scope,
    n: complete,
    r2: reg?.r2 ?? null,
    effects,
    comparison,
    headline: headline(outcome, effects, comparison, complete, channelSds, L(opts)),
    excluded,
    channelSds,
    warnings: [...warnings, ...(reg?.warnings ?? (complete > 0 ? [L(opts).t('drivers.too_few', { n: plain(complete, L(opts)) })] : [L(opts).t('drivers.no_rows')]))],
  };
}

/** The analysis of a scope with no rows at all. */
function emptyScope(scope: string, outcome: Outcome, L: Labels = ENGLISH_LABELS): DriverAnalysis {
  // Nothing to explain: say so, and blame no driver (an empty set has no empathy scores either).
  const label = outcomeLabel(outcome, L);
  return {
    scope, n: 0, r2: null, effects: [], comparison: null, excluded: [], channelSds: {},
    headline: L.t('drivers.no_answers', { outcome: label }),
    warnings: [L.t(scope === 'overall' ? 'drivers.no_answers_note' : 'drivers.no_answers_team', { outcome: label })],
  };
}

/** The SQL of the rows the analysis reads ($1 the scorer version, filters after), a driver's value as read. */
function driverSql(opts: DriverOptions) {
  const outcome = opts.outcome ?? 'csat';
  if (!OUTCOMES.includes(outcome)) throw new Error(`unknown outcome ${outcome}`);
  const f = filterSql(opts, 2);
  const value: Record<Driver, string> = {
    empathy: 'CASE WHEN s.empathy_applicable THEN s.empathy::float8 END',
    ownership_statements: 's.ownership_statements::float8', customer_shift: 's.customer_shift::float8', effort: 's.effort::float8',
    handle_time_s: 'i.handle_time_s::float8', wait_time_s: 'i.wait_time_s::float8', hold_time_s: 'i.hold_time_s::float8',
    transfers: 'i.transfers::float8', resolved: 'i.resolved::int::float8',
  };
  const from = `FROM interactions i
     JOIN scores s ON s.interaction_id = i.interaction_id AND s.scorer_version = $1 AND s.not_scored IS NULL
     WHERE i.${outcome} IS NOT NULL${f.sql}`;
  return { outcome, value, from, params: [opts.scorerVersion, ...f.params] };
}

/** The bit of a driver in summary_drivers.known, and its index in the summary's vector [1, y, drivers…]. */
const knownBit = (d: Driver) => 1 << DRIVERS.indexOf(d);
const summaryIndex = (d: Driver) => 2 + DRIVERS.indexOf(d);

/**
 * Runs the analysis overall and (by default) per team, on cross-products summed per team, channel and
 * cluster: read from the driver summaries (migrations/015_report_summaries.sql) when the filters allow
 * and the clusters are agent-days, else summed in SQL from the rows. Both give the same sums.
 */
export async function driverReport(db: Queryable, opts: DriverOptions): Promise<DriverReport> {
  const { outcome, value, from, params } = driverSql(opts);
  const drivers = [...(opts.drivers ?? DRIVERS)];
  const summary = await driverSummariesFor(db, opts, 3);
  const sParams = summary ? [opts.scorerVersion, outcome, ...summary.params] : [];
  // Pass 1: how many rows, and how many know each driver, per team, channel and empathy known.
  const counted = summary
    ? await db.query<Record<string, unknown>>(
      `WITH ${summary.sql}
       SELECT team, channel, (known & ${knownBit('empathy')}) <> 0 AS empathy_known, sum(p0_0)::int AS n
         ${drivers.map((d, k) => `, coalesce(sum(p0_0) FILTER (WHERE known & ${knownBit(d)} <> 0), 0)::int AS k${k}`).join('')}
       FROM dsummary WHERE outcome = $2 GROUP BY 1, 2, 3 HAVING sum(p0_0) <> 0`,
      sParams,
    )
    : await db.query<Record<string, unknown>>(
      `SELECT i.team, i.channel, (${value.empathy}) IS NOT NULL AS empathy_known, count(*)::int AS n
         ${drivers.map((d, k) => `, count(${value[d]})::int AS k${k}`).join('')}
       ${from} GROUP BY 1, 2, 3`,
      params,
    );
  const counts: CountRow[] = counted.rows.map((r) => ({
    team: r.team as string | null, channel: r.channel as string, empathy_known: r.empathy_known as boolean, n: r.n as number,
    known: Object.fromEntries(drivers.map((d, k) => [d, r[`k${k}`] as number])),
  }));
  const recorded = recordedChannels(counts, drivers);
  const teams = opts.perTeam === false || opts.team
    ? []
    : [...new Set(counts.map((c) => c.team).filter((t): t is string => t !== null))].sort();
  const scopes = [{ scope: 'overall', counts }, ...teams.map((t) => ({ scope: t, counts: counts.filter((c) => c.team === t) }))];
  const plans = scopes.map((sc) => ({ scope: sc.scope, plan: planScope(sc.counts, sc.scope, opts) }));
  // Pass 2: the cross-products per team, channel and cluster, once per distinct set of drivers.
  const total = counts.reduce((n, c) => n + c.n, 0);
  const byAgentDay = total > (opts.clusterRowsAbove ?? CLUSTER_ROWS_ABOVE);
  const cluster = byAgentDay
    ? `coalesce(i.agent_id, '') || '|' || coalesce(to_char(i.started_at AT TIME ZONE current_setting('TimeZone'), 'YYYY-MM-DD'), '')`
    : 'i.interaction_id';
  const quoted = (d: Driver) => [...recorded[d]!].map((ch) => `'${ch.replaceAll("'", "''")}'`);
  const fetched = new Map<string, RawGroup[]>();
  const toGroups = (rows: Record<string, unknown>[], m: number): RawGroup[] =>
    rows.map((r) => {
      const S = new Float64Array(m * m);
      for (let a = 0; a < m; a++) {
        for (let b = a; b < m; b++) {
          const v = Number(r[`s${a}_${b}`]);
          S[a * m + b] = v;
          S[b * m + a] = v;
        }
      }
      return { team: r.team as string | null, channel: r.channel as string, cluster: r.cluster as string, sums: S };
    });
  // From the summaries: each raw column is a column of the summary's vector, or empathy's missing flag
  // (the interactions whose known lacks empathy); only interactions that have every driver used are kept.
  const fromSummary = async (plan: Plan): Promise<RawGroup[]> => {
    const raw = rawColumns(plan);
    const m = raw.length + 1;
    const idx = (a: number): number | 'na' => (a === 0 ? 0 : raw[a - 1] === 'y' ? 1 : raw[a - 1] === 'empathy_na' ? 'na' : summaryIndex(raw[a - 1] as Driver));
    const noEmpathy = `known & ${knownBit('empathy')} = 0`;
    const pair = (a: number, b: number): string => {
      const [x, y] = [idx(a), idx(b)];
      if (x === 'na' && y === 'na') return `CASE WHEN ${noEmpathy} THEN p0_0 ELSE 0 END`;
      if (x === 'na' || y === 'na') return `CASE WHEN ${noEmpathy} THEN p0_${x === 'na' ? y : x} ELSE 0 END`;
      return `p${Math.min(x, y)}_${Math.max(x, y)}`;
    };
    const sums: string[] = [];
    for (let a = 0; a < m; a++) for (let b = a; b < m; b++) sums.push(`sum(${pair(a, b)})::float8 AS s${a}_${b}`);
    const conds = plan.drivers.flatMap((d) => {
      if (d === 'empathy' && plan.impute) return [];
      const has = `known & ${knownBit(d)} <> 0`;
      if (!PER_CHANNEL.includes(d)) return [has];
      const chans = quoted(d);
      return chans.length ? [`(${has} OR channel NOT IN (${chans.join(', ')}))`] : [];
    });
    const { rows } = await db.query<Record<string, unknown>>(
      `WITH ${summary!.sql}
       SELECT team, channel, coalesce(agent_id, '') || '|' || CASE WHEN day = '-infinity' THEN '' ELSE to_char(day::timestamp, 'YYYY-MM-DD') END AS cluster,
         ${sums.join(', ')}
       FROM dsummary WHERE outcome = $2${conds.map((c) => ` AND ${c}`).join('')}
       GROUP BY 1, 2, 3 HAVING sum(p0_0) <> 0`,
      sParams,
    );
    return toGroups(rows, m);
  };
  const fromRows = async (plan: Plan): Promise<RawGroup[]> => {
    const raw = rawColumns(plan);
    const expr = (c: string): string => {
      if (c === 'y') return `i.${outcome}::float8`;
      if (c === 'empathy_na') return `(${value.empathy} IS NULL)::int::float8`;
      if (c === 'empathy' && plan.impute) return `coalesce(${value.empathy}, 0)`;
      const d = c as Driver;
      if (PER_CHANNEL.includes(d)) {
        const chans = quoted(d);
        return chans.length ? `CASE WHEN i.channel IN (${chans.join(', ')}) THEN ${value[d]} ELSE coalesce(${value[d]}, 0) END` : '0::float8';
      }
      return value[d];
    };
    const m = raw.length + 1;
    const col = (a: number) => (a === 0 ? '1' : `c${a}`);
    const sums: string[] = [];
    for (let a = 0; a < m; a++) for (let b = a; b < m; b++) sums.push(`sum(${col(a)} * ${col(b)})::float8 AS s${a}_${b}`);
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT team, channel, cluster, ${sums.join(', ')}
       FROM (SELECT i.team, i.channel, ${cluster} AS cluster, ${raw.map((c, k) => `${expr(c)} AS c${k + 1}`).join(', ')} ${from}) r
       WHERE ${raw.map((_, k) => `c${k + 1} IS NOT NULL`).join(' AND ')}
       GROUP BY 1, 2, 3`,
      params,
    );
    return toGroups(rows, m);
  };
  const groupsOf = async (plan: Plan): Promise<RawGroup[]> => {
    const key = JSON.stringify([plan.drivers, plan.impute]);
    const hit = fetched.get(key);
    if (hit) return hit;
    const groups = await (summary && byAgentDay ? fromSummary(plan) : fromRows(plan));
    fetched.set(key, groups);
    return groups;
  };
  const analyses: DriverAnalysis[] = [];
  for (const { scope, plan } of plans) {
    if (!plan) analyses.push(emptyScope(scope, outcome, L(opts)));
    else analyses.push(finishScope(plan, (await groupsOf(plan)).filter((g) => scope === 'overall' || g.team === scope), outcome, opts));
  }
  return {
    outcome,
    scorer_version: opts.scorerVersion,
    empathy_handling: L(opts).t(opts.empathy === 'impute' ? 'drivers.handling.impute' : 'drivers.handling.applicable'),
    overall: analyses[0]!,
    teams: analyses.slice(1),
  };
}

/**
 * Per time driver, the channels where it is ever recorded. A time that a channel never records (no
 * holds in e-mail) is not missing: it does not apply there, so it reads as the channel's constant (a
 * z-score of 0) and the channel's rows stay in.
 */
function recordedChannels(counts: CountRow[], drivers: readonly string[]): Record<string, Set<string>> {
  const out: Record<string, Set<string>> = {};
  for (const d of PER_CHANNEL) out[d] = new Set(drivers.includes(d) ? counts.filter((c) => (c.known[d] ?? 0) > 0).map((c) => c.channel) : []);
  for (const c of counts) for (const d of PER_CHANNEL) if (d in c.known && !out[d]!.has(c.channel)) c.known[d] = c.n;
  return out;
}

/**
 * The regression of `y` on the drivers for one scope (overall or a team), with the headline and
 * notes, from rows in memory (as `fetchDriverRows` reads them); every row is its own cluster.
 */
export function analyseDrivers(all: DriverRow[], scope: string, outcome: Outcome, opts: DriverOptions): DriverAnalysis {
  const wanted = [...(opts.drivers ?? DRIVERS)];
  const byKey = new Map<string, CountRow>();
  for (const r of all) {
    const k = JSON.stringify([r.team, r.channel, r.empathy !== null]);
    let c = byKey.get(k);
    if (!c) byKey.set(k, (c = { team: r.team, channel: r.channel, empathy_known: r.empathy !== null, n: 0, known: Object.fromEntries(wanted.map((d) => [d, 0])) }));
    c.n++;
    for (const d of wanted) if (r[d] !== null) c.known[d]!++;
  }
  const plan = planScope([...byKey.values()], scope, opts);
  if (!plan) return emptyScope(scope, outcome, L(opts));
  const raw = rawColumns(plan);
  const m = raw.length + 1;
  const groups: RawGroup[] = [];
  for (const r of all) {
    const v = [1, ...raw.map((c) => (c === 'y' ? r.y : c === 'empathy_na' ? (r.empathy === null ? 1 : 0) : c === 'empathy' && plan.impute ? (r.empathy ?? 0) : r[c as Driver]))];
    if (v.some((x) => x === null)) continue;
    const S = new Float64Array(m * m);
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) S[a * m + b] = v[a]! * v[b]!;
    groups.push({ team: r.team, channel: r.channel, cluster: String(groups.length).padStart(12, '0'), sums: S });
  }
  return finishScope(plan, groups, outcome, opts);
}

/** +0.42 / −0.25, with a true minus sign; a value that rounds to zero is +0.00. */
const signed = (x: number, digits = 2) => `${Number(x.toFixed(digits)) < 0 ? '−' : '+'}${Math.abs(x).toFixed(digits)}`;
const interval = (lo: number, hi: number, L: Labels) => L.t('drivers.ci', { lo: signed(lo), hi: signed(hi) });

/** The labels of the options (English when none are given). */
const L = (opts: Pick<DriverOptions, 'labels'>): Labels => opts.labels ?? ENGLISH_LABELS;

/** A count as English has always printed it here (1234), in other languages with the locale's grouping. */
const plain = (n: number, L: Labels): string | number => (L.lang === 'en' ? String(n) : n);

/** The outcome as the reader calls it (CSAT, 满意度). */
export const outcomeLabel = (outcome: Outcome, L: Labels = ENGLISH_LABELS) => L.maybe(`drivers.outcome.${outcome}`) ?? OUTCOME_LABELS[outcome];

/** A driver as the reader calls it. */
export const driverLabel = (driver: string, L: Labels = ENGLISH_LABELS) => (L.lang === 'en' ? undefined : L.maybe(`drivers.driver.${driver}`)) ?? DRIVER_LABELS[driver] ?? driver;

/** A duration for a reader: 45 s, 3.5 min, 2.9 h (45 秒, 3.5 分钟, 2.9 小时). */
export const duration = (s: number, L: Labels = ENGLISH_LABELS) =>
  s >= 3600 ? L.t('drivers.hours', { n: (s / 3600).toFixed(1) }) : s >= 120 ? L.t('drivers.minutes', { n: (s / 60).toFixed(1) }) : L.t('drivers.seconds', { n: String(Math.round(s)) });

function sdText(sds: Record<string, number> | undefined, L: Labels): string {
  if (!sds || Object.keys(sds).length === 0) return '';
  const parts = Object.entries(sds).map(([ch, s]) => L.t('drivers.sd_channel', { duration: duration(s, L), channel: L.term('channel', ch) }));
  return L.t('drivers.sd', { list: parts.join(L.t('drivers.list_sep')) });
}

/** The finding in words: empathy's effect, wait's effect, and which matters more (in the language of `L`). */
export function headline(
  outcome: Outcome, effects: DriverEffect[], cmp: Comparison | null, n: number, sds: DriverAnalysis['channelSds'] = {}, L: Labels = ENGLISH_LABELS,
): string {
  const label = outcomeLabel(outcome, L);
  const emp = effects.find((e) => e.driver === 'empathy');
  const wait = effects.find((e) => e.driver === 'wait_time_s');
  if (!emp && !wait) return L.t('drivers.not_enough', { outcome: label, n: String(n) });
  const clauseEnd = L.t('drivers.clause_end');
  const parts: string[] = [L.t('drivers.here', { n })];
  if (emp) parts.push(L.t('drivers.empathy_effect', { outcome: label, effect: signed(emp.effect), ci: interval(emp.ci[0], emp.ci[1], L), sd: emp.sd ? L.t('drivers.empathy_sd', { sd: emp.sd.toFixed(0) }) : '' }) + clauseEnd);
  // "Less wait" flips the sign of wait's coefficient and of its interval.
  if (wait) parts.push(L.t('drivers.wait_effect', { effect: signed(-wait.effect), ci: interval(-wait.ci[1], -wait.ci[0], L), sd: sdText(sds.wait_time_s, L) }) + clauseEnd);
  if (emp && wait && cmp) {
    const [more, less, ratio] = Math.abs(emp.effect) >= Math.abs(wait.effect) ? ['empathy', 'wait', cmp.ratio] : ['wait', 'empathy', 1 / cmp.ratio];
    const name = (x: string) => L.t(`drivers.name.${x}`);
    parts.push(
      cmp.distinguishable
        ? L.t('drivers.matters_more', { more: name(more), less: name(less), ratio: ratio.toFixed(1) })
        : L.t('drivers.not_distinguishable', { more: name(more), ratio: ratio.toFixed(1) }),
    );
  } else {
    const last = parts[parts.length - 1]!;
    parts[parts.length - 1] = last.slice(0, last.length - clauseEnd.length) + L.t('drivers.sentence_end');
  }
  return parts.join(L.t('drivers.join'));
}
