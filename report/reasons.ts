/**
 * `voc report reasons`: what customers contact us about — each contact reason (the scorer's primary
 * intent) by volume, its weekly trend with a spike flag, its sentiment, effort, empathy, CSAT, NPS and
 * repeat rate, and the three most representative customer sentences with the words behind them.
 *
 * A week spikes when its contacts reach `threshold` × the mean of the `baselineWeeks` weeks before it
 * and at least `minContacts`. Only weeks that hold data (any contact, of any reason) make the baseline:
 * a week in which this reason had no contact while others had some counts as 0, but a week before the
 * first week of data, or in a gap where the data holds no contact at all, is not a zero week. With no
 * such week before it, a week has no baseline and never spikes. The most representative sentences are
 * those behind the reason's three most frequent cues: the ways most customers put it.
 */
import type { Queryable } from '../store/db.ts';
import type { FactOptions } from '../store/reports-facts.ts';
import { kpiRows } from '../store/reports-kpis.ts';
import { reasonEvidence, reasonWeeks, type ReasonEvidenceRow } from '../store/reports-reasons.ts';
import { npsOf, type Nps } from './kpis.ts';

export interface SpikeOptions {
  /** A week spikes at this multiple of its baseline. @defaultValue 1.5 */
  threshold?: number;
  /** Weeks before it that make the baseline. @defaultValue 4 */
  baselineWeeks?: number;
  /** A week with fewer contacts than this never spikes. @defaultValue 10 */
  minContacts?: number;
}

export interface WeekPoint {
  week: string;
  n: number;
  /** Mean of the previous weeks that hold data (null when none of them does, e.g. the first week of data). */
  baseline: number | null;
  /** How many weeks make the baseline: `baselineWeeks`, or fewer where some of them hold no data. */
  baseline_weeks: number;
  spike: boolean;
}

/**
 * Marks the weeks of one series that spike against the weeks before them. `weeks` is every week, in
 * order; `observed` the weeks that hold any data at all (of any series; default: every week). A week
 * outside `observed` is left out of the baseline rather than counted as 0.
 */
export function detectSpikes(counts: Map<string, number>, weeks: readonly string[], opts: SpikeOptions = {}, observed?: ReadonlySet<string>): WeekPoint[] {
  const threshold = opts.threshold ?? 1.5;
  const k = opts.baselineWeeks ?? 4;
  const min = opts.minContacts ?? 10;
  return weeks.map((week, i) => {
    const n = counts.get(week) ?? 0;
    const prev = weeks.slice(Math.max(0, i - k), i).filter((w) => !observed || observed.has(w)).map((w) => counts.get(w) ?? 0);
    const baseline = prev.length ? prev.reduce((a, b) => a + b, 0) / prev.length : null;
    return { week, n, baseline, baseline_weeks: prev.length, spike: baseline !== null && prev.length >= Math.min(2, k) && n >= min && n >= threshold * Math.max(baseline, 1) };
  });
}

/** The sentence of `text` that holds the characters start…end. */
export function sentenceAround(text: string, start: number, end: number): string {
  const before = text.slice(0, start);
  const from = Math.max(before.lastIndexOf('. '), before.lastIndexOf('! '), before.lastIndexOf('? '), before.lastIndexOf('\n'));
  const rest = text.slice(end);
  const stop = rest.search(/[.!?](\s|$)|\n/);
  return text.slice(from < 0 ? 0 : from + 1, stop < 0 ? text.length : end + stop + 1).trim();
}

export interface Sentence {
  /** The customer's sentence. */
  text: string;
  /** The words in it that matched the reason. */
  evidence: string;
  /** How many interactions of this reason matched the same words. */
  cue_count: number;
  interaction_id: string;
}

