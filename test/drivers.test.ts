/**
 * The driver analysis against the demo generator's known truth: the demo's KPIs respond to the
 * empathy the customer experienced and to the wait by TRUE_EFFECTS (per standard deviation of
 * EMPATHY_EXPERIENCED and WAIT_S). Stored in PostgreSQL with the generator's own reading of each
 * conversation ("oracle" scores), the analysis (SQL aggregates, standardization, regression,
 * bootstrap) must find those effects inside its 95% intervals; with voc's real scorer, whose empathy
 * agrees with the generator's imperfectly, it must come close and reach the same conclusion.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPATHY_EXPERIENCED, TRUE_EFFECTS, WAIT_S } from '../demo/model.ts';
import { driverReport, type DriverReport } from '../report/drivers.ts';
import { vocOk } from './cli.ts';
import { demoStore, type DemoStore } from './report-fixture.ts';

/** The drivers of the generator's CSAT model that the analysis can see. */
const MODEL_DRIVERS = ['empathy', 'wait_time_s', 'resolved', 'transfers', 'hold_time_s'] as const;

describe('voc analyze drivers on the demo centre', () => {
  let store: DemoStore;
  let report: DriverReport;
  beforeAll(async () => {
    store = await demoStore(3000, 7, 'oracle');
    report = await driverReport(store.db, { drivers: MODEL_DRIVERS });
  }, 120_000);
  afterAll(async () => {
    await store?.close();
  });

  const effect = (driver: string) => report.overall.effects.find((e) => e.driver === driver)!;
  /** How many rows of each channel the analysis used (wait is standardized within channel). */
  const channelRows = async () => {
    const { rows } = await store.db.query<{ channel: string; n: number }>(
      `SELECT i.channel, count(*)::int AS n FROM interactions i JOIN scores s USING (interaction_id)
       WHERE i.csat IS NOT NULL AND s.empathy_applicable AND i.wait_time_s IS NOT NULL GROUP BY 1`,
    );
    return rows;
  };

  it('recovers the true effect of empathy on CSAT within its interval', () => {
    const e = effect('empathy');
    // The truth is per SD of experienced empathy; the analysis is per SD of voc's empathy score.
    const truth = TRUE_EFFECTS.csat.empathy * (e.sd / EMPATHY_EXPERIENCED.sd);
    expect(e.ci[0]).toBeLessThanOrEqual(truth);
    expect(e.ci[1]).toBeGreaterThanOrEqual(truth);
  });

  it('recovers the true effect of wait on CSAT within its interval', async () => {
    const e = effect('wait_time_s');
    const sds = report.overall.channelSds.wait_time_s!;
    let weighted = 0;
    let n = 0;
    for (const { channel, n: rows } of await channelRows()) {
      if (!sds[channel]) continue;
      weighted += rows * (sds[channel] / WAIT_S[channel as keyof typeof WAIT_S].sd);
      n += rows;
    }
    const truth = TRUE_EFFECTS.csat.wait * (weighted / n);
    expect(e.ci[0]).toBeLessThanOrEqual(truth);
    expect(e.ci[1]).toBeGreaterThanOrEqual(truth);
  });

  it('says empathy matters more than wait here, as the generator made it', () => {
    expect(report.overall.comparison).toMatchObject({ distinguishable: true });
    expect(report.overall.headline).toMatch(/one standard deviation more empathy moves CSAT by \+0\.\d\d/);
    expect(report.overall.headline).toMatch(/empathy matters \d\.\d× as much as wait/);
  });

  it('analyses each team too, and reads every driver by default', async () => {
    expect(report.teams.map((t) => t.scope)).toEqual(['billing', 'retention', 'support']);
    for (const team of report.teams) expect(team.effects.find((e) => e.driver === 'empathy')!.effect).toBeGreaterThan(0);
    const all = await driverReport(store.db, { perTeam: false });
    expect(all.overall.effects.map((e) => e.driver)).toEqual(expect.arrayContaining(['empathy', 'ownership_statements', 'customer_shift', 'effort', 'handle_time_s', 'wait_time_s', 'resolved']));
    expect(all.overall.r2).toBeGreaterThan(0.3);
  });

  it('warns instead of guessing when there is too little data', async () => {
    const few = await driverReport(store.db, { team: 'billing', since: '2100-01-01' });
    expect(few.overall.n).toBe(0);
    expect(few.overall.headline).toMatch(/Not enough data/);
    expect(few.overall.warnings.join(' ')).toMatch(/no interactions|too few/);
  });
});

describe('voc analyze drivers on the real scorer', () => {
  let store: DemoStore;
  beforeAll(async () => {
    store = await demoStore(3000, 7, 'real');
  }, 120_000);
  afterAll(async () => {
    await store?.close();
  });

  it('comes within 10% of the true empathy and wait effects and says empathy matters more', async () => {
    const report = await driverReport(store.db, { drivers: MODEL_DRIVERS });
    const emp = report.overall.effects.find((e) => e.driver === 'empathy')!;
    const wait = report.overall.effects.find((e) => e.driver === 'wait_time_s')!;
    expect(emp.effect / (TRUE_EFFECTS.csat.empathy * (emp.sd / EMPATHY_EXPERIENCED.sd))).toBeGreaterThan(0.9);
    expect(emp.effect / (TRUE_EFFECTS.csat.empathy * (emp.sd / EMPATHY_EXPERIENCED.sd))).toBeLessThan(1.1);
    expect(wait.effect / TRUE_EFFECTS.csat.wait).toBeGreaterThan(0.9);
    expect(wait.effect / TRUE_EFFECTS.csat.wait).toBeLessThan(1.1);
    expect(report.overall.comparison).toMatchObject({ distinguishable: true });
    expect(report.overall.headline).toMatch(/empathy matters \d\.\d× as much as wait/);
  });
});

describe('voc analyze drivers (command)', () => {
  let store: DemoStore;
  beforeAll(async () => {
    store = await demoStore(600, 3, 'real');
  }, 60_000);
  afterAll(async () => {
    await store?.close();
  });

  it('prints the headline and a table, or JSON', async () => {
    const url = store.url;
    const text = await vocOk(['analyze', 'drivers', '--bootstrap', '200'], { DATABASE_URL: url });
    expect(text.stdout).toMatch(/What drives CSAT/);
    expect(text.stdout).toMatch(/empathy/);
    expect(text.stdout).toMatch(/95% CI/);
    const json = JSON.parse((await vocOk(['analyze', 'drivers', '--outcome', 'nps', '--json', '--bootstrap', '200'], { DATABASE_URL: url })).stdout);
    expect(json).toMatchObject({ outcome: 'nps', overall: { scope: 'overall' } });
    expect(json.teams).toHaveLength(3);
  });
});
