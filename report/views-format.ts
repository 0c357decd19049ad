/** Reasons, channels, journeys, one customer's timeline and the reviews view, as terminal text and CSV. */
import { sparkline } from './agents-format.ts';
import type { ChannelReport } from './channels.ts';
import { toCsv } from './csv.ts';
import { duration, num, pct, signed } from './format.ts';
import type { CustomerTimeline, JourneyReport } from './journeys.ts';
import { formatKpiReport, kpiReportCsv, npsText, plainTable } from './kpis-format.ts';
import { weeksBefore, type ReasonReport } from './reasons.ts';
import type { ReviewReport } from './reviews.ts';

const R = 'right' as const;
const L = 'left' as const;
const count = (n: number) => n.toLocaleString('en-US');

/** Weeks drawn in a reason's sparkline: a year of history stays on one line. */
const SPARK_WEEKS = 26;

export function formatReasonReport(r: ReasonReport): string {
  const shown = Math.min(r.weeks.length, SPARK_WEEKS);
  const t = plainTable(['reason', 'n', 'share', r.weeks.length > SPARK_WEEKS ? `last ${shown} weeks` : 'by week', 'latest week', 'sentiment', 'effort', 'empathy', 'CSAT', 'NPS (95% ±)', 'repeat'], [L, R, R, L, R, R, R, R, R, R, R]);
  for (const x of r.rows) {
    const latest = x.latest ? `${count(x.latest.n)}${x.latest.spike ? ` SPIKE ×${num(x.latest.n / Math.max(1, x.latest.baseline ?? 1), 1)}` : ''}` : '–';
    t.push([x.reason, count(x.n), pct(x.share), sparkline(x.weeks.slice(-shown).map((w) => w.n)), latest, signed(x.sentiment), num(x.effort, 0), num(x.empathy, 0), num(x.csat, 2), npsText(x.nps), pct(x.repeat_rate)]);
  }
  const out = [t.toString(), `spike: a week with ${r.spike.threshold}× the mean of the ${r.spike.baselineWeeks} weeks before it and ${r.spike.minContacts}+ contacts (--spike-threshold, --baseline-weeks)`];
  out.push('', r.spikes.length ? `Spikes (latest first):\n${r.spikes.slice(0, 10).map((s) => `  ${s.reason}, week of ${s.week}: ${count(s.n)} contacts against ${num(s.baseline, 1)} a week over the ${weeksBefore(s.baseline_weeks, r.spike.baselineWeeks)}`).join('\n')}` : 'No reason spiked.');
  out.push('', 'What customers say, per reason (the sentences behind its most frequent cues; «words» matched the reason):');
  for (const x of r.rows) {
    if (x.sentences.length === 0) continue;
    out.push(`  ${x.reason}`);
    for (const s of x.sentences) out.push(`    "${s.text.replace(s.evidence, `«${s.evidence}»`)}" (${count(s.cue_count)} like it; ${s.interaction_id})`);
  }
  return out.join('\n');
}

export async function reasonReportCsv(r: ReasonReport): Promise<string> {
  const rows = r.rows.map((x) => ({
    reason: x.reason, n: x.n, share: x.share, sentiment: x.sentiment, effort: x.effort, empathy: x.empathy, csat_n: x.csat_n, csat: x.csat,
    nps: x.nps.nps, nps_n: x.nps.n, repeat_rate: x.repeat_rate, latest_week: x.latest?.week ?? null, latest_n: x.latest?.n ?? null,
    latest_baseline: x.latest?.baseline ?? null, latest_spike: x.latest?.spike ?? null,
    sentence_1: x.sentences[0]?.text ?? null, sentence_2: x.sentences[1]?.text ?? null, sentence_3: x.sentences[2]?.text ?? null,
  }));
  return `${await toCsv(Object.keys(rows[0] ?? { reason: 0 }), rows)}\n`;
}

export function formatChannelReport(r: ChannelReport): string {
  const channels = [...new Set(r.reasons.flatMap((x) => Object.keys(x.by_channel)))].sort();
  const t = plainTable(['reason', 'n', ...channels, 'most used'], [L, R, ...channels.map(() => R), L]);
  for (const x of r.reasons) t.push([x.reason, count(x.n), ...channels.map((c) => (x.by_channel[c] ? `${count(x.by_channel[c]!)} (${pct(x.by_channel[c]! / x.n)})` : '–')), `${x.top_channel} ${pct(x.top_share)}`]);
  return `${formatKpiReport({ by: 'channel', repeat_window_days: r.repeat_window_days, rows: r.channels })}\n\nWhich channel for which reason:\n${t.toString()}`;
}

export const channelReportCsv = (r: ChannelReport) => kpiReportCsv({ by: 'channel', repeat_window_days: r.repeat_window_days, rows: r.channels });

