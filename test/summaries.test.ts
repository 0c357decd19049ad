/**
 * The per-day summaries (migrations/012_summaries.sql) against a recomputation from the rows, on the
 * embedded database and on PostgreSQL: after scoring, rescoring, a re-ingest of changed rows (with new
 * rows in the same statement), deletes, concurrent writers and a change of time zone, every summary
 * figure is exactly what the rows give, and the agent table read from them is the one read from rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemoWithTruth } from '../demo/generate.ts';
import { toInteraction } from '../ingest/validate.ts';
import type { Interaction } from '../pipeline/types.ts';
import { SCORER_VERSION } from '../pipeline/version.ts';
import { agentTable, weeklyTrend, type AgentRow } from '../report/agents.ts';
import { weeklyByTeam } from '../report/html.ts';
import { driverReport, type DriverReport } from '../report/drivers.ts';
import { KPI_GROUPS, kpiRows, repeatRows } from '../store/reports-kpis.ts';
import { reasonChannels, reasonWeeks } from '../store/reports-reasons.ts';
import type { Db, Queryable } from '../store/db.ts';
import { upsertInteractions } from '../store/ingest-batch.ts';
import { openStore } from '../store/open.ts';
import { writeResults } from '../store/scores.ts';
import { ensureSummaries, foldSummaries, SUMMARY_FIGURES, SUMMARY_KEY } from '../store/summaries.ts';
import { oracle } from './report-fixture.ts';
import { freshDatabase } from './services.ts';

const WINDOW = 7;
const records = [...generateDemoWithTruth({ n: 400, seed: 5, days: 28 })];
// Half the contacts carry no resolved flag, so that FCR rests on whether the customer came back; a
// tenth of those have no customer either, so that their FCR cannot be known and is left out.
const interactions = records.map((r, k) => {
  const x = toInteraction(r.record as unknown as Record<string, unknown>);
  if (k % 2) return x;
  const unflagged = { ...x, kpis: { ...x.kpis, resolved: null } };
  return k % 10 === 0 ? { ...unflagged, customer_id: undefined } : unflagged;
});
const truth = new Map(records.map((r, k) => [interactions[k]!.interaction_id, r.truth]));
const scoresOf = (xs: Interaction[], version = SCORER_VERSION) => xs.map((x) => ({ ...oracle(x, truth.get(x.interaction_id.replace(/-(new|late)$/, ''))!), scorer_version: version }));

/**
 * The summaries as the rows give them, written independently of the triggers: one GROUP BY over the
 * interactions (with the came-back flag from a window over each customer's contacts) and one over the
 * scores joined to them.
 */
