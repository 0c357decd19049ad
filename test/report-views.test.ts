/**
 * The reasons, channels, journeys and reviews reports, and one customer's timeline, on the demo with
 * its known effects (demo/generate.ts DEMO_EFFECTS): a reason that spikes in one week, an unresolved
 * chat about one reason that comes back as a call, abandoned calls with no text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EFFECTS } from '../demo/generate.ts';
import { SCORER_VERSION } from '../pipeline/version.ts';
import { channelReport } from '../report/channels.ts';
import { journeyReport, splitJourneys } from '../report/journeys.ts';
import { detectSpikes, reasonReport, sentenceAround, weeksBefore } from '../report/reasons.ts';
import { reviewReport } from '../report/reviews.ts';
import { reviewsSection } from '../report/html-sections.ts';
import { vocOk } from './cli.ts';
import { demoStore, type DemoStore } from './report-fixture.ts';

const scorerVersion = SCORER_VERSION;

describe('spikes and sentences (pure)', () => {
  it('flags a week at the threshold times the mean of the weeks before it', () => {
    const weeks = ['w1', 'w2', 'w3', 'w4', 'w5'];
    const counts = new Map([['w1', 10], ['w2', 12], ['w3', 11], ['w4', 30], ['w5', 12]]);
    const s = detectSpikes(counts, weeks, { threshold: 2, baselineWeeks: 3, minContacts: 5 });
    expect(s.map((w) => w.spike)).toEqual([false, false, false, true, false]);
    expect(s[3]!.baseline).toBeCloseTo(11, 10);
    expect(detectSpikes(counts, weeks, { threshold: 3, baselineWeeks: 3 }).some((w) => w.spike)).toBe(false);
  });

  it('counts only weeks that hold data in the baseline: no spike against the weeks before the data starts', () => {
    // Two contacts in an early week, then weeks with no data at all, then a busy stretch.
    const weeks = ['2020-01-06', '2020-01-13', '2020-01-20', '2020-01-27', '2020-02-03', '2020-02-10', '2020-02-17', '2020-02-24'];
    const counts = new Map([['2020-01-06', 2], ['2020-02-10', 15], ['2020-02-17', 14], ['2020-02-24', 40]]);
    const observed = new Set(['2020-01-06', '2020-02-10', '2020-02-17', '2020-02-24']);
    const s = detectSpikes(counts, weeks, { threshold: 1.5, baselineWeeks: 4, minContacts: 10 }, observed);
    // The first busy week has no week with data among the four before it: no baseline, no spike.
    expect(s[5]).toEqual({ week: '2020-02-10', n: 15, baseline: null, baseline_weeks: 0, spike: false });
    // The gap weeks are not zero weeks: the next week's baseline is the one busy week alone.
    expect(s[6]!.baseline).toBe(15);
    expect(s[6]!.spike).toBe(false);
    expect(s[7]!.baseline).toBeCloseTo(14.5, 10);
    expect(s[7]!.spike).toBe(true);
    // The spike says over how many weeks its baseline was taken: two of the four held data.
    expect(s[7]!.baseline_weeks).toBe(2);
    expect(weeksBefore(s[7]!.baseline_weeks, 4)).toBe('2 weeks with data among the 4 before');
    expect(weeksBefore(4, 4)).toBe('4 weeks before');
    // Without `observed` the gap weeks would count as 0 and the first busy week would spike.
    expect(detectSpikes(counts, weeks, { baselineWeeks: 4 })[5]!.spike).toBe(true);
    // A week in which this series had nothing while the data holds contacts still counts as 0.
    const other = detectSpikes(new Map([['2020-02-24', 12]]), weeks, { baselineWeeks: 4 }, observed);
    expect(other[7]).toEqual({ week: '2020-02-24', n: 12, baseline: 0, baseline_weeks: 2, spike: true });
  });

  it('cuts the sentence that holds the evidence', () => {
    const text = 'Hello there. My parcel has not arrived! Can you help?';
    expect(sentenceAround(text, text.indexOf('not arrived'), text.indexOf('not arrived') + 11)).toBe('My parcel has not arrived!');
  });
});

describe('reasons, channels, journeys and reviews on the demo', () => {
  let store: DemoStore;
  beforeAll(async () => {
    // The oracle scorer gives each contact the generator's reason, so the test reads the reports, not the intent scorer.
    store = await demoStore(2000, 3);
  }, 120_000);
  afterAll(async () => store?.close());

  it('finds the week the demo makes one reason spike', async () => {
    const r = await reasonReport(store.db, { scorerVersion });
    const week = new Date(Date.parse('2026-08-03T00:00:00Z') + DEMO_EFFECTS.spike.week * 7 * 86_400_000).toISOString().slice(0, 10);
    const ratio = (s: { n: number; baseline: number }) => s.n / Math.max(1, s.baseline);
    const top = [...r.spikes].sort((a, b) => ratio(b) - ratio(a))[0];
    expect(top).toMatchObject({ reason: DEMO_EFFECTS.spike.reason, week });
    expect(ratio(top!)).toBeGreaterThan(2);
    const delivery = r.rows.find((x) => x.reason === DEMO_EFFECTS.spike.reason)!;
    expect(delivery.sentences.length).toBeGreaterThan(0);
    for (const s of delivery.sentences) expect(s.text).toContain(s.evidence);
    expect(r.rows.reduce((a, x) => a + x.n, 0)).toBe(2000);
  });

  it('finds the channel switch the demo builds in, after its reason', async () => {
    const j = await journeyReport(store.db, { scorerVersion, top: 50 });
    const after = j.switches.filter((s) => s.after_reason === DEMO_EFFECTS.switch.reason);
    expect(after[0]).toMatchObject({ from: DEMO_EFFECTS.switch.from, to: DEMO_EFFECTS.switch.to });
    expect(after[0]!.n).toBeGreaterThan(3 * (after[1]?.n ?? 0));
    expect(j.paths[0]!.journeys).toBeGreaterThan(10);
    expect(j.paths.every((p) => p.path.includes(' → '))).toBe(true);
  });

  it('puts channels side by side and says which channel serves which reason', async () => {
    const c = await channelReport(store.db, { scorerVersion });
    expect(c.channels.map((x) => x.key).sort()).toEqual(['call', 'chat', 'email', 'review', 'survey']);
    const email = c.channels.find((x) => x.key === 'email')!;
    expect(email.first_response_s).toBeGreaterThan(3600);
    expect(c.channels.find((x) => x.key === 'call')!.abandon_rate).toBeGreaterThan(0);
    for (const r of c.reasons) expect(Object.values(r.by_channel).reduce((a, b) => a + b, 0)).toBe(r.n);
  });

  it('gives reviews and surveys a view of their own', async () => {
    const r = await reviewReport(store.db, { scorerVersion });
    const reviews = store.records.filter((x) => x.record.channel === 'review');
    expect(Object.values(r.ratings.review!).reduce((a, b) => a + b, 0)).toBe(reviews.length);
    expect(r.sentences.filter((s) => s.side === 'negative').length).toBe(3);
    expect(r.sentences.find((s) => s.side === 'negative')!.sentiment).toBeLessThanOrEqual(r.sentences.find((s) => s.side === 'positive')!.sentiment);
    expect(r.weeks.length).toBeGreaterThan(10);
    // In the HTML report: a bar per rating whose counts add up, and the sentences behind them.
    const html = reviewsSection(r);
    const counts = [...html.matchAll(/data-channel="review">(.*?)<\/table>/g)][0]![1]!.match(/<td class="num">([\d,]+) \(/g)!.map((m) => Number(m.replace(/\D/g, '')));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(reviews.length);
    expect(html).toContain('Most negative');
    expect(reviewsSection({ ratings: {}, weeks: [], reasons: [], sentences: [] })).toMatch(/No reviews or survey answers here/);
  });

  it('prints every report as a table, CSV and JSON, and one customer\'s timeline', async () => {
    const env = { DATABASE_URL: store.url };
    const reasons = await vocOk(['report', 'reasons', '--spike-threshold', '2'], env);
    expect(reasons.stdout).toMatch(/Spikes \(latest first\):\n {2}delivery, week of 2026-09-14/);
    const channels = await vocOk(['report', 'channels', '--format', 'csv'], env);
    expect(channels.stdout.split('\n')[0]).toMatch(/^key,n,csat_n,csat,csat_top2,nps_n/);
    const journeys = JSON.parse((await vocOk(['report', 'journeys', '--format', 'json'], env)).stdout);
    expect(journeys.window_days).toBe(7);
    const multi = splitJourneys(store.records.map((x) => ({ ...x.record, reason: null, sentiment: null, effort: null, empathy: null })).sort((a, b) => a.customer_id.localeCompare(b.customer_id) || a.started_at.localeCompare(b.started_at)) as any, 7)
      .find((j) => j.length >= 3)!;
    const shown = await vocOk(['show', 'customer', multi[0]!.customer_id], env);
    expect(shown.stdout).toMatch(new RegExp(`^Customer ${multi[0]!.customer_id}: \\d+ contacts in \\d+ journeys?`));
    for (const c of multi) expect(shown.stdout).toContain(c.started_at.slice(0, 10));
    const kpis = await vocOk(['report', 'kpis', '--by', 'week'], env);
    expect(kpis.stdout).toMatch(/2026-09-14/);
  });
});
