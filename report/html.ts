/**
 * `voc report html`: one self-contained HTML file that works offline: the headline comparison of
 * empathy and wait, a chart of every driver's effect with its interval, the agent quadrant, weekly
 * empathy and CSAT by team, and a sortable agent table. Charts are Vega-Lite specs compiled and
 * rendered to SVG by Vega here in Node, so the page needs no script to draw them and no network.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Queryable } from '../store/db.ts';
import { secs } from './agents-format.ts';
import { agentTable, QUADRANT_ADVICE, type AgentRow } from './agents.ts';
import { DRIVER_LABELS, driverReport, type DriverAnalysis, type DriverReport, type Outcome } from './drivers.ts';
import { filterSql, type ReportFilters } from './filters.ts';

export interface HtmlReportOptions extends ReportFilters {
  /** @defaultValue 'csat' */
  outcome?: Outcome;
  /** Scores of this scorer version (the configured scorer's: `currentScorerVersion`). */
  scorerVersion: string;
}

interface WeekRow {
  team: string;
  week: string;
  n: number;
  empathy: number | null;
  csat: number | null;
}

const QUADRANT_COLOURS: Record<string, string> = {
  'role model': '#1b9e77',
  'warm but slow': '#7570b3',
  'fast but cold': '#d95f02',
  'needs support': '#e7298a',
};
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
const CONFIG = { font: FONT, view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 220, grid: true, gridColor: '#eee' }, legend: { labelFontSize: 11, titleFontSize: 12 } };

/** A team's week with fewer interactions than this is left off the trend lines: a mean of a handful is noise. */
const MIN_WEEK = 20;