async function recomputed(db: Queryable): Promise<string[]> {
  const conversation = `x.channel IN ('call', 'chat', 'email') AND x.abandoned IS NOT TRUE`;
  // The interaction figures, the same on its own row and on its scores' rows.
  const kpis = `count(*) AS n,
       count(csat) AS csat_n, coalesce(sum(csat), 0) AS csat_sum, count(*) FILTER (WHERE csat >= 4) AS csat_top2,
       count(handle_time_s) AS handle_n, coalesce(sum(handle_time_s::float8::numeric), 0) AS handle_sum,
       count(wait_time_s) FILTER (WHERE channel IN ('call', 'chat')) AS wait_n,
       coalesce(sum(wait_time_s::float8::numeric) FILTER (WHERE channel IN ('call', 'chat')), 0) AS wait_sum,
       count(*) FILTER (WHERE channel IN ('call', 'chat', 'email') AND abandoned IS NOT TRUE
         AND (resolved IS NOT NULL OR (customer_id IS NOT NULL AND started_at IS NOT NULL))) AS fcr_n,
       count(*) FILTER (WHERE channel IN ('call', 'chat', 'email') AND abandoned IS NOT TRUE
         AND (resolved IS NOT NULL OR (customer_id IS NOT NULL AND started_at IS NOT NULL)) AND coalesce(resolved, NOT came_back)) AS fcr_yes,
       count(transfers) FILTER (WHERE channel IN ('call', 'chat', 'email')) AS transfer_n,
       count(*) FILTER (WHERE channel IN ('call', 'chat', 'email') AND transfers > 0) AS transfer_yes,
       coalesce(sum(csat * csat), 0) AS csat_sq, count(nps) AS nps_n, count(*) FILTER (WHERE nps >= 9) AS promoters,
       count(*) FILTER (WHERE nps <= 6) AS detractors, count(ces_norm) AS ces_n, coalesce(sum(ces_norm::float8::numeric), 0) AS ces_sum,
       count(coalesce(queue_time_s, wait_time_s)) FILTER (WHERE channel IN ('call', 'chat')) AS qwait_n,
       coalesce(sum(coalesce(queue_time_s, wait_time_s)::float8::numeric) FILTER (WHERE channel IN ('call', 'chat')), 0) AS qwait_sum,
       count(first_response_s) AS frt_n, coalesce(sum(first_response_s::float8::numeric), 0) AS frt_sum,
       count(resolution_time_s) AS res_n, coalesce(sum(resolution_time_s::float8::numeric), 0) AS res_sum,
       count(abandoned) AS aband_n, count(*) FILTER (WHERE abandoned AND channel IN ('call', 'chat')) AS aband_yes,
       count(escalated) AS esc_n, count(*) FILTER (WHERE escalated) AS esc_yes,
       count(transfers) AS xfer_n, count(*) FILTER (WHERE transfers > 0) AS xfer_yes`;
  const { rows } = await db.query(
    `WITH st AS (SELECT time_zone AS tz, make_interval(days => repeat_window_days) AS w FROM summary_state),
     flags AS (
       SELECT i.interaction_id,
         EXISTS (SELECT 1 FROM interactions x WHERE x.customer_id = i.customer_id
           AND x.started_at > i.started_at AND x.started_at <= i.started_at + (SELECT w FROM st) AND ${conversation}) AS came_back,
         CASE WHEN i.customer_id IS NOT NULL AND i.started_at IS NOT NULL THEN EXISTS (SELECT 1 FROM interactions x WHERE x.customer_id = i.customer_id
           AND x.started_at < i.started_at AND x.started_at >= i.started_at - (SELECT w FROM st) AND ${conversation}) END AS rep
       FROM interactions i),
     k AS (SELECT i.*, flags.came_back, flags.rep, coalesce((i.started_at AT TIME ZONE (SELECT tz FROM st))::date, '-infinity') AS d
       FROM interactions i JOIN flags USING (interaction_id))
     SELECT '' AS scorer_version, d AS day, agent_id, team, channel, '' AS reason, false AS declined, rep AS repeat, ${kpis},
       0 AS empathy_n, 0 AS empathy_cnt, 0 AS empathy_sum, 0 AS ownership_n, 0 AS ownership_sum, 0 AS shift_n, 0 AS shift_sum,
       0 AS effort_n, 0 AS effort_sum, 0 AS senti_n, 0 AS senti_sum
     FROM k GROUP BY d, agent_id, team, channel, rep
     UNION ALL
     SELECT s.scorer_version, d, agent_id, team, channel, coalesce(s.intent, ''), s.not_scored IS NOT NULL, rep, ${kpis},
       count(*) FILTER (WHERE s.empathy_applicable), count(s.empathy) FILTER (WHERE s.empathy_applicable),
       coalesce(sum(s.empathy::float8::numeric) FILTER (WHERE s.empathy_applicable), 0),
       count(s.ownership_statements), coalesce(sum(s.ownership_statements::float8::numeric), 0),
       count(s.customer_shift), coalesce(sum(s.customer_shift::float8::numeric), 0),
       count(s.effort), coalesce(sum(s.effort::float8::numeric), 0),
       count(s.customer_sentiment), coalesce(sum(s.customer_sentiment::float8::numeric), 0)
     FROM scores s JOIN k USING (interaction_id)
     GROUP BY s.scorer_version, d, agent_id, team, channel, coalesce(s.intent, ''), s.not_scored IS NOT NULL, rep`,
  );
  return canonical(rows);
}

/** The summaries as stored: summary_day and the deltas not yet folded, added up per key. */
async function stored(db: Queryable, table = '(SELECT * FROM summary_day UNION ALL SELECT * FROM summary_deltas) AS u'): Promise<string[]> {
  const { rows } = await db.query(
    `SELECT ${SUMMARY_KEY.join(', ')}, ${SUMMARY_FIGURES.map((c) => `sum(${c}) AS ${c}`).join(', ')}
     FROM ${table} GROUP BY ${SUMMARY_KEY.join(', ')} HAVING sum(n) <> 0`,
  );
  return canonical(rows);
}

