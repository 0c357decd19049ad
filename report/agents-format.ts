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

/** The agent table for a terminal; `repeatWindowDays` is the window the FCR figures were computed with (with the scorecard figures when given). */
export function formatAgentTable(rows: AgentRow[], repeatWindowDays = REPEAT_WINDOW_DAYS, qa?: Map<string, AgentScorecard>): string {
  const withQa = !!qa && qa.size > 0;
  const table = new Table({
    head: ['agent', 'team', 'n', 'empathy', 'pct', 'own', 'shift', 'effort', 'AHT', 'wait', 'CSAT', 'CSAT 4-5', 'FCR', 'xfer', ...(withQa ? ['QA pass', 'QA score'] : []), 'empathy by week', 'quadrant'],
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
      r.too_few ? `too few (${r.interactions})` : r.quadrant ?? '–',
    ]);
  }
  const used = [...new Set(rows.map((r) => r.quadrant).filter((q) => q !== null))];
  const legend = used.map((q) => `  ${q}: ${QUADRANT_ADVICE[q]}`);
  // Ranked agents with no quadrant: their team has too few ranked agents to compare with.
  if (rows.some((r) => !r.too_few && r.quadrant === null && r.empathy !== null && r.aht_s !== null)) {
    legend.push('  –: fewer than 3 ranked agents to compare with (in the team; --baseline centre compares with the whole centre)');
  }
  const declined = rows.reduce((n, r) => n + (r.not_scored ?? 0), 0);
  const note = declined ? `\n${declined.toLocaleString('en-US')} interaction${declined === 1 ? '' : 's'} not scored (a language the scorer has no lexicons for): counted in n, left out of every average (voc status lists them)` : '';
  const qaNote = withQa ? `\nQA pass: share of the agent's scorecard evaluations that passed; QA score: mean automatic score 0–100 (voc report scorecard --by item for the items)${worstLine(rows, qa!)}` : '';
  return `${table.toString()}${note}${qaNote}\nempathy: mean 0–100 where it applied (n); pct: percentile in team; own: ownership statements 0–100; shift: customer sentiment end − start
effort: 0–100 (higher = harder); AHT, wait (calls and chats): m:ss or h:mm:ss; too few: fewer interactions than the minimum, not ranked; FCR: resolved (the row's flag, else no repeat contact within ${repeatWindowDays} day${repeatWindowDays === 1 ? '' : 's'}); quadrant vs the median:\n${legend.join('\n')}`;
}

const CSV_COLUMNS = [
  'agent_id', 'team', 'interactions', 'empathy_n', 'empathy', 'empathy_pct_team', 'ownership', 'sentiment_shift', 'effort',
  'aht_s', 'wait_s', 'csat_n', 'csat', 'csat_score', 'fcr', 'transfer_rate', 'quadrant', 'too_few',
] as const;

const QA_COLUMNS = ['qa_evaluations', 'qa_pass_rate', 'qa_mean_score', 'qa_worst_items'] as const;

/** The items failed most across the agents shown, by how many agents have them among their worst. */
function worstLine(rows: AgentRow[], qa: Map<string, AgentScorecard>): string {
  const count = new Map<string, number>();
  for (const r of rows) for (const w of qa.get(r.agent_id)?.worst_items.slice(0, 1) ?? []) count.set(w.item, (count.get(w.item) ?? 0) + 1);
  const top = [...count].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3);
  return top.length ? `\nmost often an agent's worst item: ${top.map(([item, n]) => `${item} (${n} agent${n === 1 ? '' : 's'})`).join(', ')}` : '';
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