/** Per reason, the sentences behind its `k` most frequent cues. */
export function representativeSentences(rows: readonly ReasonEvidenceRow[], k = 3): Map<string, Sentence[]> {
  const byReason = new Map<string, Map<string, ReasonEvidenceRow[]>>();
  for (const r of rows) {
    const cue = r.evidence.toLowerCase().replace(/\s+/g, ' ').trim();
    let cues = byReason.get(r.reason);
    if (!cues) byReason.set(r.reason, (cues = new Map()));
    let list = cues.get(cue);
    if (!list) cues.set(cue, (list = []));
    if (!list.some((x) => x.interaction_id === r.interaction_id)) list.push(r);
  }
  const out = new Map<string, Sentence[]>();
  for (const [reason, cues] of byReason) {
    const picked: Sentence[] = [];
    const usedText = new Set<string>();
    const usedId = new Set<string>();
    for (const [, list] of [...cues].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) {
      if (picked.length === k) break;
      // The most confident interaction not shown yet; among equals, the shortest sentence reads best,
      // then the first id (whatever order the rows came in).
      const len = (r: ReasonEvidenceRow) => sentenceAround(r.turn_text, r.start, r.end).length;
      const pick = [...list]
        .sort((a, b) => b.confidence - a.confidence || len(a) - len(b) || (a.interaction_id < b.interaction_id ? -1 : a.interaction_id > b.interaction_id ? 1 : 0))
        .find((r) => !usedId.has(r.interaction_id) && !usedText.has(sentenceAround(r.turn_text, r.start, r.end)));
      if (!pick) continue;
      const text = sentenceAround(pick.turn_text, pick.start, pick.end);
      usedText.add(text);
      usedId.add(pick.interaction_id);
      picked.push({ text, evidence: pick.turn_text.slice(pick.start, pick.end), cue_count: list.length, interaction_id: pick.interaction_id });
    }
    out.set(reason, picked);
  }
  return out;
}

export interface ReasonRow {
  reason: string;
  n: number;
  share: number;
  sentiment: number | null;
  effort: number | null;
  empathy: number | null;
  csat_n: number;
  csat: number | null;
  nps: Nps;
  repeat_rate: number | null;
  weeks: WeekPoint[];
  /** The latest week's point (it spikes when `weeks.at(-1).spike`). */
  latest: WeekPoint | null;
  sentences: Sentence[];
}

export interface ReasonReport {
  spike: Required<SpikeOptions>;
  weeks: string[];
  rows: ReasonRow[];
  /** Every (reason, week) that spiked, latest first. */
  spikes: { reason: string; week: string; n: number; baseline: number; baseline_weeks: number }[];
}

/** Every Monday from the first week to the last. */
export function weekRange(weeks: readonly string[]): string[] {
  if (weeks.length === 0) return [];
  const sorted = [...weeks].sort();
  const out: string[] = [];
  for (let t = Date.parse(`${sorted[0]}T00:00:00Z`), end = Date.parse(`${sorted.at(-1)}T00:00:00Z`); t <= end; t += 7 * 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export async function reasonReport(db: Queryable, opts: FactOptions & SpikeOptions): Promise<ReasonReport> {
  const spike = { threshold: opts.threshold ?? 1.5, baselineWeeks: opts.baselineWeeks ?? 4, minContacts: opts.minContacts ?? 10 };
  const [kpis, weekRows, evidence] = await Promise.all([kpiRows(db, 'reason', opts), reasonWeeks(db, opts.scorerVersion, opts), reasonEvidence(db, opts.scorerVersion, opts)]);
  const weeks = weekRange(weekRows.map((w) => w.week));
  const observed = new Set(weekRows.filter((w) => w.n > 0).map((w) => w.week));
  const counts = new Map<string, Map<string, number>>();
  for (const w of weekRows) {
    let m = counts.get(w.reason);
    if (!m) counts.set(w.reason, (m = new Map()));
    m.set(w.week, w.n);
  }
  const sentences = representativeSentences(evidence);
  const total = kpis.reduce((a, r) => a + r.n, 0);
  const rows = kpis.map((r): ReasonRow => {
    const series = detectSpikes(counts.get(r.key) ?? new Map(), weeks, spike, observed);
    return {
      reason: r.key, n: r.n, share: total ? r.n / total : 0, sentiment: r.sentiment, effort: r.effort, empathy: r.empathy,
      csat_n: r.csat_n, csat: r.csat, nps: npsOf(r.promoters, r.detractors, r.nps_n), repeat_rate: r.repeat_rate,
      weeks: series, latest: series.at(-1) ?? null, sentences: sentences.get(r.key) ?? [],
    };
  });
  const spikes = rows.flatMap((r) => r.weeks.filter((w) => w.spike).map((w) => ({ reason: r.reason, week: w.week, n: w.n, baseline: w.baseline!, baseline_weeks: w.baseline_weeks })))
    .sort((a, b) => b.week.localeCompare(a.week) || b.n - a.n);
  return { spike, weeks, rows, spikes };
}

/** "4 weeks before", or "3 weeks with data among the 4 before" when some of them held none. */
export function weeksBefore(used: number, asked: number): string {
  return used >= asked ? `${asked} weeks before` : `${used} week${used === 1 ? '' : 's'} with data among the ${asked} before`;
}
