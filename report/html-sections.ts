/**
 * The sections of `voc report html` beyond empathy and efficiency: contact reasons (with their weekly
 * trend and spikes), channels side by side, journeys across channels, what a repeat contact costs, and
 * a page of figures for each agent. Each takes the plain data of its report function and returns HTML.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { AgentRow } from './agents.ts';
import type { ChannelReport } from './channels.ts';
import { duration, num, pct, signed } from './format.ts';
import { escapeHtml } from '../lib/safe-text.ts';
import type { JourneyReport } from './journeys.ts';
import type { KpiRow, RepeatComparison } from './kpis.ts';
import { npsText } from './kpis-format.ts';
import { weeksBefore, type ReasonReport } from './reasons.ts';
import type { AgentScorecard, ScorecardReportRow } from '../store/scorecards.ts';
import type { ReviewReport } from './reviews.ts';

const esc = escapeHtml;
const count = (n: number) => n.toLocaleString('en-US');

/** A table that fits the page: numbers right-aligned, every cell escaped. */
export function simpleTable(head: string[], rows: (string | number)[][], numeric: boolean[] = []): string {
  const th = head.map((h, i) => `<th${numeric[i] ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric[i] ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<div class="table-wrap"><table class="plain"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** Reasons the weekly chart draws at most (the largest). */
const MAX_REASON_LINES = 6;

/** Weekly contacts of the largest reasons, spiking weeks marked; null when there are no dated contacts. */
export function reasonTrendChart(r: ReasonReport, config: object, axisNumber: string): TopLevelSpec | null {
  const top = new Set(r.rows.slice(0, MAX_REASON_LINES).map((x) => x.reason));
  const values = r.rows.filter((x) => top.has(x.reason)).flatMap((x) => x.weeks.map((w) => ({
    reason: x.reason, week: w.week, n: w.n, spike: w.spike ? 'spike' : 'normal',
    description: `${x.reason}, week of ${w.week}: ${count(w.n)} contacts${w.spike ? ` (spike: ${num(w.baseline, 1)} a week before)` : ''}`,
  })));
  if (values.length < 2) return null;
  return {
    width: 460, height: 220, config,
    data: { values },
    layer: [
      { mark: { type: 'line' }, encoding: { x: { field: 'week', type: 'temporal', title: 'week', axis: { format: '%d %b' } }, y: { field: 'n', type: 'quantitative', title: 'contacts', axis: { format: axisNumber } }, color: { field: 'reason', type: 'nominal', title: 'reason' } } },
      { transform: [{ filter: "datum.spike === 'spike'" }], mark: { type: 'point', shape: 'triangle-up', size: 110, filled: true, color: '#d62728' }, encoding: { x: { field: 'week', type: 'temporal' }, y: { field: 'n', type: 'quantitative' }, description: { field: 'description' } } },
      { mark: { type: 'point', size: 25, filled: true }, encoding: { x: { field: 'week', type: 'temporal' }, y: { field: 'n', type: 'quantitative' }, color: { field: 'reason', type: 'nominal' }, description: { field: 'description' } } },
    ],
  } as TopLevelSpec;
}

export function reasonsSection(r: ReasonReport, chart: string | null): string {
  const rows = r.rows.map((x) => [x.reason, count(x.n), pct(x.share), x.latest ? `${count(x.latest.n)}${x.latest.spike ? ' ▲ spike' : ''}` : '–', signed(x.sentiment), num(x.effort, 0), num(x.empathy, 0), num(x.csat, 2), npsText(x.nps), pct(x.repeat_rate)]);
  const spikes = r.spikes.slice(0, 8).map((s) => `<li><strong>${esc(s.reason)}</strong>, week of ${esc(s.week)}: ${count(s.n)} contacts against ${esc(num(s.baseline, 1))} a week over the ${weeksBefore(s.baseline_weeks, r.spike.baselineWeeks)}</li>`).join('');
  const sentences = r.rows.filter((x) => x.sentences.length).map((x) => `<dt>${esc(x.reason)}</dt>${x.sentences.map((s) => `<dd>“${esc(s.text).replace(esc(s.evidence), `<mark>${esc(s.evidence)}</mark>`)}” <small>(${count(s.cue_count)} like it)</small></dd>`).join('')}`).join('');
  return `<h2 id="reasons">Contact reasons</h2>
${chart ? `<figure data-chart="reason-trend" style="max-width: 640px">${chart}<figcaption>Weekly contacts of the ${MAX_REASON_LINES} largest reasons; a red triangle marks a week with ${r.spike.threshold}× the mean of the ${r.spike.baselineWeeks} weeks before it (and ${r.spike.minContacts}+ contacts). The last week may be incomplete.</figcaption></figure>`
    : '<figure data-chart="reason-trend" class="empty"><p class="why">No dated contacts: no weekly trend of reasons to draw.</p></figure>'}
${spikes ? `<p>Spikes, latest first:</p><ul class="note">${spikes}</ul>` : '<p class="note">No reason spiked.</p>'}
${simpleTable(['reason', 'contacts', 'share', 'latest week', 'sentiment', 'effort', 'empathy', 'CSAT', 'NPS (95% ±)', 'repeat'], rows, [false, true, true, true, true, true, true, true, true, true])}
${sentences ? `<details><summary>What customers say, per reason (the sentences behind its most frequent cues)</summary><dl class="sentences">${sentences}</dl></details>` : ''}`;
}

export function channelsTable(rows: KpiRow[]): string {
  return simpleTable(
    ['channel', 'contacts', 'first response', 'AHT', 'resolution', 'CSAT', 'NPS (95% ±)', 'effort', 'empathy', 'repeat', 'abandoned'],
    rows.map((x) => [x.key, count(x.n), duration(x.first_response_s), duration(x.handle_s), duration(x.resolution_s), num(x.csat, 2), npsText(x.nps), num(x.effort, 0), num(x.empathy, 0), pct(x.repeat_rate), pct(x.abandon_rate)]),
    [false, true, true, true, true, true, true, true, true, true, true],
  );
}

export function channelsSection(c: ChannelReport): string {
  const channels = [...new Set(c.reasons.flatMap((x) => Object.keys(x.by_channel)))].sort();
  const mix = simpleTable(['reason', ...channels, 'most used'], c.reasons.map((x) => [x.reason, ...channels.map((ch) => (x.by_channel[ch] ? pct(x.by_channel[ch]! / x.n) : '–')), x.top_channel]), [false, ...channels.map(() => true), false]);
  return `<h2 id="channels">Channels</h2>
${c.channels.length === 1 ? `<p class="note">All contacts here came by ${esc(c.channels[0]!.key)}: nothing to compare channels with.</p>` : ''}
${channelsTable(c.channels)}
<p class="note">Which channel customers use for which reason (share of each reason's contacts):</p>
${mix}`;
}

export function journeysSection(j: JourneyReport, repeat: RepeatComparison): string {
  const head = `<p class="headline" id="repeat-headline">${esc(repeat.headline)}</p>`;
  if (j.journeys === 0) {
    return `<h2 id="journeys">Journeys and repeat contacts</h2>${head}<p class="why">No customer has two conversations within ${j.window_days} days of each other (or the rows carry no customer_id and started_at): no journeys to show.</p>`;
  }
  return `<h2 id="journeys">Journeys and repeat contacts</h2>
${head}
<p>${count(j.journeys)} journeys of two or more contacts, each within ${j.window_days} days of the one before; ${pct(j.switch_share)} of them changed channel.</p>
<div class="grid">
<div><p class="note">Most common paths, with the CSAT given at the end:</p>${simpleTable(['path', 'journeys', 'CSAT at the end', 'answers'], j.paths.map((p) => [p.path, count(p.journeys), num(p.end_csat, 2), count(p.end_csat_n)]), [false, true, true, true])}</div>
<div><p class="note">Where customers switch channel, and after which reason:</p>${j.switches.length ? simpleTable(['from', 'to', 'after reason', 'switches'], j.switches.map((s) => [s.from, s.to, s.after_reason, count(s.n)]), [false, false, false, true]) : '<p class="why">No journey changed channel.</p>'}</div>
</div>`;
}

/**
 * Reviews and survey answers (no agent): the distribution of ratings per channel as bars, the reasons
 * customers write about, and the most negative and most positive things they wrote.
 */
export function reviewsSection(r: ReviewReport): string {
  const title = '<h2 id="reviews">Reviews and surveys</h2>';
  if (r.weeks.length === 0) return `${title}<p class="why">No reviews or survey answers here (channels review and survey): nothing to show.</p>`;
  const dists = Object.entries(r.ratings).map(([channel, dist]) => {
    const total = Object.values(dist).reduce((a, b) => a + b, 0);
    const mean = Object.entries(dist).reduce((a, [k, n]) => a + Number(k) * n, 0) / total;
    const bars = [5, 4, 3, 2, 1].map((k) => {
      const share = (dist[k] ?? 0) / total;
      return `<tr><th scope="row">${k}</th><td class="bar"><span style="width:${(100 * share).toFixed(1)}%"></span></td><td class="num">${count(dist[k] ?? 0)} (${pct(share)})</td></tr>`;
    }).join('');
    return `<div><p class="note">${channel === 'review' ? 'Review stars' : 'Survey answers (CSAT)'}: ${count(total)}, mean ${num(mean, 2)}</p><table class="dist" data-channel="${esc(channel)}">${bars}</table></div>`;
  }).join('');
  const reasons = simpleTable(['reason', 'n', 'rating', 'sentiment', 'effort'], r.reasons.map((x) => [x.reason, count(x.n), num(x.rating, 2), signed(x.sentiment), num(x.effort, 0)]), [false, true, true, true, true]);
  const said = (side: 'negative' | 'positive') => r.sentences.filter((s) => s.side === side).map((s) => `<dd>“${esc(s.text.replace(/\s+/g, ' '))}” <small>(${esc(s.channel)}, ${esc(s.reason)}, sentiment ${esc(signed(s.sentiment))})</small></dd>`).join('');
  return `${title}
<div class="grid">${dists || '<p class="note">No ratings given.</p>'}<div><p class="note">What they write about:</p>${reasons}</div></div>
<dl class="sentences"><dt>Most negative</dt>${said('negative') || '<dd>–</dd>'}<dt>Most positive</dt>${said('positive') || '<dd>–</dd>'}</dl>`;
}

/** A page of figures per agent (in the same file), linked from the agent tables and the quadrant. */
export function agentPages(agents: AgentRow[], anchor: (id: string) => string, minInteractions: number): string {
  const page = (a: AgentRow) => {
    const weeks = simpleTable(['week', 'interactions', 'empathy', 'CSAT'], a.trend.map((w) => [w.week, count(w.n), num(w.empathy, 0), num(w.csat, 2)]), [false, true, true, true]);
    return `<section class="agent-page" id="${anchor(a.agent_id)}-page"><h3>${esc(a.agent_id)} <small>${esc(a.team ?? 'no team')}</small></h3>
<p>${count(a.interactions)} interactions · ${a.too_few ? `too few to rank (fewer than ${minInteractions})` : `quadrant: ${esc(a.quadrant ?? '–')}`} · empathy ${num(a.empathy, 0)} over ${count(a.empathy_n)} where called for (percentile in team ${num(a.empathy_pct_team, 0)}) · effort ${num(a.effort, 0)} · AHT ${duration(a.aht_s)} · wait ${duration(a.wait_s)} · CSAT ${num(a.csat, 2)} (${pct(a.csat_score)} 4–5, ${count(a.csat_n)} answers) · FCR ${pct(a.fcr)} · transfers ${pct(a.transfer_rate)}</p>
${a.trend.length ? weeks : ''}<p class="note"><a href="#agents-top">back to the agent table</a> · in the terminal: <code>voc report agent ${esc(a.agent_id)}</code></p></section>`;
  };
  const ranked = agents.filter((a) => !a.too_few);
  const few = agents.filter((a) => a.too_few);
  return `<h2 id="agent-pages">Agent pages</h2><p class="note">One page per agent: the figures and the weekly trend.</p>\n${ranked.map(page).join('\n')}
${few.length ? `<details id="too-few-pages"><summary>Pages of the ${count(few.length)} agents with too few interactions to rank</summary>${few.map(page).join('\n')}</details>` : ''}`;
}

/** The QA scorecard: pass rate, mean score and the items failed most per agent, and each item's yes rate. */
export function scorecardSection(name: string, agents: AgentScorecard[], items: ScorecardReportRow[], questions: Map<string, string>): string {
  if (agents.length === 0) return `<h2 id="scorecard">QA scorecard</h2><p class="note">No interaction is evaluated on the scorecard yet.</p>`;
  const agentRows = [...agents].sort((a, b) => (a.pass_rate ?? 2) - (b.pass_rate ?? 2) || a.agent_id.localeCompare(b.agent_id)).map((a) => [
    a.agent_id, count(a.evaluations), pct(a.pass_rate), num(a.mean_score, 0), count(a.critical_failed),
    a.worst_items.map((w) => `${w.item} (${pct(w.fail_rate)} no)`).join(', ') || '–',
  ]);
  const itemRows = items.map((i) => [questions.get(i.group) ?? i.group, i.group, count(i.evaluations), pct(i.pass_rate), count(i.critical_failed)]);
  return `<h2 id="scorecard">QA scorecard</h2>
<p class="note">“${esc(name)}”, answered automatically on every interaction. Pass rate: share of evaluations that passed; score: mean 0–100 over the items that applied; the items each agent failed most (share answered no where the item applied). Agents with the lowest pass rate first.</p>
${simpleTable(['agent', 'evaluations', 'pass rate', 'mean score', 'critical fails', 'items failed most'], agentRows, [false, true, true, true, true, false])}
<h3>Items, most failed first</h3>
${simpleTable(['question', 'item', 'applied', 'yes', 'critical fails'], itemRows, [false, false, true, true, true])}`;
}
