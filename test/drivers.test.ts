/**
 * The driver analysis against the demo generator's known truth. The demo's CSAT responds to the
 * empathy the customer experienced and to the wait by TRUE_EFFECTS, per standard deviation of
 * EMPATHY_EXPERIENCED and of WAIT_S (demo/model.ts). The analysis measures "one standard deviation" in
 * its own rows and, for empathy, on voc's score, so the effect it should find is the true effect times
 * how far the true quantity moves per standard deviation of the driver as the analysis measures it
 * (the other drivers held fixed): `expectedEffect` gets that by running the same regression with the
 * true quantity as the outcome. With the generator's own reading of each conversation ("oracle"
 * scores) that is the truth rescaled to the sample; with voc's real scorer it also carries the
 * scorer's imperfect agreement with the generator (its empathy correlates about 0.87 with the
 * experienced empathy), which lowers the empathy effect by about a tenth.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoTruth } from '../demo/generate.ts';
import { EMPATHY_EXPERIENCED, TRUE_EFFECTS } from '../demo/model.ts';
import { analyseDrivers, driverReport, fetchDriverRows, type DriverOptions, type DriverReport, type DriverRow } from '../report/drivers.ts';
import { freshDatabase } from './services.ts';
import { voc, vocOk } from './cli.ts';
import { demoStore, type DemoStore } from './report-fixture.ts';
import { SCORER_VERSION } from '../pipeline/version.ts';

/** The drivers of the generator's CSAT model that the analysis can see. */
const MODEL: DriverOptions = { drivers: ['empathy', 'wait_time_s', 'resolved', 'transfers', 'hold_time_s'], perTeam: false, scorerVersion: SCORER_VERSION };

const effectOf = (r: DriverReport, driver: string) => r.overall.effects.find((e) => e.driver === driver)!;

/**
 * The effect the analysis should find for `driver`: `beta` (the true effect per unit of `truth`) times
 * the coefficient of `driver` when `truth` of each analysed row is regressed on the same drivers.
 */
async function expectedEffect(store: DemoStore, driver: string, beta: number, truth: (t: DemoTruth) => number | null): Promise<number> {
  const byId = new Map(store.records.map((r) => [r.record.interaction_id, r.truth]));
  const rows = await fetchDriverRows(store.db, MODEL);
  const analysed = rows.filter((r) => r.empathy !== null);
  // Every interaction voc found empathy called for must be one where the generator built it in.
  expect(analysed.filter((r) => truth(byId.get(r.interaction_id)!) === null).map((r) => r.interaction_id)).toEqual([]);
  const asOutcome: DriverRow[] = analysed.map((r) => ({ ...r, y: truth(byId.get(r.interaction_id)!)! }));
  const read = analyseDrivers(asOutcome, 'overall', 'csat', { ...MODEL, bootstrap: 1 });
  return beta * read.effects.find((e) => e.driver === driver)!.effect;
}

const experiencedEmpathy = (t: DemoTruth) => (t.empathy_z === null ? null : t.empathy_z * EMPATHY_EXPERIENCED.sd + EMPATHY_EXPERIENCED.mean);

