/** KPIs as the trade computes them, and the repeat-contact comparison, on the demo's known effects. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCORER_VERSION } from '../pipeline/version.ts';
import { kpiReport, npsOf, repeatComparison } from '../report/kpis.ts';
import { demoStore, type DemoStore } from './report-fixture.ts';

describe('NPS', () => {
  it('is % promoters − % detractors with a 95% interval', () => {
    const r = npsOf(50, 20, 100);
    expect(r.nps).toBeCloseTo(30, 10);
    // var = (p + d − (p − d)²) / n = (0.7 − 0.09) / 100
    expect(r.ci![1] - r.nps!).toBeCloseTo(100 * 1.959964 * Math.sqrt(0.0061), 6);
    expect(npsOf(0, 0, 0)).toMatchObject({ nps: null, ci: null });
    expect(npsOf(10, 0, 10).ci![1]).toBe(100);
  });
});

describe('voc report kpis and repeats on the demo', () => {
  let store: DemoStore;
  beforeAll(async () => {
    store = await demoStore(1500, 5);
  });
  afterAll(async () => store?.close());

  it('computes CSAT, NPS and FCR per channel as the records imply', async () => {
    const r = await kpiReport(store.db, { scorerVersion: SCORER_VERSION, by: 'channel' });
    for (const row of r.rows) {
      const recs = store.records.map((x) => x.record).filter((x) => x.channel === row.key);
      const csat = recs.filter((x) => x.csat !== null).map((x) => x.csat!);
      expect(row.n).toBe(recs.length);
      if (csat.length) {
        expect(row.csat).toBeCloseTo(csat.reduce((a, b) => a + b, 0) / csat.length, 6);
        expect(row.csat_top2).toBeCloseTo(csat.filter((c) => c >= 4).length / csat.length, 6);
      }
      const nps = recs.filter((x) => x.nps !== null).map((x) => x.nps!);
      if (nps.length) expect(row.nps.nps).toBeCloseTo((100 * (nps.filter((v) => v >= 9).length - nps.filter((v) => v <= 6).length)) / nps.length, 6);
      const conv = recs.filter((x) => ['call', 'chat', 'email'].includes(x.channel));
      if (conv.length && conv.every((x) => x.resolved !== null)) expect(row.fcr).toBeCloseTo(conv.filter((x) => x.resolved).length / conv.length, 6);
      if (row.fcr !== null) expect(row.unresolved).toBeCloseTo(1 - row.fcr, 10);
    }
  });

  it('finds the CSAT and NPS penalty of a repeat contact that the demo builds in', async () => {
    const c = await repeatComparison(store.db, { scorerVersion: SCORER_VERSION });
    // The generator lowers CSAT by 0.35 and NPS by 0.9 per earlier contact about the same issue.
    expect(c.csat_difference!.ci[1]).toBeLessThan(0);
    expect(c.csat_difference!.value).toBeGreaterThan(-0.8);
    expect(c.nps_difference!.ci[1]).toBeLessThan(0);
    // The same comparison straight from the records: a repeat is a contact whose customer had a
    // conversation (not abandoned) in the 7 days before it.
    const conv = store.records.map((x) => x.record).filter((r) => ['call', 'chat', 'email'].includes(r.channel) && !r.abandoned);
    const isRepeat = (r: (typeof conv)[number]) => conv.some((p) => p.customer_id === r.customer_id && p.interaction_id !== r.interaction_id
      && p.started_at < r.started_at && Date.parse(r.started_at) - Date.parse(p.started_at) <= 7 * 86_400_000);
    const all = store.records.map((x) => x.record).filter((r) => ['call', 'chat', 'email'].includes(r.channel) && r.csat !== null);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const direct = mean(all.filter(isRepeat).map((r) => r.csat!)) - mean(all.filter((r) => !isRepeat(r)).map((r) => r.csat!));
    expect(c.csat_difference!.value).toBeCloseTo(direct, 6);
    expect(c.headline).toMatch(/^Customers who had to contact us again within 7 days rated CSAT \d\.\d\d against \d\.\d\d on a first contact: −0\.\d\d \(95% CI/);
  });
});