/** Weekly empathy (where it applied) and CSAT per team, weeks starting on Monday (UTC). */
async function weeklyByTeam(db: Queryable, opts: HtmlReportOptions): Promise<WeekRow[]> {
  const f = filterSql(opts, 2);
  const { rows } = await db.query<WeekRow>(
    `SELECT coalesce(i.team, '(no team)') AS team, to_char(date_trunc('week', i.started_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week,
       count(*)::int AS n,
       avg(s.empathy) FILTER (WHERE s.empathy_applicable)::float8 AS empathy,
       avg(i.csat)::float8 AS csat
     FROM interactions i
     JOIN scores s ON s.interaction_id = i.interaction_id AND s.scorer_version = $1 AND s.not_scored IS NULL
     WHERE i.started_at IS NOT NULL AND i.agent_id IS NOT NULL${f.sql}
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [opts.scorerVersion, ...f.params],
  );
  return rows;
}

// Vega in Node has no canvas to measure text, so it guesses 0.8 em per character, which lays every
// axis out with wide empty margins beside its labels; system-ui sans-serif runs about 0.6 em. Vega
// reads a replaced `textMetrics.width` (vl-convert does the same); vega's typings do not declare it.
(vega as unknown as { textMetrics: { width: (item: { fontSize?: number }, text: unknown) => number } }).textMetrics.width = (item, text) =>
  0.6 * String(text ?? '').trim().length * (item.fontSize ?? 11);

/** Renders a Vega-Lite spec to an SVG string. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

function driverChart(a: DriverAnalysis, outcome: string): TopLevelSpec {
  const values = [...a.effects]
    .sort((x, y) => y.effect - x.effect)
    .map((e) => ({ driver: DRIVER_LABELS[e.driver] ?? e.driver, effect: e.effect, lo: e.ci[0], hi: e.ci[1], helps: e.effect >= 0 ? 'raises' : 'lowers' }));
  const y = { field: 'driver', type: 'nominal', sort: null, title: null } as const;
  return {
    width: 460,
    height: { step: 26 },
    data: { values },
    config: CONFIG,
    layer: [
      { mark: { type: 'rule', color: '#999' }, encoding: { x: { datum: 0 } } },
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { y, x: { field: 'lo', type: 'quantitative', title: `${outcome} change per standard deviation of the driver (95% interval)` }, x2: { field: 'hi' }, color: { field: 'helps', type: 'nominal', scale: { domain: ['raises', 'lowers'], range: ['#1b9e77', '#d95f02'] }, legend: null } } },
      { mark: { type: 'point', filled: true, size: 70 }, encoding: { y, x: { field: 'effect', type: 'quantitative' }, color: { field: 'helps', type: 'nominal', legend: null }, tooltip: [{ field: 'driver' }, { field: 'effect', format: '+.2f' }, { field: 'lo', format: '+.2f' }, { field: 'hi', format: '+.2f' }] } },
    ],
  } as TopLevelSpec;
}

function quadrantChart(agents: AgentRow[]): TopLevelSpec {
  const values = agents
    .filter((a) => a.empathy !== null && a.aht_s !== null)
    .map((a) => ({ agent: a.agent_id, team: a.team ?? '', empathy: a.empathy, aht_min: a.aht_s! / 60, quadrant: a.quadrant ?? 'unplaced' }));
  const median = (xs: number[]) => {
    const s = [...xs].sort((p, q) => p - q);
    return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : 0;
  };
  const quadrants = Object.keys(QUADRANT_COLOURS);
  return {
    width: 460,
    height: 320,
    config: CONFIG,
    layer: [
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 90, opacity: 0.9 },
        encoding: {
          x: { field: 'aht_min', type: 'quantitative', title: 'average handle time (minutes)', scale: { zero: false } },
          y: { field: 'empathy', type: 'quantitative', title: 'empathy (0–100, where called for)', scale: { zero: false } },
          color: { field: 'quadrant', type: 'nominal', scale: { domain: quadrants, range: quadrants.map((q) => QUADRANT_COLOURS[q]!) }, title: 'quadrant' },
          tooltip: [{ field: 'agent' }, { field: 'team' }, { field: 'empathy', format: '.0f' }, { field: 'aht_min', format: '.1f', title: 'AHT (min)' }, { field: 'quadrant' }],
        },
      },
      { data: { values }, mark: { type: 'text', dx: 9, align: 'left', fontSize: 10, color: '#444' }, encoding: { x: { field: 'aht_min', type: 'quantitative' }, y: { field: 'empathy', type: 'quantitative' }, text: { field: 'agent' } } },
      { data: { values: [{ x: median(values.map((v) => v.aht_min)) }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#999' }, encoding: { x: { field: 'x', type: 'quantitative' } } },
      { data: { values: [{ y: median(values.map((v) => v.empathy!)) }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#999' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
    ],
  } as TopLevelSpec;
}

function trendChart(weeks: WeekRow[], field: 'empathy' | 'csat', title: string): TopLevelSpec {
  return {
    width: 460,
    height: 200,
    config: CONFIG,
    data: { values: weeks.filter((w) => w[field] !== null && w.n >= MIN_WEEK) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'week', type: 'temporal', title: 'week', timeUnit: 'yearmonthdate', axis: { format: '%d %b', tickCount: { interval: 'week', step: 2 } } },
      y: { field, type: 'quantitative', title, scale: { zero: false } },
      color: { field: 'team', type: 'nominal', title: 'team' },
      tooltip: [{ field: 'team' }, { field: 'week' }, { field, format: '.2f' }, { field: 'n', title: 'interactions' }],
    },
  } as TopLevelSpec;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text for HTML: every value that came from data passes through here. */
export const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const fixed = (v: number | null, d: number) => (v === null ? '–' : v.toFixed(d));
const percent = (v: number | null) => (v === null ? '–' : `${Math.round(100 * v)}%`);

/** The agent table; each cell keeps its number in data-v so the page can sort it. */
function agentTableHtml(agents: AgentRow[]): string {
  const cols: [string, (a: AgentRow) => [string | number | null, string]][] = [
    ['agent', (a) => [a.agent_id, a.agent_id]],
    ['team', (a) => [a.team, a.team ?? '']],
    ['interactions', (a) => [a.interactions, String(a.interactions)]],
    ['empathy', (a) => [a.empathy, a.empathy === null ? '–' : `${a.empathy.toFixed(0)} <small>(${a.empathy_n})</small>`]],
    ['percentile in team', (a) => [a.empathy_pct_team, fixed(a.empathy_pct_team, 0)]],
    ['ownership', (a) => [a.ownership, fixed(a.ownership, 0)]],
    ['sentiment shift', (a) => [a.sentiment_shift, fixed(a.sentiment_shift, 2)]],
    ['effort', (a) => [a.effort, fixed(a.effort, 0)]],
    ['AHT', (a) => [a.aht_s, secs(a.aht_s)]],
    ['wait', (a) => [a.wait_s, secs(a.wait_s)]],
    ['CSAT', (a) => [a.csat, fixed(a.csat, 2)]],
    ['FCR', (a) => [a.fcr, percent(a.fcr)]],
    ['transfers', (a) => [a.transfer_rate, percent(a.transfer_rate)]],
    ['quadrant', (a) => [a.quadrant, a.quadrant ?? '–']],
  ];
  const head = cols.map(([name], i) => `<th data-col="${i}" title="sort by ${esc(name)}">${esc(name)}</th>`).join('');
  const body = agents
    .map((a) => {
      const cells = cols.map(([name, get]) => {
        const [v, shown] = get(a);
        // Shown text is built from numbers and escaped ids only; `empathy` adds its own <small>.
        const html = name === 'empathy' ? shown : esc(shown);
        return `<td data-v="${esc(v ?? '')}"${typeof v === 'number' ? ' class="num"' : ''}>${html}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<table id="agents"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

// Sorting by a header click: numbers as numbers, blanks last, a second click reverses.
const SORT_SCRIPT = `
document.querySelectorAll('#agents th').forEach((th) => th.addEventListener('click', () => {
  const table = th.closest('table'); const body = table.tBodies[0]; const col = Number(th.dataset.col);
  const dir = th.dataset.dir === 'asc' ? 'desc' : 'asc';
  table.querySelectorAll('th').forEach((h) => { delete h.dataset.dir; h.removeAttribute('aria-sort'); });
  th.dataset.dir = dir; th.setAttribute('aria-sort', dir === 'asc' ? 'ascending' : 'descending');
  const key = (tr) => tr.cells[col].dataset.v;
  const rows = [...body.rows].sort((a, b) => {
    const x = key(a), y = key(b);
    if (x === '' || y === '') return x === y ? 0 : x === '' ? 1 : -1;
    const nx = Number(x), ny = Number(y);
    const c = Number.isNaN(nx) || Number.isNaN(ny) ? x.localeCompare(y) : nx - ny;
    return dir === 'asc' ? c : -c;
  });
  body.append(...rows);
}));`;

const STYLE = `
:root { color-scheme: light; }
body { font-family: ${FONT}; margin: 0 auto; max-width: 1100px; padding: 24px; color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; margin: 0 0 4px; } h2 { font-size: 1.15rem; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.meta { color: #666; font-size: 0.9rem; margin: 0 0 16px; }
.headline { background: #f3f8f6; border-left: 4px solid #1b9e77; padding: 12px 16px; font-size: 1.05rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 16px 32px; }
figure { margin: 0; } figcaption { color: #555; font-size: 0.88rem; margin-top: 4px; }
figure svg { width: 100%; height: auto; }
ul.teams { padding-left: 20px; } ul.teams li { margin-bottom: 6px; }
.note { color: #666; font-size: 0.88rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { padding: 5px 6px; border-bottom: 1px solid #eee; text-align: left; }
td { white-space: nowrap; } th { vertical-align: bottom; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
th { cursor: pointer; background: #fafafa; position: sticky; top: 0; user-select: none; }
th[data-dir="asc"]::after { content: " ▲"; } th[data-dir="desc"]::after { content: " ▼"; }
tbody tr:hover { background: #f7f7f7; }
dl.advice { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; font-size: 0.9rem; } dl.advice dt { font-weight: 600; }
@media print { th { position: static; } .grid { display: block; } figure { break-inside: avoid; margin-bottom: 16px; } }`;

/** The whole page. */
export async function htmlReport(db: Queryable, opts: HtmlReportOptions): Promise<string> {
  const outcome = opts.outcome ?? 'csat';
  const outcomeName = outcome.toUpperCase();
  const [agents, drivers, weeks] = await Promise.all([
    agentTable(db, { ...opts, baseline: 'centre' }),
    driverReport(db, { ...opts, outcome }),
    weeklyByTeam(db, opts),
  ]);
  const [driverSvg, quadrantSvg, empathySvg, csatSvg] = await Promise.all([
    renderSvg(driverChart(drivers.overall, outcomeName)),
    renderSvg(quadrantChart(agents)),
    renderSvg(trendChart(weeks, 'empathy', 'mean empathy (where called for)')),
    renderSvg(trendChart(weeks, 'csat', 'mean CSAT')),
  ]);
  const filters = [opts.team && `team ${opts.team}`, opts.channel && `channel ${opts.channel}`, opts.since && `since ${opts.since}`].filter(Boolean).join(', ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>voc report: empathy and efficiency</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Empathy and efficiency</h1>
<p class="meta">${agents.length} agents, ${drivers.overall.n.toLocaleString('en-US')} interactions with ${esc(outcomeName)} in the analysis${filters ? ` (${esc(filters)})` : ''} · scorer ${esc(drivers.scorer_version)} · ${esc(drivers.empathy_handling)}</p>
<p class="headline" id="headline">${esc(drivers.overall.headline)}</p>
${teamHeadlines(drivers)}
<div class="grid">
<figure data-chart="drivers">${driverSvg}<figcaption>What moves ${esc(outcomeName)}: each driver's effect per standard deviation, the others held fixed, with its 95% bootstrap interval (R² ${fixed(drivers.overall.r2, 2)}).</figcaption></figure>
<figure data-chart="quadrant">${quadrantSvg}<figcaption>Agents by empathy and handle time; dashed lines are the medians. Who to coach on what:</figcaption>
<dl class="advice">${Object.entries(QUADRANT_ADVICE).map(([q, advice]) => `<dt style="color:${QUADRANT_COLOURS[q]}">${esc(q)}</dt><dd>${esc(advice.replace(/^[^:]*: /, ''))}</dd>`).join('')}</dl></figure>
<figure data-chart="empathy-trend">${empathySvg}<figcaption>Weekly mean empathy by team, over the interactions where a customer turn called for it (weeks with ${MIN_WEEK}+ interactions).</figcaption></figure>
<figure data-chart="csat-trend">${csatSvg}<figcaption>Weekly mean CSAT by team (weeks with ${MIN_WEEK}+ interactions).</figcaption></figure>
</div>
<h2>Agents</h2>
<p class="note">Click a column to sort. Empathy: mean 0–100 where it was called for (how many interactions); percentile among the team's agents; ownership: ownership statements score; shift: customer sentiment end − start; effort 0–100 (higher is harder); FCR: no repeat contact within 7 days.</p>
${agentTableHtml(agents)}
${warnings(drivers)}
<script>${SORT_SCRIPT}</script>
</body>
</html>
`;
}

function teamHeadlines(r: DriverReport): string {
  if (r.teams.length === 0) return '';
  return `<ul class="teams">${r.teams.map((t) => `<li><strong>${esc(t.scope)}</strong>: ${esc(t.headline.replace(/^Here /, ''))}</li>`).join('')}</ul>`;
}

function warnings(r: DriverReport): string {
  const notes = [r.overall, ...r.teams].flatMap((a) => a.warnings.map((w) => `${a.scope}: ${w}`));
  return notes.length ? `<h2>Notes</h2><ul class="note">${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
}
