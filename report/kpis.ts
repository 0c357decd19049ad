/**
 * KPIs as the trade computes them, per agent, team, channel, reason, week or month:
 *
 * - CSAT: the mean answer (1–5) and the CSAT score, the share answering 4 or 5 ("top two box").
 * - NPS: % promoters (9–10) − % detractors (0–6), −100 … 100, with a 95% interval from the
 *   multinomial variance of the promoter/detractor difference.
 * - CES: the share of the way from easiest to hardest (0–100%), from answers on any scale (ingest
 *   `--ces-scale`, `--ces-high`).
 * - FCR: the `resolved` flag where given, else no repeat contact within the window; unresolved = 1 − FCR.
 *
 * And the repeat-contact comparison: CSAT and NPS of contacts a customer had to make again (an earlier
 * contact within the window) against first contacts, each difference with a 95% interval.
 */
import type { Queryable } from '../store/db.ts';
import { REPEAT_WINDOW_DAYS, type FactOptions } from '../store/reports-facts.ts';
import { kpiRows, repeatRows, type KpiGroup, type KpiSqlRow } from '../store/reports-kpis.ts';

const Z95 = 1.959964;

export interface Nps {
  n: number;
  promoters: number;
  detractors: number;
  /** −100 … 100, null with no answers. */
  nps: number | null;
  ci: [number, number] | null;
}

/** NPS from counts, with a 95% normal interval: var = (p + d − (p − d)²) / n. */
export function npsOf(promoters: number, detractors: number, n: number): Nps {
  if (n === 0) return { n, promoters, detractors, nps: null, ci: null };
  const p = promoters / n;
  const d = detractors / n;
  const se = Math.sqrt(Math.max(0, p + d - (p - d) ** 2) / n);
  const nps = 100 * (p - d);
  return { n, promoters, detractors, nps, ci: [Math.max(-100, nps - 100 * Z95 * se), Math.min(100, nps + 100 * Z95 * se)] };
}

export interface KpiRow extends Omit<KpiSqlRow, 'promoters' | 'detractors' | 'nps_n'> {
  nps: Nps;
  /** 1 − FCR. */
  unresolved: number | null;
}

export interface KpiReportOptions extends Omit<FactOptions, 'scorerVersion'> {
  scorerVersion: string;
  /** @defaultValue 'team' */
  by?: KpiGroup;
}

export interface KpiReport {
  by: KpiGroup;
  repeat_window_days: number;
  rows: KpiRow[];
}

export async function kpiReport(db: Queryable, opts: KpiReportOptions): Promise<KpiReport> {
  const by = opts.by ?? 'team';
  const rows = await kpiRows(db, by, opts);
  return {
    by,
    repeat_window_days: opts.repeatWindowDays ?? REPEAT_WINDOW_DAYS,
    rows: rows.map(({ promoters, detractors, nps_n, ...r }) => ({ ...r, nps: npsOf(promoters, detractors, nps_n), unresolved: r.fcr === null ? null : 1 - r.fcr })),
  };
}

export interface GroupFigures {
  n: number;
  csat_n: number;
  csat: number | null;
  csat_top2: number | null;
  nps: Nps;
}

export interface RepeatComparison {
  repeat_window_days: number;
  first: GroupFigures;
  repeat: GroupFigures;
  /** Mean CSAT of repeat contacts − first contacts, with its 95% (Welch) interval. */
  csat_difference: { value: number; ci: [number, number] } | null;
  /** The same as a share of first contacts' mean CSAT (the trade's "CSAT falls 22%"). */
  csat_change_pct: number | null;
  nps_difference: { value: number; ci: [number, number] } | null;
  /** The finding in words. */
  headline: string;
}

/** CSAT and NPS of repeat contacts against first contacts. */
export async function repeatComparison(db: Queryable, opts: Omit<FactOptions, 'scorerVersion'> & { scorerVersion: string }): Promise<RepeatComparison> {
  const rows = await repeatRows(db, opts);
  const get = (rep: boolean) => rows.find((r) => r.is_repeat === rep);
  const figures = (rep: boolean): GroupFigures & { sd: number | null } => {
    const r = get(rep);
    return r
      ? { n: r.n, csat_n: r.csat_n, csat: r.csat, csat_top2: r.csat_top2, sd: r.csat_sd, nps: npsOf(r.promoters, r.detractors, r.nps_n) }
      : { n: 0, csat_n: 0, csat: null, csat_top2: null, sd: null, nps: npsOf(0, 0, 0) };
  };
  const { sd: sdFirst, ...first } = figures(false);
  const { sd: sdRepeat, ...repeat } = figures(true);
  let csat_difference: RepeatComparison['csat_difference'] = null;
  if (first.csat !== null && repeat.csat !== null && first.csat_n > 1 && repeat.csat_n > 1) {
    const se = Math.sqrt((sdFirst ?? 0) ** 2 / first.csat_n + (sdRepeat ?? 0) ** 2 / repeat.csat_n);
    const value = repeat.csat - first.csat;
    csat_difference = { value, ci: [value - Z95 * se, value + Z95 * se] };
  }
  let nps_difference: RepeatComparison['nps_difference'] = null;
  if (first.nps.nps !== null && repeat.nps.nps !== null && first.nps.ci && repeat.nps.ci) {
    const se = (ci: [number, number]) => (ci[1] - ci[0]) / (2 * Z95);
    const value = repeat.nps.nps - first.nps.nps;
    const s = Math.sqrt(se(first.nps.ci) ** 2 + se(repeat.nps.ci) ** 2);
    nps_difference = { value, ci: [value - Z95 * s, value + Z95 * s] };
  }
  const csat_change_pct = csat_difference && first.csat ? (100 * csat_difference.value) / first.csat : null;
  const window = opts.repeatWindowDays ?? REPEAT_WINDOW_DAYS;
  const f2 = (x: number) => `${x < 0 ? '−' : '+'}${Math.abs(x).toFixed(2)}`;
  const f0 = (x: number) => `${Math.round(x) < 0 ? '−' : '+'}${Math.abs(Math.round(x))}`;
  const headline = csat_difference
    ? `Customers who had to contact us again within ${window} days rated CSAT ${repeat.csat!.toFixed(2)} against ${first.csat!.toFixed(2)} on a first contact: ` +
      `${f2(csat_difference.value)} (95% CI ${f2(csat_difference.ci[0])} to ${f2(csat_difference.ci[1])}), ${f0(csat_change_pct!)}%` +
      (nps_difference ? `; NPS ${f0(repeat.nps.nps!)} against ${f0(first.nps.nps!)} (${f0(nps_difference.value)} points, 95% CI ${f0(nps_difference.ci[0])} to ${f0(nps_difference.ci[1])}).` : '.')
    : `Not enough CSAT answers on both first and repeat contacts to compare them (first: ${first.csat_n}, repeat: ${repeat.csat_n}; a repeat is another contact by the same customer within ${window} days).`;
  return { repeat_window_days: window, first, repeat, csat_difference, csat_change_pct, nps_difference, headline };
}