/** Rows as sorted strings, every number in its exact decimal form. */
function canonical(rows: Record<string, unknown>[], columns: readonly string[] = [...SUMMARY_KEY, ...SUMMARY_FIGURES]): string[] {
  const norm = (v: unknown) => (v instanceof Date ? v.toISOString() : typeof v === 'number' || typeof v === 'string' ? String(Number.isFinite(Number(v)) && v !== '' && typeof v === 'string' && /^-?[\d.]+$/.test(v) ? normNum(v) : v) : v);
  return rows.map((r) => JSON.stringify(columns.map((k) => norm(r[k])))).sort();
}
const normNum = (v: string) => (v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v);

/** The driver summaries' columns: the key, then the sums of v_a · v_b, 0 ≤ a ≤ b ≤ 10. */
const PAIRS = Array.from({ length: 11 }, (_, a) => Array.from({ length: 11 - a }, (_, k) => [a, a + k] as const)).flat();
const DRIVER_KEY = ['scorer_version', 'day', 'agent_id', 'team', 'channel', 'outcome', 'known'];
const DRIVER_FIGURES = PAIRS.map(([a, b]) => `p${a}_${b}`);

/**
 * The driver summaries as the rows give them: per scored interaction (not declined) and outcome answered,
 * the vector [1, y, empathy where it applied, ownership, shift, effort, handle, wait, hold, transfers,
 * resolved], missing values as 0 and a bit per known driver, summed per key.
 */
async function recomputedDrivers(db: Queryable): Promise<string[]> {
  const x = ['y', 'CASE WHEN s.empathy_applicable THEN s.empathy END', 's.ownership_statements', 's.customer_shift', 's.effort', 'i.handle_time_s',
    'i.wait_time_s', 'i.hold_time_s', 'i.transfers', 'i.resolved::int'].map((e) => `(${e})::float8`);
  const { rows } = await db.query(
    `WITH v AS (
       SELECT s.scorer_version, coalesce((i.started_at AT TIME ZONE (SELECT time_zone FROM summary_state))::date, '-infinity') AS day,
         i.agent_id, i.team, i.channel, o.outcome,
         ${x.slice(1).map((e, k) => `CASE WHEN ${e} IS NULL THEN 0 ELSE ${2 ** k} END`).join(' + ')} AS known,
         1::numeric AS v0, ${x.map((e, k) => `coalesce(${e}::numeric, 0) AS v${k + 1}`).join(', ')}
       FROM scores s JOIN interactions i USING (interaction_id),
         LATERAL (SELECT 'csat', i.csat UNION ALL SELECT 'nps', i.nps UNION ALL SELECT 'ces', i.ces) AS o(outcome, y)
       WHERE s.not_scored IS NULL AND o.y IS NOT NULL)
     SELECT ${DRIVER_KEY.join(', ')}, ${PAIRS.map(([a, b]) => `sum(v${a} * v${b}) AS p${a}_${b}`).join(', ')}
     FROM v GROUP BY ${DRIVER_KEY.join(', ')}`,
  );
  return canonical(rows, [...DRIVER_KEY, ...DRIVER_FIGURES]);
}

async function storedDrivers(db: Queryable, table = '(SELECT * FROM summary_drivers UNION ALL SELECT * FROM summary_driver_deltas) AS u'): Promise<string[]> {
  const { rows } = await db.query(
    `SELECT ${DRIVER_KEY.join(', ')}, ${DRIVER_FIGURES.map((c) => `sum(${c}) AS ${c}`).join(', ')}
     FROM ${table} GROUP BY ${DRIVER_KEY.join(', ')} HAVING sum(p0_0) <> 0`,
  );
  return canonical(rows, [...DRIVER_KEY, ...DRIVER_FIGURES]);
}

async function expectExact(db: Db, step: string): Promise<void> {
  const want = await recomputed(db);
  const wantDrivers = await recomputedDrivers(db);
  expect(want.length, step).toBeGreaterThan(0);
  expect(wantDrivers.length, step).toBeGreaterThan(0);
  expect(await stored(db), `${step}: summaries and deltas`).toEqual(want);
  expect(await storedDrivers(db), `${step}: driver summaries and deltas`).toEqual(wantDrivers);
  await foldSummaries(db);
  expect(await stored(db, 'summary_day'), `${step}: folded`).toEqual(want);
  expect(await storedDrivers(db, 'summary_drivers'), `${step}: driver summaries folded`).toEqual(wantDrivers);
  expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM summary_deltas')).rows[0]!.n, step).toBe(0);
  expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM summary_driver_deltas')).rows[0]!.n, step).toBe(0);
}

