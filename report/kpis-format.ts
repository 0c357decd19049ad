/** The KPI breakdown and the repeat-contact comparison as a terminal table and CSV. */
import Table from 'cli-table3';
import { toCsv } from './csv.ts';
import { duration, num, pct } from './format.ts';
import type { KpiReport, Nps, RepeatComparison } from './kpis.ts';

export const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };
export const plainTable = (head: string[], align?: ('left' | 'right')[]) =>
  new Table({ head, chars: COMPACT, style: { head: [], border: [] }, ...(align ? { colAligns: align } : {}) });

/** NPS with its interval: "+32 (±6)"; '–' with no answers. */
export const npsText = (n: Nps) => (n.nps === null ? '–' : `${n.nps < -0.5 ? '−' : '+'}${Math.abs(Math.round(n.nps))} (±${Math.round((n.ci![1] - n.ci![0]) / 2)})`);

export function formatKpiReport(r: KpiReport): string {
  const t = plainTable(
    [r.by, 'n', 'CSAT', 'CSAT 4–5', 'NPS (95% ±)', 'CES hard', 'effort', 'empathy', 'AHT', 'wait', '1st resp.', 'resolution', 'FCR', 'unresolved', 'repeat', 'abandon', 'escal.'],
    ['left', ...Array(16).fill('right')],
  );
  for (const x of r.rows) {
    t.push([x.key, x.n.toLocaleString('en-US'), num(x.csat, 2), pct(x.csat_top2), npsText(x.nps), pct(x.ces_hard), num(x.effort, 0), num(x.empathy, 0),
      duration(x.handle_s), duration(x.wait_s), duration(x.first_response_s), duration(x.resolution_s), pct(x.fcr), pct(x.unresolved), pct(x.repeat_rate), pct(x.abandon_rate), pct(x.escalation_rate)]);
  }
  return `${t.toString()}
CSAT: mean 1–5 and share of 4–5; NPS: % promoters (9–10) − % detractors (0–6) with its 95% interval; CES hard: 0% easiest … 100% hardest on the survey's own scale
FCR: the resolved flag where given, else no repeat contact within ${r.repeat_window_days} days; repeat: an earlier contact by the same customer within ${r.repeat_window_days} days; times as m:ss, h:mm:ss or days`;
}

const KPI_COLUMNS = ['key', 'n', 'csat_n', 'csat', 'csat_top2', 'nps_n', 'promoters', 'detractors', 'nps', 'nps_lo', 'nps_hi', 'ces_n', 'ces_hard', 'sentiment', 'empathy_n', 'empathy', 'effort',
  'handle_s', 'wait_s', 'first_response_s', 'resolution_s', 'fcr_n', 'fcr', 'unresolved', 'repeat_rate', 'abandon_rate', 'escalation_rate', 'transfer_rate'] as const;

export async function kpiReportCsv(r: KpiReport): Promise<string> {
  const rows = r.rows.map(({ nps, ...x }) => ({ ...x, nps_n: nps.n, promoters: nps.promoters, detractors: nps.detractors, nps: nps.nps, nps_lo: nps.ci?.[0] ?? null, nps_hi: nps.ci?.[1] ?? null }));
  return `${await toCsv(KPI_COLUMNS, rows)}\n`;
}

export function formatRepeatComparison(c: RepeatComparison): string {
  const t = plainTable(['contacts', 'n', 'CSAT answers', 'CSAT', 'CSAT 4–5', 'NPS (95% ±)'], ['left', 'right', 'right', 'right', 'right', 'right']);
  t.push(['first contact', c.first.n.toLocaleString('en-US'), c.first.csat_n.toLocaleString('en-US'), num(c.first.csat, 2), pct(c.first.csat_top2), npsText(c.first.nps)]);
  t.push([`repeat (within ${c.repeat_window_days} days)`, c.repeat.n.toLocaleString('en-US'), c.repeat.csat_n.toLocaleString('en-US'), num(c.repeat.csat, 2), pct(c.repeat.csat_top2), npsText(c.repeat.nps)]);
  return `${c.headline}\n${t.toString()}`;
}

export async function repeatComparisonCsv(c: RepeatComparison): Promise<string> {
  const row = (name: string, g: RepeatComparison['first']) => ({ contacts: name, n: g.n, csat_n: g.csat_n, csat: g.csat, csat_top2: g.csat_top2, nps_n: g.nps.n, nps: g.nps.nps, nps_lo: g.nps.ci?.[0] ?? null, nps_hi: g.nps.ci?.[1] ?? null });
  return `${await toCsv(['contacts', 'n', 'csat_n', 'csat', 'csat_top2', 'nps_n', 'nps', 'nps_lo', 'nps_hi'], [row('first', c.first), row('repeat', c.repeat)])}\n`;
}
