/**
 * `voc report html`: one self-contained HTML file that works offline: the headline comparison of
 * empathy and wait, a chart of every driver's effect with its interval, the agent quadrant, weekly
 * empathy and CSAT by team, and a sortable agent table. Charts are Vega-Lite specs compiled and
 * rendered to SVG by Vega here in Node, so the page needs no script to draw them and no network.
 */
import { readFileSync } from 'node:fs';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Queryable } from '../store/db.ts';
import { effortByReason, type ReasonEffortRow } from '../store/reports-reasons.ts';
import { agentTable, MIN_INTERACTIONS, QUADRANT_ADVICE, type AgentRow } from './agents.ts';
import { channelReport } from './channels.ts';
import { clipHigh, duration, num, pct } from './format.ts';
import { agentPages, channelsSection, journeysSection, reasonsSection, reasonTrendChart, reviewsSection, scorecardSection } from './html-sections.ts';
import { reviewReport } from './reviews.ts';
import { scorecardByAgent, scorecardReport } from '../store/scorecards.ts';
import { journeyReport } from './journeys.ts';
import { repeatComparison } from './kpis.ts';
import { reasonReport } from './reasons.ts';
import { escapeHtml, visible } from '../lib/safe-text.ts';
import { DRIVER_LABELS, driverReport, type DriverAnalysis, type DriverReport, type Outcome } from './drivers.ts';
import { filterSql, type ReportFilters } from './filters.ts';
import { ENGLISH_LABELS, labels, type Labels } from './labels.ts';
import { REPEAT_WINDOW_DAYS } from '../store/reports-facts.ts';
import { summariesFor } from '../store/summaries.ts';

export interface HtmlReportOptions extends ReportFilters {
  /** @defaultValue 'csat' */
  outcome?: Outcome;
  /** Scores of this scorer version (the configured scorer's: `currentScorerVersion`). */
  scorerVersion: string;
  /** Interactions an agent needs to be ranked and placed in the quadrant. @defaultValue MIN_INTERACTIONS (20) */
  minInteractions?: number;
  /** The QA scorecard whose evaluations (already stored) get a section. */
  scorecard?: { name: string; version: string; questions: Map<string, string> };
  /** Days within which a later contact by the customer is a repeat (FCR, repeat contacts, journeys). @defaultValue REPEAT_WINDOW_DAYS (7) */
  repeatWindowDays?: number;
  /** Language of the labels, headings and dates (lexicons/labels/<lang>.json). @defaultValue 'en' */
  lang?: string;
}

export interface WeekRow {
  team: string;
  week: string;
  n: number;
  empathy: number | null;
  csat: number | null;
}

export const QUADRANT_COLOURS: Record<string, string> = {
  'role model': '#1b9e77',
  'warm but slow': '#7570b3',
  'fast but cold': '#d95f02',
  'needs support': '#e7298a',
};
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
export const CONFIG = { font: FONT, view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 220, grid: true, gridColor: '#eee' }, legend: { labelFontSize: 11, titleFontSize: 12 } };

/** A team's week with fewer interactions than this is left off the trend lines: a mean of a handful is noise. */
const MIN_WEEK = 20;