/** Rows of figures equal: the same keys and counts, every number equal to rounding. */
function expectSameRows(a: Record<string, unknown>[], b: Record<string, unknown>[], what: string): void {
  expect(a.length, what).toBe(b.length);
  a.forEach((r, k) => {
    for (const [key, v] of Object.entries(b[k]!)) {
      const got = r[key];
      if (typeof v === 'number' && !Number.isInteger(v)) expect(got, `${what} ${JSON.stringify(b[k])} ${key}`).toBeCloseTo(v, 9);
      else expect(got, `${what} ${JSON.stringify(b[k])} ${key}`).toEqual(v);
    }
  });
}

/**
 * The KPI rows of every grouping, the repeat comparison, and the reason and channel counts read from
 * the summaries and from the rows: the same.
 */
async function expectSameKpis(db: Queryable, step: string, opts: { repeatWindowDays?: number; team?: string; since?: string } = {}): Promise<void> {
  const o = { scorerVersion: SCORER_VERSION, repeatWindowDays: WINDOW, ...opts };
  const rowsOnly = { ...o, until: '2100-01-01T00:00:01Z' };
  for (const by of KPI_GROUPS) {
    const got = await kpiRows(db, by, o);
    expect(got.length, `${step} ${by}`).toBeGreaterThan(0);
    expectSameRows(got as any, (await kpiRows(db, by, rowsOnly)) as any, `${step} kpis by ${by}`);
  }
  expectSameRows((await repeatRows(db, o)) as any, (await repeatRows(db, rowsOnly)) as any, `${step} repeats`);
  expect(await reasonWeeks(db, SCORER_VERSION, o), `${step} reason weeks`).toEqual(await reasonWeeks(db, SCORER_VERSION, rowsOnly));
  expect(await reasonChannels(db, SCORER_VERSION, o), `${step} reason channels`).toEqual(await reasonChannels(db, SCORER_VERSION, rowsOnly));
}

/**
 * The driver analysis read from the driver summaries and from the rows, with agent-day clusters at any
 * size: the same drivers, counts, estimates and bootstrap intervals (to rounding), overall and per team.
 */
async function expectSameDrivers(db: Queryable, step: string, opts: Partial<Parameters<typeof driverReport>[1]> = {}): Promise<void> {
  const o = { scorerVersion: SCORER_VERSION, clusterRowsAbove: 0, bootstrap: 200, seed: 3, ...opts };
  // An until within a day (after every contact) sends the analysis to the rows.
  const [a, b] = [await driverReport(db, o), await driverReport(db, { ...o, until: '2100-01-01T00:00:01Z' })];
  const flat = (r: DriverReport) => [r.overall, ...r.teams];
  expect(flat(a).map((x) => [x.scope, x.n, x.excluded, x.warnings, x.effects.map((e) => e.driver)]), step).toEqual(
    flat(b).map((x) => [x.scope, x.n, x.excluded, x.warnings, x.effects.map((e) => e.driver)]));
  expect(a.overall.n, step).toBeGreaterThan(10);
  flat(a).forEach((x, k) => {
    const y = flat(b)[k]!;
    expect(x.r2 ?? 0, `${step} ${x.scope} r2`).toBeCloseTo(y.r2 ?? 0, 9);
    x.effects.forEach((e, j) => {
      const f = y.effects[j]!;
      expect(e.effect, `${step} ${x.scope} ${e.driver}`).toBeCloseTo(f.effect, 9);
      expect(e.ci[0], `${step} ${x.scope} ${e.driver} low`).toBeCloseTo(f.ci[0], 9);
      expect(e.ci[1], `${step} ${x.scope} ${e.driver} high`).toBeCloseTo(f.ci[1], 9);
    });
    for (const [d, sds] of Object.entries(x.channelSds)) for (const [ch, sd] of Object.entries(sds)) expect(sd).toBeCloseTo(y.channelSds[d]![ch]!, 6);
  });
}

/** The agent table read from the rows: a since before every contact that is not midnight sends it there. */
const fromRows = { since: '1970-01-01T00:00:01Z' };