/** The checks that hold whichever scorer read the conversations. */
function recoversTheTruth(name: string, scorer: 'oracle' | 'real') {
  describe(`voc analyze drivers on the demo centre, ${name}`, () => {
    let store: DemoStore;
    let report: DriverReport;
    beforeAll(async () => {
      store = await demoStore(3000, 7, scorer);
      report = await driverReport(store.db, MODEL);
    }, 120_000);
    afterAll(async () => {
      await store?.close();
    });

    it('finds the true effect of empathy on CSAT within its 95% interval', async () => {
      const e = effectOf(report, 'empathy');
      const expected = await expectedEffect(store, 'empathy', TRUE_EFFECTS.csat.empathy / EMPATHY_EXPERIENCED.sd, experiencedEmpathy);
      expect(expected).toBeGreaterThan(0.3);
      expect(e.ci[0]).toBeLessThanOrEqual(expected);
      expect(e.ci[1]).toBeGreaterThanOrEqual(expected);
    });

    it('finds the true effect of wait on CSAT within its 95% interval', async () => {
      const e = effectOf(report, 'wait_time_s');
      const expected = await expectedEffect(store, 'wait_time_s', TRUE_EFFECTS.csat.wait, (t) => t.wait_z);
      expect(expected).toBeLessThan(-0.2);
      expect(e.ci[0]).toBeLessThanOrEqual(expected);
      expect(e.ci[1]).toBeGreaterThanOrEqual(expected);
    });

    if (scorer === 'oracle') {
      it('reads "one standard deviation" in the analysed rows: here the truth is the generator\'s effect rescaled to their SD', async () => {
        const { rows } = await store.db.query<{ n: number; sd: number }>(
          `SELECT count(*)::int AS n, stddev_samp(s.empathy)::float8 AS sd FROM interactions i JOIN scores s USING (interaction_id)
           WHERE i.csat IS NOT NULL AND s.empathy_applicable`,
        );
        expect(report.overall.n).toBe(rows[0]!.n);
        const beta = TRUE_EFFECTS.csat.empathy / EMPATHY_EXPERIENCED.sd;
        expect(await expectedEffect(store, 'empathy', beta, experiencedEmpathy)).toBeCloseTo(beta * rows[0]!.sd, 6);
      });
    }

    it('says empathy matters more than wait, as the generator made it', () => {
      expect(report.overall.comparison).toMatchObject({ distinguishable: true });
      expect(report.overall.comparison!.ratio).toBeGreaterThan(1);
      expect(report.overall.headline).toMatch(/one standard deviation more empathy moves CSAT by \+0\.\d\d \(95% CI \+0\.\d\d to \+0\.\d\d\)/);
      expect(report.overall.headline).toMatch(/one standard deviation less wait moves it by \+0\.\d\d/);
      expect(report.overall.headline).toMatch(/empathy matters \d\.\d× as much as wait\.$/);
    });
  });
}

recoversTheTruth('scored by the generator’s own reading', 'oracle');
recoversTheTruth('scored by voc', 'real');

describe('voc analyze drivers: scopes and small data', () => {
  let store: DemoStore;
  beforeAll(async () => {
    store = await demoStore(1500, 5, 'oracle');
  }, 120_000);
  afterAll(async () => {
    await store?.close();
  });

  it('analyses each team, and reads every driver by default', async () => {
    const report = await driverReport(store.db, { bootstrap: 100, scorerVersion: SCORER_VERSION });
    expect(report.teams.map((t) => t.scope)).toEqual(['billing', 'retention', 'support']);
    for (const team of report.teams) {
      expect(team.n).toBeGreaterThan(100);
      expect(team.effects.find((e) => e.driver === 'empathy')!.effect).toBeGreaterThan(0);
    }
    expect(report.teams.reduce((n, t) => n + t.n, 0)).toBe(report.overall.n);
    expect(report.overall.effects.map((e) => e.driver)).toEqual(
      expect.arrayContaining(['empathy', 'ownership_statements', 'customer_shift', 'effort', 'handle_time_s', 'wait_time_s', 'hold_time_s', 'transfers', 'resolved']),
    );
    expect(report.overall.r2).toBeGreaterThan(0.3);
  });

  it('warns that a couple of dozen interactions are too few, and will not rank empathy and wait on them', async () => {
    // The 25 latest interactions with a CSAT answer, of which only those where empathy applied are analysed.
    const { rows } = await store.db.query<{ since: Date }>(`SELECT started_at AS since FROM interactions WHERE csat IS NOT NULL ORDER BY started_at DESC OFFSET 24 LIMIT 1`);
    const few = await driverReport(store.db, { ...MODEL, since: rows[0]!.since.toISOString() });
    expect(few.overall.n).toBeGreaterThan(6);
    expect(few.overall.n).toBeLessThan(30);
    expect(few.overall.warnings.join('\n')).toMatch(new RegExp(`only ${few.overall.n} interactions: fewer than 30, the effects are not worth reading`));
    expect(few.overall.comparison).toMatchObject({ distinguishable: false });
    expect(few.overall.headline).toMatch(/empathy and wait are not distinguishable with this much data/);
  });

  it('says there are no survey answers when nothing matches, and blames no driver', async () => {
    const none = await driverReport(store.db, { since: '2100-01-01', scorerVersion: SCORER_VERSION });
    expect(none.overall).toMatchObject({ n: 0, effects: [], excluded: [], headline: 'No survey answers: no interaction here has a CSAT answer, so the drivers of CSAT cannot be estimated.' });
    expect(none.overall.warnings).toEqual(['no interactions with a CSAT answer']);
  });

  // Last in this block: it blanks a column of the store.
  it('says a time column the data does not have is not in the data, not that it has the same value in every row', async () => {
    await store.db.query('UPDATE interactions SET handle_time_s = NULL');
    const report = await driverReport(store.db, { bootstrap: 20, scorerVersion: SCORER_VERSION });
    for (const scope of [report.overall, ...report.teams]) {
      expect(scope.excluded).toContainEqual({ driver: 'handle_time_s', reason: 'not in the data' });
      expect(scope.excluded.map((x) => x.reason)).not.toContain('the same value in every row');
      expect(scope.effects.map((e) => e.driver)).not.toContain('handle_time_s');
      expect(scope.effects.map((e) => e.driver)).toContain('wait_time_s');
    }
    const zh = await vocOk(['analyze', 'drivers', '--bootstrap', '50', '--lang', 'zh'], { DATABASE_URL: store.url });
    expect(zh.stdout).toContain('数据中没有该项');
  });
});