/** Weekly empathy (where it applied) and CSAT per team, weeks starting on Monday in the centre's time zone (`Config.timeZone`). */
export async function weeklyByTeam(db: Queryable, opts: HtmlReportOptions): Promise<WeekRow[]> {
  const summary = await summariesFor(db, opts, opts.repeatWindowDays ?? REPEAT_WINDOW_DAYS, 2);
  if (summary) {
    // Scored interactions only, as below: the scorer version's rows of interactions it did not decline.
    const { rows } = await db.query<WeekRow>(
      `WITH ${summary.sql}
       SELECT coalesce(team, '(no team)') AS team, to_char(date_trunc('week', day::timestamp), 'YYYY-MM-DD') AS week,
         sum(n)::int AS n,
         (sum(empathy_sum) / nullif(sum(empathy_cnt), 0))::float8 AS empathy,
         (sum(csat_sum) / nullif(sum(csat_n), 0))::float8 AS csat
       FROM summary WHERE scorer_version = $1 AND NOT declined AND agent_id IS NOT NULL AND day <> '-infinity'
       GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2`,
      [opts.scorerVersion, ...summary.params],
    );
    return rows;
  }
  const f = filterSql(opts, 2);
  const { rows } = await db.query<WeekRow>(
    `SELECT coalesce(i.team, '(no team)') AS team, to_char(date_trunc('week', i.started_at AT TIME ZONE current_setting('TimeZone')), 'YYYY-MM-DD') AS week,
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

/**
 * Renders a Vega-Lite spec to an SVG string. A mark's `description` (which Vega writes as its
 * aria-label) also becomes its SVG <title>, so a reader hovering over an unlabelled point sees it.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return svg.replace(/<path([^>]*?) aria-label="([^"]*)"([^>]*?)\/>/g, '<path$1 aria-label="$2"$3><title>$2</title></path>');
  } finally {
    view.finalize();
  }
}

/** Axis numbers as people write them: no long decimals, no 1e-15 beside a zero. */
const AXIS_NUMBER = ',.2~f';

export function driverChart(a: DriverAnalysis, outcome: string): TopLevelSpec {
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
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { y, x: { field: 'lo', type: 'quantitative', title: `${outcome} change per standard deviation of the driver (95% interval)`, axis: { format: AXIS_NUMBER } }, x2: { field: 'hi' }, color: { field: 'helps', type: 'nominal', scale: { domain: ['raises', 'lowers'], range: ['#1b9e77', '#d95f02'] }, legend: null } } },
      { mark: { type: 'point', filled: true, size: 70 }, encoding: { y, x: { field: 'effect', type: 'quantitative' }, color: { field: 'helps', type: 'nominal', legend: null }, tooltip: [{ field: 'driver' }, { field: 'effect', format: '+.2f' }, { field: 'lo', format: '+.2f' }, { field: 'hi', format: '+.2f' }] } },
    ],
  } as TopLevelSpec;
}

/** Agents labelled by name on the quadrant when there are more than this; the rest are named on hover. */
const MAX_LABELS = 15;

interface QuadrantPlot {
  spec: TopLevelSpec | null;
  /** Why there is no chart, in words, when spec is null. */
  why: string | null;
  /** What was clipped, in words ('' when nothing was). */
  clipNote: string;
  labelNote: string;
}

export const agentAnchor = (id: string) => `agent-${id.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;

/** The agents placed by empathy and handle time: only those with enough interactions; outliers clipped; extremes labelled. */
export function quadrantChart(agents: AgentRow[], minInteractions: number): QuadrantPlot {
  const placed = agents.filter((a) => !a.too_few && a.empathy !== null && a.aht_s !== null);
  const tooFew = agents.filter((a) => a.too_few).length;
  if (placed.length < 3) {
    const why = `Only ${placed.length} agent${placed.length === 1 ? ' has' : 's have'} ${minInteractions}+ interactions with an empathy score and a handle time` +
      `${tooFew ? ` (${tooFew.toLocaleString('en-US')} more have fewer)` : ''}: a quadrant needs at least 3 to compare. Their figures are in the table below.`;
    return { spec: null, why, clipNote: '', labelNote: '' };
  }
  const clip = clipHigh(placed.map((a) => a.aht_s!));
  // Minutes for a contact centre's calls; hours when the typical handle time runs to hours (e-mail, social).
  const maxShown = Math.max(...placed.map((a) => (clip.limit !== null ? Math.min(a.aht_s!, clip.limit) : a.aht_s!)));
  const [unit, perUnit] = maxShown > 3 * 3600 ? ['hours', 3600] : ['minutes', 60];
  const values = placed.map((a) => {
    const over = clip.limit !== null && a.aht_s! > clip.limit;
    return {
      agent: a.agent_id, team: a.team ?? '', empathy: a.empathy, quadrant: a.quadrant ?? 'unplaced',
      aht_min: (over ? clip.limit! : a.aht_s!) / perUnit, clipped: over ? 'beyond the axis' : 'on the axis',
      href: `#${agentAnchor(a.agent_id)}-page`,
      description: `${a.agent_id}${a.team ? ` (${a.team})` : ''}: empathy ${num(a.empathy, 0)}, AHT ${duration(a.aht_s)}, ${a.interactions.toLocaleString('en-US')} interactions, ${a.quadrant ?? ''}`,
    };
  });
  // Label the extremes only: highest and lowest empathy and handle time; the rest are named on hover.
  const labelled = new Set<string>();
  if (values.length <= MAX_LABELS) values.forEach((v) => labelled.add(v.agent));
  else {
    const by = (k: 'empathy' | 'aht_min') => [...values].sort((x, y) => x[k]! - y[k]!);
    for (const k of ['empathy', 'aht_min'] as const) {
      const sorted = by(k);
      for (const v of [...sorted.slice(0, 2), ...sorted.slice(-2)]) labelled.add(v.agent);
    }
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((p, q) => p - q);
    return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : 0;
  };
  const quadrants = Object.keys(QUADRANT_COLOURS);
  const clipNote = clip.clipped
    ? `${clip.clipped} agent${clip.clipped === 1 ? '' : 's'} with an average handle time above ${duration(clip.limit)} (the 99th percentile) ${clip.clipped === 1 ? 'is' : 'are'} drawn at the right edge as a triangle.`
    : '';
  const labelNote = labelled.size < values.length ? `The ${labelled.size} agents at the extremes are named; hover over a point for the others, or click it for the agent's figures.` : 'Click a point for the agent\'s figures.';
  const spec = {
    width: 460,
    height: 320,
    config: CONFIG,
    layer: [
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 90, opacity: 0.9, cursor: 'pointer' },
        encoding: {
          x: { field: 'aht_min', type: 'quantitative', title: `average handle time (${unit})`, scale: { zero: false }, axis: { format: AXIS_NUMBER } },
          y: { field: 'empathy', type: 'quantitative', title: 'empathy (0–100, where called for)', scale: { zero: false }, axis: { format: AXIS_NUMBER } },
          color: { field: 'quadrant', type: 'nominal', scale: { domain: quadrants, range: quadrants.map((q) => QUADRANT_COLOURS[q]!) }, title: 'quadrant' },
          shape: { field: 'clipped', type: 'nominal', scale: { domain: ['on the axis', 'beyond the axis'], range: ['circle', 'triangle-right'] }, legend: clip.clipped ? { title: 'AHT' } : null },
          description: { field: 'description' },
          href: { field: 'href' },
        },
      },
      { data: { values: values.filter((v) => labelled.has(v.agent)) }, mark: { type: 'text', dx: 9, align: 'left', fontSize: 10, color: '#444', limit: 90 }, encoding: { x: { field: 'aht_min', type: 'quantitative' }, y: { field: 'empathy', type: 'quantitative' }, text: { field: 'agent' } } },
      { data: { values: [{ x: median(values.map((v) => v.aht_min)) }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#999' }, encoding: { x: { field: 'x', type: 'quantitative' } } },
      { data: { values: [{ y: median(values.map((v) => v.empathy!)) }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#999' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
    ],
  } as TopLevelSpec;
  return { spec, why: null, clipNote, labelNote };
}

/** Mean effort by contact reason: what the report shows when there is no outcome to analyse. */
export function effortByReasonChart(rows: ReasonEffortRow[]): TopLevelSpec | null {
  const values = rows.filter((r) => r.effort !== null).map((r) => ({ ...r, description: `${r.reason}: effort ${num(r.effort, 0)} over ${r.n.toLocaleString('en-US')} interactions` }));
  if (values.length === 0) return null;
  return {
    width: 460,
    height: { step: 20 },
    config: CONFIG,
    data: { values },
    mark: { type: 'bar', color: '#7570b3' },
    encoding: {
      y: { field: 'reason', type: 'nominal', sort: '-x', title: null },
      x: { field: 'effort', type: 'quantitative', title: 'mean customer effort (0–100, higher is harder)', scale: { domain: [0, 100] }, axis: { format: AXIS_NUMBER } },
      description: { field: 'description' },
    },
  } as TopLevelSpec;
}

/** Trend lines drawn at most: the largest teams; a legend of forty teams helps no one. */
const MAX_TREND_TEAMS = 8;

export function trendChart(weeks: WeekRow[], field: 'empathy' | 'csat', title: string, L: Labels = ENGLISH_LABELS): TopLevelSpec | null {
  const size = new Map<string, number>();
  for (const w of weeks) if (w[field] !== null) size.set(w.team, (size.get(w.team) ?? 0) + w.n);
  const largest = new Set([...size].sort((a, b) => b[1] - a[1]).slice(0, MAX_TREND_TEAMS).map(([t]) => t));
  const values = weeks.filter((w) => w[field] !== null && w.n >= MIN_WEEK && largest.has(w.team)).map((w) => ({ ...w, description: `${w.team}, week of ${w.week}: ${num(w[field], 2)} over ${w.n.toLocaleString('en-US')} interactions` }));
  // One week is a point, not a trend.
  if (new Set(values.map((v) => v.week)).size < 2) return null;
  return {
    width: 460,
    height: 200,
    config: CONFIG,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'week', type: 'temporal', title: L.t('html.chart.week'), timeUnit: 'yearmonthdate', axis: { format: L.weekAxisFormat, tickCount: { interval: 'week', step: 2 } } },
      y: { field, type: 'quantitative', title, scale: { zero: false }, axis: { format: AXIS_NUMBER } },
      color: { field: 'team', type: 'nominal', title: L.t('html.chart.team') },
      description: { field: 'description' },
    },
  } as TopLevelSpec;
}

/** Text for HTML: every value that came from data passes through here. */
export const esc = escapeHtml;

/** The agent table; each cell keeps its number in data-v so the page can sort it; each row is the agent's anchor. */
function agentTableHtml(agents: AgentRow[], id: string, links = false, L: Labels = ENGLISH_LABELS): string {
  const cols: [string, (a: AgentRow) => [string | number | null, string]][] = [
    ['agent', (a) => [a.agent_id, a.agent_id]],
    ['team', (a) => [a.team, a.team ?? '']],
    ['interactions', (a) => [a.interactions, L.count(a.interactions)]],
    ['empathy', (a) => [a.empathy, a.empathy === null ? '–' : `${num(a.empathy, 0)} <small>(${L.count(a.empathy_n)})</small>`]],
    ['pct', (a) => [a.empathy_pct_team, num(a.empathy_pct_team, 0)]],
    ['ownership', (a) => [a.ownership, num(a.ownership, 0)]],
    ['shift', (a) => [a.sentiment_shift, num(a.sentiment_shift, 2)]],
    ['effort', (a) => [a.effort, num(a.effort, 0)]],
    ['aht', (a) => [a.aht_s, duration(a.aht_s)]],
    ['wait', (a) => [a.wait_s, duration(a.wait_s)]],
    ['csat', (a) => [a.csat, num(a.csat, 2)]],
    ['fcr', (a) => [a.fcr, pct(a.fcr)]],
    ['transfers', (a) => [a.transfer_rate, pct(a.transfer_rate)]],
    ['quadrant', (a) => [a.too_few ? null : a.quadrant, a.too_few ? L.t('html.col.too_few') : a.quadrant ? L.t(`quadrant.${a.quadrant}`) : '–']],
  ];
  const head = cols.map(([key], i) => {
    const name = L.t(`html.col.${key}`);
    return `<th data-col="${i}" title="${esc(L.t('html.sort_by', { name }))}">${esc(name)}</th>`;
  }).join('');
  const body = agents
    .map((a) => {
      const cells = cols.map(([name, get]) => {
        const [v, shown] = get(a);
        // Shown text is built from numbers and escaped ids only; `empathy` adds its own <small>.
        let html = name === 'empathy' ? shown : esc(shown);
        if (name === 'agent' && links) html = `<a href="#${agentAnchor(a.agent_id)}-page">${html}</a>`;
        return `<td data-v="${esc(v ?? '')}"${typeof v === 'number' ? ' class="num"' : ''}>${html}</td>`;
      });
      return `<tr id="${agentAnchor(a.agent_id)}">${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table id="${id}" class="sortable"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

// Sorting by a header click: numbers as numbers, blanks last, a second click reverses.
/** The table-sorting script the report and the workspace share. */
export const SORT_SCRIPT = readFileSync(new URL('./assets/sortable.js', import.meta.url), 'utf8');

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
td { white-space: nowrap; } th { vertical-align: bottom; white-space: normal; }
.table-wrap { max-width: 100%; overflow-x: auto; }
table.sortable { font-size: 0.82rem; } table.sortable th, table.sortable td { padding: 4px 5px; }
table.plain { font-size: 0.85rem; } table.plain th { cursor: default; position: static; }
table.dist th { padding: 1px 8px 1px 0; font-weight: normal; } table.dist td.bar { width: 240px; } table.dist td.bar span { display: block; height: 12px; background: #7570b3; }
dl.sentences dt { font-weight: 600; margin-top: 6px; } dl.sentences dd { margin: 2px 0 2px 16px; } mark { background: #fff1a8; }
section.agent-page { border-top: 1px solid #eee; padding-top: 4px; } section.agent-page h3 { margin: 8px 0 2px; font-size: 1rem; }
p.why, figure.empty p.why { background: #fbf7ee; border-left: 4px solid #d9a400; padding: 10px 14px; margin: 0 0 8px; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
th { cursor: pointer; background: #fafafa; position: sticky; top: 0; user-select: none; }
th[data-dir="asc"]::after { content: " ▲"; } th[data-dir="desc"]::after { content: " ▼"; }
tbody tr:hover { background: #f7f7f7; }
dl.advice { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; font-size: 0.9rem; } dl.advice dt { font-weight: 600; }
@media print { th { position: static; } .grid { display: block; } figure { break-inside: avoid; margin-bottom: 16px; } }`;

/** A chart, or the sentence that says why there is none. */
function figure(name: string, svg: string | null, caption: string, why: string | null, extra = ''): string {
  if (svg === null) return `<figure data-chart="${name}" class="empty"><p class="why">${esc(why ?? 'Nothing to draw.')}</p></figure>`;
  return `<figure data-chart="${name}">${svg}<figcaption>${caption}</figcaption>${extra}</figure>`;
}

const maybeSvg = (spec: TopLevelSpec | null) => (spec ? renderSvg(spec) : Promise.resolve(null));

/** The whole page. */
export async function htmlReport(db: Queryable, opts: HtmlReportOptions): Promise<string> {
  const outcome = opts.outcome ?? 'csat';
  const outcomeName = outcome.toUpperCase();
  const repeatWindowDays = opts.repeatWindowDays ?? REPEAT_WINDOW_DAYS;
  const L = labels(opts.lang ?? 'en');
  const within = L.t(repeatWindowDays === 1 ? 'unit.day' : 'unit.days', { n: repeatWindowDays });
  const minInteractions = opts.minInteractions ?? MIN_INTERACTIONS;
  const scorerVersion = opts.scorerVersion;
  const [agents, drivers, weeks, reasonEffort, reasons, channels, journeys, repeats, reviews] = await Promise.all([
    agentTable(db, { ...opts, baseline: 'centre', minInteractions, repeatWindowDays }),
    driverReport(db, { ...opts, outcome, labels: L }),
    weeklyByTeam(db, opts),
    effortByReason(db, scorerVersion, opts),
    reasonReport(db, { ...opts, scorerVersion, repeatWindowDays }),
    channelReport(db, { ...opts, scorerVersion, repeatWindowDays }),
    journeyReport(db, { ...opts, scorerVersion, windowDays: repeatWindowDays }),
    repeatComparison(db, { ...opts, scorerVersion, repeatWindowDays }),
    reviewReport(db, { ...opts, scorerVersion }),
  ]);
  const sc = opts.scorecard;
  const qa = sc ? await Promise.all([
    scorecardByAgent(db, { ...opts, scorecardVersion: sc.version, scorerVersion }),
    scorecardReport(db, { ...opts, scorecardVersion: sc.version, scorerVersion, by: 'item' }),
  ]) : null;
  // Chart labels carry agent ids, team names and reasons from the data: their control and bidi
  // characters are shown, not obeyed.
  const shown = (svg: string | null) => (svg === null ? null : visible(svg));
  const reasonSvg = shown(await maybeSvg(reasonTrendChart(reasons, CONFIG, AXIS_NUMBER)));
  const quadrant = quadrantChart(agents, minInteractions);
  const noOutcome = drivers.overall.n === 0;
  const driversEmpty = drivers.overall.effects.length === 0;
  const anyCsat = weeks.some((w) => w.csat !== null);
  const [driverSvg, quadrantSvg, empathySvg, csatSvg] = (await Promise.all([
    driversEmpty ? maybeSvg(effortByReasonChart(reasonEffort)) : renderSvg(driverChart(drivers.overall, outcomeName)),
    maybeSvg(quadrant.spec),
    maybeSvg(trendChart(weeks, 'empathy', L.lang === 'en' ? 'mean empathy (where called for)' : L.t('html.chart.empathy'), L)),
    maybeSvg(trendChart(weeks, 'csat', L.lang === 'en' ? 'mean CSAT' : L.t('html.chart.csat'), L)),
  ])).map(shown);
  const driverWhy = noOutcome
    ? `No survey answers: drivers of ${outcomeName} cannot be estimated${driverSvg ? '; here is effort by reason instead.' : ', and no interaction has an effort score to show instead.'}`
    : `Too little data to estimate what moves ${outcomeName}: ${drivers.overall.headline}${driverSvg ? ' Here is effort by reason instead.' : ''}`;
  const driverFigure = driversEmpty
    ? `<figure data-chart="drivers" class="empty"><p class="why">${esc(driverWhy)}</p>${driverSvg ? `${driverSvg}<figcaption>Mean customer effort by contact reason (0–100, higher is harder), over every scored interaction.</figcaption>` : ''}</figure>`
    : figure('drivers', driverSvg, `What moves ${esc(outcomeName)}: each driver's effect per standard deviation, the others held fixed, with its 95% bootstrap interval (R² ${num(drivers.overall.r2, 2)}).`, null);
  const ranked = agents.filter((a) => !a.too_few);
  const tooFew = agents.filter((a) => a.too_few);
  const filters = [opts.team && `team ${opts.team}`, opts.channel && `channel ${opts.channel}`, opts.since && `since ${opts.since}`].filter(Boolean).join(', ');
  const quadrantCaption = `Agents with ${minInteractions}+ interactions by empathy and handle time; dashed lines are the medians. ${esc(quadrant.clipNote)} ${esc(quadrant.labelNote)} Who to coach on what:`;
  const advice = `<dl class="advice">${Object.entries(QUADRANT_ADVICE).map(([q, advice]) => `<dt style="color:${QUADRANT_COLOURS[q]}">${esc(L.t(`quadrant.${q}`))}</dt><dd>${esc((L.lang === 'en' ? advice : L.t(`advice.${q}`)).replace(/^[^:：]*[:：] ?/, ''))}</dd>`).join('')}</dl>`;
  return `<!doctype html>
<html lang="${L.lang === 'zh' ? 'zh-CN' : L.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(L.t('html.title'))}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${esc(L.t('html.h1'))}</h1>
<p class="meta">${esc(L.t('html.meta', { agents: agents.length, ranked: ranked.length, min: minInteractions, n: drivers.overall.n, outcome: outcomeName }))}${filters ? ` (${esc(filters)})` : ''} · scorer ${esc(drivers.scorer_version)} · ${esc(drivers.empathy_handling)}</p>
<p class="headline" id="headline">${esc(drivers.overall.headline)}</p>
${teamHeadlines(drivers)}
<div class="grid">
${driverFigure}
${figure('quadrant', quadrantSvg, quadrantCaption, quadrant.why, advice)}
${figure('empathy-trend', empathySvg, L.t('html.caption.empathy_trend', { min: MIN_WEEK, teams: MAX_TREND_TEAMS }), `Fewer than two weeks with ${MIN_WEEK}+ interactions where empathy was called for: no trend to draw.`)}
${figure('csat-trend', csatSvg, L.t('html.caption.csat_trend', { min: MIN_WEEK }), anyCsat ? `Fewer than two weeks with ${MIN_WEEK}+ interactions with a CSAT answer: no trend to draw.` : 'No survey answers: no CSAT to draw a trend of.')}
</div>
<p class="note">${esc(L.t('html.sections'))}: <a href="#agents-top">${esc(L.t('html.link.agents'))}</a> · <a href="#reasons">${esc(L.t('html.link.reasons'))}</a> · <a href="#channels">${esc(L.t('html.link.channels'))}</a> · <a href="#journeys">${esc(L.t('html.link.journeys'))}</a> · <a href="#reviews">${esc(L.t('html.link.reviews'))}</a>${sc ? ` · <a href="#scorecard">${esc(L.t('html.link.scorecard'))}</a>` : ''} · <a href="#agent-pages">${esc(L.t('html.link.agent_pages'))}</a></p>
<h2 id="agents-top">${esc(L.t('html.h2.agents'))}</h2>
<p class="note">${esc(L.t('html.agents_note', { within, min: minInteractions }))}</p>
${ranked.length ? agentTableHtml(ranked, 'agents', true, L) : `<p class="note">${esc(L.t('html.no_ranked', { min: minInteractions }))}</p>`}
${tooFew.length ? `<details id="too-few"><summary>${esc(L.t('html.too_few_summary', { n: tooFew.length, agents: L.t(tooFew.length === 1 ? 'unit.agent' : 'unit.agents'), min: minInteractions }))}</summary>${agentTableHtml(tooFew, 'agents-too-few', true, L)}</details>` : ''}
${translateHeadings(reasonsSection(reasons, reasonSvg), L)}
${translateHeadings(channelsSection(channels), L)}
${translateHeadings(journeysSection(journeys, repeats), L)}
${translateHeadings(reviewsSection(reviews), L)}
${sc && qa ? scorecardSection(sc.name, [...qa[0].values()].filter((a) => agents.some((x) => x.agent_id === a.agent_id)), qa[1], sc.questions) : ''}
${translateHeadings(agentPages(agents, agentAnchor, minInteractions), L)}
${warnings(drivers, L)}
<script>${SORT_SCRIPT}</script>
</body>
</html>
`;
}

function teamHeadlines(r: DriverReport): string {
  if (r.teams.length === 0) return '';
  return `<ul class="teams">${r.teams.map((t) => `<li><strong>${esc(t.scope)}</strong>: ${esc(t.headline.replace(/^Here /, ''))}</li>`).join('')}</ul>`;
}

/** The sections' headings (html-sections.ts writes them in English) in the report's language. */
function translateHeadings(html: string, L: Labels): string {
  if (L.lang === 'en') return html;
  const ids: Record<string, string> = { reasons: 'reasons', channels: 'channels', journeys: 'journeys', reviews: 'reviews', 'agent-pages': 'agent_pages' };
  return html.replace(/<h2 id="([a-z-]+)">[^<]*<\/h2>/g, (m, id: string) => (ids[id] ? `<h2 id="${id}">${esc(L.t(`html.h2.${ids[id]}`))}</h2>` : m));
}

function warnings(r: DriverReport, L: Labels = ENGLISH_LABELS): string {
  const notes = [r.overall, ...r.teams].flatMap((a) => a.warnings.map((w) => `${a.scope}: ${w}`));
  return notes.length ? `<h2>${esc(L.t('html.h2.notes'))}</h2><ul class="note">${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
}
