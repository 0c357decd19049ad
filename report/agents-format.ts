/**
 * The agent scorecards as text: a terminal table (cli-table3), CSV and JSON for scripts, and the
 * drill-down of one agent.
 */
import Table from 'cli-table3';
import type { AgentScorecard } from '../store/scorecards.ts';
import { QUADRANT_ADVICE, type AgentDetail, type AgentRow } from './agents.ts';
import { REPEAT_WINDOW_DAYS } from '../store/reports-facts.ts';
import { toCsv } from './csv.ts';
import { duration, num, pct } from './format.ts';
import { ENGLISH_LABELS, type Labels } from './labels.ts';

const SPARK = '▁▂▃▄▅▆▇█';
/** Table borders without a rule between every row. */
const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/** A one-line chart of a series (nulls as spaces), scaled to its own range. */
export function sparkline(values: (number | null)[]): string {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return '';
  const lo = Math.min(...present);
  const hi = Math.max(...present);
  return values.map((v) => (v === null ? ' ' : SPARK[hi === lo ? (hi === 0 ? 0 : 3) : Math.round(((v - lo) / (hi - lo)) * (SPARK.length - 1))])).join('');
}

/** Seconds as m:ss (h:mm:ss past an hour, days past a day), rounded to the second first (so never "10:60"). */
export const secs = duration;

/**
 * The agent table for a terminal; `repeatWindowDays` is the window the FCR figures were computed with
 * (with the scorecard figures when given), labelled in the language of `L`.
 */
export function formatAgentTable(rows: AgentRow[], repeatWindowDays = REPEAT_WINDOW_DAYS, qa?: Map<string, AgentScorecard>, L: Labels = ENGLISH_LABELS): string {
  const withQa = !!qa && qa.size > 0;
  const table = new Table({
    head: ['agent', 'team', 'n', 'empathy', 'pct', 'own', 'shift', 'effort', 'aht', 'wait', 'csat', 'csat45', 'fcr', 'xfer', ...(withQa ? ['qa_pass', 'qa_score'] : []), 'trend', 'quadrant'].map((k) => L.t(`agents.col.${k}`)),
    chars: COMPACT,
    style: { head: [], border: [] },
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', ...(withQa ? ['right', 'right'] as const : []), 'left', 'left'],
  });
  for (const r of rows) {
    const q = qa?.get(r.agent_id);
    table.push([
      r.agent_id,
      r.team ?? '',
      r.interactions,
      r.empathy === null ? '–' : `${num(r.empathy, 0)} (${r.empathy_n})`,
      r.empathy_pct_team === null ? '–' : `${Math.round(r.empathy_pct_team)}`,
      num(r.ownership, 0),
      num(r.sentiment_shift, 2),
      num(r.effort, 0),
      secs(r.aht_s),
      secs(r.wait_s),
      num(r.csat, 2),
      pct(r.csat_score),
      pct(r.fcr),
      pct(r.transfer_rate),
      ...(withQa ? [pct(q?.pass_rate ?? null), num(q?.mean_score ?? null, 0)] : []),
      sparkline(r.trend.map((w) => w.empathy)),
      r.too_few ? L.t('agents.too_few', { n: r.interactions }) : r.quadrant ? L.t(`quadrant.${r.quadrant}`) : '–',
    ]);
  }
  const used = [...new Set(rows.map((r) => r.quadrant).filter((q) => q !== null))];
  const legend = used.map((q) => `  ${L.t(`quadrant.${q}`)}: ${L.lang === 'en' ? QUADRANT_ADVICE[q] : L.t(`advice.${q}`)}`);
  // Ranked agents with no quadrant: their team has too few ranked agents to compare with.
  if (rows.some((r) => !r.too_few && r.quadrant === null && r.empathy !== null && r.aht_s !== null)) legend.push(`  ${L.t('agents.no_quadrant')}`);
  // Ranked agents with no quadrant because the data has no handle time (or no turn called for empathy).
  if (rows.some((r) => !r.too_few && r.quadrant === null && (r.empathy === null || r.aht_s === null))) legend.push(`  ${L.t('agents.no_quadrant_data')}`);
  const declined = rows.reduce((n, r) => n + (r.not_scored ?? 0), 0);
  const note = declined ? `\n${L.t('agents.not_scored', { n: declined, interactions: L.t(declined === 1 ? 'unit.interaction' : 'unit.interactions') })}` : '';
  const qaNote = withQa ? `\n${L.t('agents.qa_note')}${worstLine(rows, qa!, L)}` : '';
  const within = L.t(repeatWindowDays === 1 ? 'unit.day' : 'unit.days', { n: repeatWindowDays });
  // With no quadrant to explain, the legend does not end on "quadrant vs the median:" and nothing after it.
  const head = legend.length ? L.t('agents.legend', { within }) : L.t('agents.legend', { within }).replace(/[;；][^;；]*[:：]$/, '');
  return `${table.toString()}${note}${qaNote}\n${head}${legend.length ? `\n${legend.join('\n')}` : ''}`;
}