function expectSameTable(a: AgentRow[], b: AgentRow[]): void {
  expect(a.map((r) => r.agent_id)).toEqual(b.map((r) => r.agent_id));
  a.forEach((r, k) => {
    const o = b[k]!;
    for (const [key, v] of Object.entries(r)) {
      const w = (o as any)[key];
      if (typeof v === 'number' && typeof w === 'number') expect(v, `${r.agent_id} ${key}`).toBeCloseTo(w, 9);
      else if (key === 'trend') {
        expect((v as AgentRow['trend']).map((t) => [t.week, t.n, t.csat === null, t.empathy === null])).toEqual((w as AgentRow['trend']).map((t) => [t.week, t.n, t.csat === null, t.empathy === null]));
        (v as AgentRow['trend']).forEach((t, j) => {
          if (t.empathy !== null) expect(t.empathy).toBeCloseTo((w as AgentRow['trend'])[j]!.empathy!, 9);
          if (t.csat !== null) expect(t.csat).toBeCloseTo((w as AgentRow['trend'])[j]!.csat!, 9);
        });
      } else expect(v, `${r.agent_id} ${key}`).toEqual(w);
    }
  });
}

/** Everything a summary must survive, in order; `reopen` opens the same database in another time zone. */
async function lifeCycle(db: Db, reopen: (timeZone: string) => Promise<Db>, allReports = true): Promise<void> {
  // The reports read from the summaries against the rows: after every step on PostgreSQL; on the slower
  // embedded database (the same SQL) after the deletes only.
  const some = async (check: () => Promise<void>) => (allReports ? check() : undefined);
  // Ingest in batches and score: each batch one statement, its scores another.
  for (let i = 0; i < interactions.length; i += 100) {
    const batch = interactions.slice(i, i + 100);
    await upsertInteractions(db, batch, 'summaries');
    await writeResults(db, SCORER_VERSION, scoresOf(batch), []);
  }
  await writeResults(db, 'other-version', scoresOf(interactions.slice(0, 50), 'other-version'), []);
  await expectExact(db, 'scored');
  const opts = { scorerVersion: SCORER_VERSION, repeatWindowDays: WINDOW };
  expectSameTable(await agentTable(db, opts), await agentTable(db, { ...opts, ...fromRows }));
  expect((await agentTable(db, opts)).reduce((a, r) => a + r.interactions, 0)).toBe(interactions.filter((x) => x.agent_id).length);
  const [teamWeeks, teamWeeksFromRows] = [await weeklyByTeam(db, opts), await weeklyByTeam(db, { ...opts, ...fromRows })];
  expect(teamWeeks.map((w) => [w.team, w.week, w.n])).toEqual(teamWeeksFromRows.map((w) => [w.team, w.week, w.n]));
  teamWeeks.forEach((w, k) => {
    expect(w.csat ?? 0).toBeCloseTo(teamWeeksFromRows[k]!.csat ?? 0, 9);
    expect(w.empathy ?? 0).toBeCloseTo(teamWeeksFromRows[k]!.empathy ?? 0, 9);
  });

  // Rescoring: a score replaced in place (new reason, empathy, effort), and one deleted and written again.
  await db.query(`UPDATE scores SET empathy = coalesce(empathy, 10) + 7.25, intent = 'billing', effort = effort / 3, empathy_applicable = NOT empathy_applicable
    WHERE scorer_version = $1 AND interaction_id = ANY($2::text[])`, [SCORER_VERSION, interactions.slice(0, 120).filter((_, k) => k % 3 === 0).map((x) => x.interaction_id)]);
  const again = interactions.slice(200, 260);
  await db.query('DELETE FROM scores WHERE scorer_version = $1 AND interaction_id = ANY($2::text[])', [SCORER_VERSION, again.map((x) => x.interaction_id)]);
  await writeResults(db, SCORER_VERSION, scoresOf(again).map((s) => ({ ...s, not_scored: s.interaction_id.endsWith('1') ? 'language es' : null })), []);
  await expectExact(db, 'rescored');
  await some(() => expectSameDrivers(db, 'rescored'));
  await some(() => expectSameKpis(db, 'rescored'));
  await some(() => expectSameDrivers(db, 'rescored, empathy imputed, NPS', { empathy: 'impute', outcome: 'nps' }));

  // Re-ingest of changed rows, with new rows in the same statement: KPIs, agent, team, start time and
  // customer change (moving contacts into and out of other contacts' repeat windows); the changed rows
  // lose their scores and are scored again.
  const changed = interactions.filter((_, k) => k % 7 === 0).map((x, k) => ({
    ...x,
    agent_id: k % 4 === 0 ? x.agent_id : k % 4 === 1 ? 'A01' : null,
    team: k % 5 === 0 ? 'moved' : x.team,
    customer_id: k % 3 === 0 ? interactions[(k * 11) % interactions.length]!.customer_id : x.customer_id,
    started_at: x.started_at ? new Date(Date.parse(x.started_at) + ((k % 9) - 4) * 86_400_000 + 3_600_000).toISOString() : x.started_at,
    kpis: { ...x.kpis, csat: k % 2 ? 5 : null, handle_time_s: 17.3 * k, resolved: k % 3 === 0 ? null : !x.kpis.resolved, transfers: k % 4 },
  }));
  const fresh = interactions.slice(0, 30).map((x, k) => ({ ...x, interaction_id: `${x.interaction_id}-new`, customer_id: changed[k]!.customer_id, started_at: changed[k]!.started_at }));
  await upsertInteractions(db, [...changed, ...fresh], 'summaries');
  await expectExact(db, 're-ingested');
  await writeResults(db, SCORER_VERSION, scoresOf([...changed, ...fresh]), []);
  await expectExact(db, 're-ingested and rescored');
  await some(() => expectSameDrivers(db, 're-ingested and rescored'));
  await some(() => expectSameKpis(db, 're-ingested and rescored'));
  expectSameTable(await agentTable(db, opts), await agentTable(db, { ...opts, ...fromRows }));

  // Deletes: single rows, a whole customer's contacts, and rows with their scores.
  await db.query('DELETE FROM interactions WHERE interaction_id = ANY($1::text[])', [interactions.filter((_, k) => k % 11 === 5).map((x) => x.interaction_id)]);
  await db.query('DELETE FROM interactions WHERE customer_id = $1', [interactions[3]!.customer_id]);
  await expectExact(db, 'deleted');
  await expectSameDrivers(db, 'deleted', { team: 'billing', since: '2026-08-17T00:00:00Z' });
  await expectSameKpis(db, 'deleted');
  await some(() => expectSameKpis(db, 'deleted, one team since a day', { team: 'billing', since: '2026-08-10T00:00:00Z' }));
  expectSameTable(await agentTable(db, opts), await agentTable(db, { ...opts, ...fromRows }));

  // A longer repeat window: rebuilt once for it, exact again.
  expect(await ensureSummaries(db, 10)).toBe(true);
  expect(await ensureSummaries(db, 10)).toBe(false);
  await expectExact(db, 'window 10');
  await some(() => expectSameKpis(db, 'window 10', { repeatWindowDays: 10 }));
  expectSameTable(await agentTable(db, { ...opts, repeatWindowDays: 10 }), await agentTable(db, { ...opts, repeatWindowDays: 10, ...fromRows }));

  // Another time zone: the days are cut again, and the weeks follow.
  const utcWeeks = await weeklyTrend(db, opts);
  const other = await reopen('Asia/Shanghai');
  try {
    const localWeeks = await weeklyTrend(other, opts);
    expect((await other.query<{ tz: string }>('SELECT time_zone AS tz FROM summary_state')).rows[0]!.tz).toBe('Asia/Shanghai');
    await expectExact(other, 'Asia/Shanghai');
    await some(() => expectSameKpis(other, 'Asia/Shanghai'));
    expectSameTable(await agentTable(other, opts), await agentTable(other, { ...opts, ...fromRows }));
    expect([...localWeeks.values()].flat().map((w) => w.week)).not.toEqual([...utcWeeks.values()].flat().map((w) => w.week));
    // Filters on local days: from a Monday midnight in Shanghai.
    const since = '2026-08-17T00:00:00+08:00';
    expectSameTable(await agentTable(other, { ...opts, since, team: 'billing' }), await agentTable(other, { ...opts, since, team: 'billing', reason: null, until: '2100-01-01T00:00:01Z' }));
  } finally {
    await other.close();
  }
}