export function formatJourneyReport(r: JourneyReport): string {
  const p = plainTable(['path', 'journeys', 'CSAT at the end', 'answers'], [L, R, R, R]);
  for (const x of r.paths) p.push([x.path, count(x.journeys), num(x.end_csat, 2), count(x.end_csat_n)]);
  const s = plainTable(['from', 'to', 'after reason', 'switches'], [L, L, L, R]);
  for (const x of r.switches) s.push([x.from, x.to, x.after_reason, count(x.n)]);
  return [
    `${count(r.customers)} customers with more than one contact; ${count(r.journeys)} journeys of 2+ contacts (each within ${r.window_days} days of the one before), ${pct(r.switch_share)} of them changed channel.`,
    '', 'Most common paths:', r.paths.length ? p.toString() : `  none: no customer contacted us twice within ${r.window_days} days`,
    '', 'Where customers switch channel:', r.switches.length ? s.toString() : '  none: no journey changed channel',
  ].join('\n');
}

export async function journeyReportCsv(r: JourneyReport): Promise<string> {
  return `${await toCsv(['path', 'journeys', 'end_csat', 'end_csat_n'], r.paths as unknown as Record<string, unknown>[])}\n`;
}

export function formatCustomerTimeline(c: CustomerTimeline): string {
  const t = plainTable(['#', 'journey', 'when', 'gap', 'channel', 'agent', 'reason', 'sentiment', 'effort', 'empathy', 'CSAT', 'NPS', 'customer said'], [R, R, L, R, L, L, L, R, R, R, R, R, L]);
  c.contacts.forEach((x, i) => t.push([
    i + 1, x.journey, x.started_at?.replace('T', ' ').replace(/:\d\dZ$/, '') ?? '–', x.days_since_previous === null ? '' : duration(x.days_since_previous * 86_400),
    x.channel + (x.abandoned ? ' (abandoned)' : ''), x.agent_id ?? '', x.reason ?? '', signed(x.sentiment), num(x.effort, 0), num(x.empathy, 0), x.csat ?? '–', x.nps ?? '–',
    (x.excerpt ?? '').replace(/\s+/g, ' ').slice(0, 60),
  ]));
  return `Customer ${c.customer_id}: ${c.contacts.length} contacts in ${c.contacts.at(-1)!.journey} journey${c.contacts.at(-1)!.journey === 1 ? '' : 's'}\n${t.toString()}`;
}

export function formatReviewReport(r: ReviewReport): string {
  const out: string[] = [];
  for (const [channel, dist] of Object.entries(r.ratings)) {
    const total = Object.values(dist).reduce((a, b) => a + b, 0);
    const mean = Object.entries(dist).reduce((a, [k, n]) => a + Number(k) * n, 0) / total;
    out.push(`${channel === 'review' ? 'Review stars' : 'Survey answers (CSAT)'}: ${count(total)}, mean ${num(mean, 2)}`);
    for (let k = 5; k >= 1; k--) out.push(`  ${k} ${'█'.repeat(Math.round((40 * (dist[k] ?? 0)) / Math.max(1, total))).padEnd(40)} ${count(dist[k] ?? 0)} (${pct((dist[k] ?? 0) / total)})`);
  }
  if (r.weeks.length === 0) return 'No reviews or survey answers here (channels review and survey): this view has nothing to show. `voc report agents` and `voc report kpis` cover conversations.';
  if (out.length === 0) out.push('No reviews or survey answers with a rating.');
  const w = plainTable(['channel', 'week', 'n', 'rating', 'sentiment', 'effort'], [L, L, R, R, R, R]);
  for (const x of r.weeks) w.push([x.channel, x.week, count(x.n), num(x.rating, 2), signed(x.sentiment), num(x.effort, 0)]);
  const re = plainTable(['reason', 'n', 'rating', 'sentiment', 'effort'], [L, R, R, R, R]);
  for (const x of r.reasons) re.push([x.reason, count(x.n), num(x.rating, 2), signed(x.sentiment), num(x.effort, 0)]);
  out.push('', 'By week:', w.toString(), '', 'What they write about:', re.toString(), '');
  for (const side of ['negative', 'positive'] as const) {
    out.push(`Most ${side}:`);
    for (const s of r.sentences.filter((x) => x.side === side)) out.push(`  ${signed(s.sentiment)} ${s.channel}, ${s.reason}: "${s.text.replace(/\s+/g, ' ')}" (${s.interaction_id})`);
  }
  return out.join('\n');
}

export async function reviewReportCsv(r: ReviewReport): Promise<string> {
  return `${await toCsv(['channel', 'week', 'n', 'rating', 'sentiment', 'effort'], r.weeks as unknown as Record<string, unknown>[])}\n`;
}