const CSV_COLUMNS = [
  'agent_id', 'team', 'interactions', 'empathy_n', 'empathy', 'empathy_pct_team', 'ownership', 'sentiment_shift', 'effort',
  'aht_s', 'wait_s', 'csat_n', 'csat', 'csat_score', 'fcr', 'transfer_rate', 'quadrant', 'too_few',
] as const;

const QA_COLUMNS = ['qa_evaluations', 'qa_pass_rate', 'qa_mean_score', 'qa_worst_items'] as const;

/** The items failed most across the agents shown, by how many agents have them among their worst. */
function worstLine(rows: AgentRow[], qa: Map<string, AgentScorecard>, L: Labels): string {
  const count = new Map<string, number>();
  for (const r of rows) for (const w of qa.get(r.agent_id)?.worst_items.slice(0, 1) ?? []) count.set(w.item, (count.get(w.item) ?? 0) + 1);
  const top = [...count].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3);
  const item = ([id, n]: [string, number]) => L.t(n === 1 ? 'agents.worst_item_one' : 'agents.worst_item', { item: L.term('scorecard_item', id), n: String(n) });
  return top.length ? `\n${L.t('agents.worst', { list: top.map(item).join(L.t('show.list_sep')) })}` : '';
}

/** The agent table as CSV, one row per agent, numbers unformatted (with the scorecard figures when given). */
export async function agentTableCsv(rows: AgentRow[], qa?: Map<string, AgentScorecard>): Promise<string> {
  if (!qa) return `${await toCsv(CSV_COLUMNS, rows as unknown as Record<string, unknown>[])}\n`;
  const out = rows.map((r) => {
    const q = qa.get(r.agent_id);
    return { ...r, qa_evaluations: q?.evaluations ?? 0, qa_pass_rate: q?.pass_rate ?? null, qa_mean_score: q?.mean_score ?? null, qa_worst_items: (q?.worst_items ?? []).map((w) => w.item).join('; ') };
  });
  return `${await toCsv([...CSV_COLUMNS, ...QA_COLUMNS], out as unknown as Record<string, unknown>[])}\n`;
}

/** One agent's scorecard, weekly trend and the interactions behind each figure. */
export function formatAgentDetail(d: AgentDetail): string {
  const r = d.row;
  const out = [
    `${r.agent_id} (${r.team ?? 'no team'}): ${r.interactions} interactions, quadrant: ${r.too_few ? 'too few interactions to place' : r.quadrant ?? '–'}`,
    r.quadrant ? `  ${QUADRANT_ADVICE[r.quadrant]}` : '',
    `  empathy ${num(r.empathy, 0)} over ${r.empathy_n} where it applied (percentile in team ${r.empathy_pct_team === null ? '–' : Math.round(r.empathy_pct_team)}), ownership ${num(r.ownership, 0)}, customer shift ${num(r.sentiment_shift, 2)}, effort ${num(r.effort, 0)}`,
    `  AHT ${secs(r.aht_s)}, wait ${secs(r.wait_s)}, CSAT ${num(r.csat, 2)} (${pct(r.csat_score)} 4–5, n ${r.csat_n}), FCR ${pct(r.fcr)}, transfers ${pct(r.transfer_rate)}`,
    '',
  ];
  const weeks = new Table({ head: ['week', 'n', 'empathy', 'CSAT'], chars: COMPACT, style: { head: [], border: [] } });
  for (const w of r.trend) weeks.push([w.week, w.n, num(w.empathy, 0), num(w.csat, 2)]);
  out.push('Weekly trend', weeks.toString(), '');
  for (const dd of d.drilldowns) {
    out.push(`${dd.figure}: ${dd.order}`);
    if (dd.rows.length === 0) {
      out.push('  (none)', '');
      continue;
    }
    const t = new Table({ head: ['interaction', 'started', 'channel', 'value', 'customer said'], chars: COMPACT, style: { head: [], border: [] }, colWidths: [null, null, null, null, 70] as any, wordWrap: true });
    for (const x of dd.rows) t.push([x.interaction_id, x.started_at ?? '', x.channel, x.value ?? '–', x.excerpt ?? '']);
    out.push(t.toString(), '');
  }
  return out.join('\n');
}