describe('per-day summaries', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('stay exact on the embedded database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'voc-summaries-'));
    dirs.push(dir);
    const db = await openStore({ databaseUrl: null, dataDir: dir });
    try {
      // The embedded database is one session: the centre's time zone changes on it as on a reopened one.
      await lifeCycle(db, async (timeZone) => {
        await db.query(`SET TimeZone = '${timeZone}'`);
        return { ...db, close: async () => {} };
      }, false);
    } finally {
      await db.close();
    }
  }, 240_000);

  it('stay exact on PostgreSQL, with writers at the same time', async () => {
    const database = await freshDatabase();
    const db = await openStore({ databaseUrl: database.url, dataDir: '/tmp' }, { poolSize: 6 });
    try {
      await lifeCycle(db, (timeZone) => openStore({ databaseUrl: database.url, dataDir: '/tmp', timeZone }));
      // Concurrent writers: two score writers, an ingest of changed and new rows, a rescore and a delete at once.
      await ensureSummaries(db, WINDOW);
      const { rows } = await db.query<{ interaction_id: string }>('SELECT interaction_id FROM interactions ORDER BY 1');
      const live = new Set(rows.map((r) => r.interaction_id));
      const left = interactions.filter((x) => live.has(x.interaction_id));
      await db.query('DELETE FROM scores WHERE scorer_version = $1', ['other-version']);
      await Promise.all([
        writeResults(db, 'other-version', scoresOf(left.slice(0, 150), 'other-version'), []),
        writeResults(db, 'other-version', scoresOf(left.slice(150, 165), 'other-version'), []),
        upsertInteractions(db, (left.slice(20, 80).map((x) => ({ ...x, kpis: { ...x.kpis, csat: 1, resolved: null } })) as Interaction[]).concat(interactions.slice(40, 60).map((x) => ({ ...x, interaction_id: `${x.interaction_id}-late` }))), 'summaries'),
        db.query(`UPDATE scores SET effort = 99 WHERE scorer_version = $1 AND interaction_id = ANY($2::text[])`, [SCORER_VERSION, left.slice(100, 160).map((x) => x.interaction_id)]),
        db.query('DELETE FROM interactions WHERE interaction_id = ANY($1::text[])', [left.slice(170, 190).map((x) => x.interaction_id)]),
        foldSummaries(db),
      ]);
      await expectExact(db, 'concurrent writers');
    } finally {
      await db.close();
      await database.drop();
    }
  }, 120_000);

  it('stay exact when a score and a change of its interaction are written at the same time, in either order', async () => {
    const database = await freshDatabase();
    const db = await openStore({ databaseUrl: database.url, dataDir: '/tmp' }, { poolSize: 4 });
    try {
      const some = interactions.filter((x) => x.agent_id && x.started_at).slice(0, 40);
      await upsertInteractions(db, some, 'summaries');
      await writeResults(db, SCORER_VERSION, scoresOf(some), []);
      await ensureSummaries(db, WINDOW);
      const pause = () => new Promise((r) => setTimeout(r, 400));
      // Moves an interaction to another agent and day, with another CSAT.
      const move = (q: Queryable, x: Interaction) =>
        q.query(`UPDATE interactions SET agent_id = 'A-moved', csat = 1, started_at = started_at + interval '3 days' WHERE interaction_id = $1`, [x.interaction_id]);
      // 1. A score written and not yet committed while its interaction is moved.
      const first = some[0]!;
      let scored!: () => void;
      const written = new Promise<void>((r) => (scored = r));
      let commit!: () => void;
      const released = new Promise<void>((r) => (commit = r));
      const scoring = db.transaction(async (tx) => {
        await tx.query(`CREATE TEMP TABLE race ON COMMIT DROP AS SELECT * FROM scores WHERE interaction_id = $1`, [first.interaction_id]);
        await tx.query(`UPDATE race SET scorer_version = 'race-version'`);
        await tx.query('INSERT INTO scores SELECT * FROM race');
        scored();
        await released;
      });
      await written;
      const moving = move(db, first);
      await pause();
      commit();
      await Promise.all([scoring, moving]);
      await expectExact(db, 'score committed after the move began');
      // 2. An interaction moved and not yet committed while a score of it is written.
      const second = some[1]!;
      let moved!: () => void;
      const changed = new Promise<void>((r) => (moved = r));
      let done!: () => void;
      const finish = new Promise<void>((r) => (done = r));
      const moveTx = db.transaction(async (tx) => {
        await move(tx, second);
        moved();
        await finish;
      });
      await changed;
      const writing = writeResults(db, 'race-version', scoresOf([second], 'race-version'), []);
      await pause();
      done();
      await Promise.all([moveTx, writing]);
      await expectExact(db, 'move committed after the score began');
    } finally {
      await db.close();
      await database.drop();
    }
  }, 60_000);
});