describe('a driver not in the data (rows in memory)', () => {
  it('leaves it out as not in the data, and keeps the times that are', () => {
    // Invented rows: wait is recorded, handle time never is.
    const rows: DriverRow[] = Array.from({ length: 60 }, (_, k) => ({
      interaction_id: `i${k}`, y: 1 + (k % 5), team: 'a', channel: 'voice', empathy: 40 + ((k * 7) % 50),
      ownership_statements: null, customer_shift: null, effort: null,
      handle_time_s: null, wait_time_s: 30 + ((k * 13) % 200), hold_time_s: null, transfers: null, resolved: null,
    }));
    const a = analyseDrivers(rows, 'overall', 'csat', { drivers: ['empathy', 'wait_time_s', 'handle_time_s'], bootstrap: 20, scorerVersion: SCORER_VERSION });
    expect(a.excluded).toEqual([{ driver: 'handle_time_s', reason: 'not in the data' }]);
    expect(a.effects.map((e) => e.driver).sort()).toEqual(['empathy', 'wait_time_s']);
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

  it('prints the headline and a table per scope', async () => {
    const { stdout } = await vocOk(['analyze', 'drivers', '--bootstrap', '200'], { DATABASE_URL: store.url });
    expect(stdout).toMatch(/^What drives CSAT/);
    expect(stdout).toMatch(/^Overall: Here \(n = \d+\), one standard deviation more empathy moves CSAT/m);
    for (const team of ['billing', 'retention', 'support']) expect(stdout).toMatch(new RegExp(`^Team ${team}: `, 'm'));
    expect(stdout).toMatch(/│ empathy\s+│ [+−]0\.\d\d │\s+[+−]0\.\d\d │ [+−]0\.\d\d … [+−]0\.\d\d │ \d+/);
    expect(stdout).toMatch(/^n = \d+, R² = 0\.\d\d$/m);
  });

  it('prints the DriverReport as JSON', async () => {
    const { stdout } = await vocOk(['analyze', 'drivers', '--outcome', 'nps', '--team', 'billing', '--json', '--bootstrap', '200'], { DATABASE_URL: store.url });
    const json = JSON.parse(stdout) as DriverReport;
    expect(json).toMatchObject({ outcome: 'nps', overall: { scope: 'overall' }, teams: [] });
    expect(json.overall.n).toBeGreaterThan(30);
    expect(json.overall.effects.find((e) => e.driver === 'empathy')).toMatchObject({ ci: [expect.any(Number), expect.any(Number)] });
  });

  it('says what to do when called wrongly or on an empty store', async () => {
    const bad = await voc(['analyze', 'drivers', '--outcome', 'fcr'], { DATABASE_URL: store.url });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--outcome must be one of csat, nps, ces, got "fcr"');
    const empty = await freshDatabase();
    try {
      const none = await voc(['analyze', 'drivers'], { DATABASE_URL: empty.url });
      expect(none.code).toBe(2);
      expect(none.stderr).toContain('no interactions stored yet: run `voc ingest FILE`');
    } finally {
      await empty.drop();
    }
  });
});
