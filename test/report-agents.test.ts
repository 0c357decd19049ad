import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENTS } from '../demo/model.ts';
import { agentDetail, agentTable, type AgentRow } from '../report/agents.ts';
import { agentTableCsv, formatAgentDetail, formatAgentTable, sparkline } from '../report/agents-format.ts';
import { demoStore, type DemoStore } from './report-fixture.ts';
import { SCORER_VERSION } from '../pipeline/version.ts';

let store: DemoStore;
let rows: AgentRow[];

beforeAll(async () => {
  store = await demoStore(2500, 21);
  rows = await agentTable(store.db, { scorerVersion: SCORER_VERSION });
});
afterAll(() => store?.close());

const style = (id: string) => AGENTS.find((a) => a.agent_id === id)!.style;

describe('agentTable', () => {
  it('has one row per agent with counts that add up', async () => {
    expect(rows.map((r) => r.agent_id).sort()).toEqual(AGENTS.map((a) => a.agent_id).sort());
    const withAgent = store.records.filter((r) => r.record.agent_id).length;
    expect(rows.reduce((a, r) => a + r.interactions, 0)).toBe(withAgent);
    for (const r of rows) {
      expect(typeof r.interactions).toBe('number');
      expect(r.empathy_n).toBeLessThanOrEqual(r.interactions);
      expect(r.csat_score).toBeGreaterThanOrEqual(0);
      expect(r.csat_score).toBeLessThanOrEqual(1);
      expect(r.trend.length).toBeGreaterThan(8);
    }
  });

  it('computes CSAT and the CSAT score as SQL would by hand', () => {
    const a01 = store.records.filter((r) => r.record.agent_id === 'A01' && r.record.csat !== null).map((r) => r.record.csat!);
    const row = rows.find((r) => r.agent_id === 'A01')!;
    expect(row.csat_n).toBe(a01.length);
    expect(row.csat).toBeCloseTo(a01.reduce((a, b) => a + b, 0) / a01.length, 6);
    expect(row.csat_score).toBeCloseTo(a01.filter((c) => c >= 4).length / a01.length, 6);
  });

  it('places the agents in the quadrant their style implies', () => {
    for (const r of rows) {
      const s = style(r.agent_id);
      if (s === 'warm-slow') expect(r.quadrant).toBe('warm but slow');
      if (s === 'fast-cold') expect(r.quadrant).toBe('fast but cold');
      if (s === 'strong') expect(['role model', 'warm but slow']).toContain(r.quadrant);
      if (s === 'weak') expect(['needs support', 'fast but cold']).toContain(r.quadrant);
    }
  });

  it('ranks empathy within each team', () => {
    for (const team of new Set(rows.map((r) => r.team))) {
      const inTeam = rows.filter((r) => r.team === team);
      const top = inTeam.reduce((a, b) => (a.empathy! > b.empathy! ? a : b));
      expect(top.empathy_pct_team).toBe(100);
      expect(Math.min(...inTeam.map((r) => r.empathy_pct_team!))).toBe(0);
    }
  });

  it('computes FCR from the resolved flag, else from the configured repeat window, as it would be counted by hand', async () => {
    const conv = (r: (typeof store.records)[number]['record']) => ['call', 'chat', 'email'].includes(r.channel);
    const all = store.records.map((r) => r.record).filter((r) => r.started_at);
    const byHand = (agent: string, days: number | null) => {
      const mine = all.filter((r) => r.agent_id === agent && conv(r) && !r.abandoned);
      const resolved = mine.filter((i) => {
        if (days === null) return i.resolved;
        const t = Date.parse(i.started_at!);
        return !all.some((r) => i.customer_id && r.customer_id === i.customer_id && r.interaction_id !== i.interaction_id && conv(r) &&
          !r.abandoned && Date.parse(r.started_at!) > t && Date.parse(r.started_at!) <= t + days * 86_400_000);
      });
      return resolved.length / mine.length;
    };
    // The demo gives every conversation a resolved flag: that is the FCR.
    expect(rows.find((r) => r.agent_id === 'A01')!.fcr).toBeCloseTo(byHand('A01', null), 9);
    // Without the flag, the repeat window decides; a shorter window finds fewer repeats.
    const Rollback = new Error('rollback');
    await store.db.transaction(async (tx) => {
      await tx.query('UPDATE interactions SET resolved = NULL');
      const week = (await agentTable(tx, { scorerVersion: SCORER_VERSION })).find((r) => r.agent_id === 'A01')!;
      const oneDay = await agentTable(tx, { scorerVersion: SCORER_VERSION, repeatWindowDays: 1 });
      const day = oneDay.find((r) => r.agent_id === 'A01')!;
      expect(week.fcr).toBeCloseTo(byHand('A01', 7), 9);
      expect(day.fcr).toBeCloseTo(byHand('A01', 1), 9);
      expect(day.fcr).toBeGreaterThan(week.fcr!);
      expect(formatAgentTable(oneDay, 1)).toContain('no repeat contact within 1 day)');
      throw Rollback;
    }).catch((err) => {
      if (err !== Rollback) throw err;
    });
  });

  it('filters by team', async () => {
    const billing = await agentTable(store.db, { team: 'billing', scorerVersion: SCORER_VERSION });
    expect(billing).toHaveLength(4);
    expect(billing.every((r) => r.team === 'billing')).toBe(true);
  });
});

describe('agent output', () => {
  it('formats a readable table, CSV and a drill-down', async () => {
    const text = formatAgentTable(rows);
    expect(text).toContain('A01');
    expect(text).toContain('fast but cold');
    const csv = await agentTableCsv(rows);
    expect(csv.split('\n')[0]).toMatch(/^agent_id,team,interactions/);
    expect(csv.trim().split('\n')).toHaveLength(rows.length + 1);

    const detail = (await agentDetail(store.db, 'A02', { scorerVersion: SCORER_VERSION }))!;
    expect(detail.row.agent_id).toBe('A02');
    const emp = detail.drilldowns.find((d) => d.figure === 'empathy')!;
    expect(emp.rows.length).toBe(5);
    const values = emp.rows.map((r) => r.value as number);
    expect([...values].sort((a, b) => a - b)).toEqual(values);
    expect(formatAgentDetail(detail)).toContain('Weekly trend');
    expect(await agentDetail(store.db, 'nobody', { scorerVersion: SCORER_VERSION })).toBeNull();
  });

  it('draws sparklines', () => {
    expect(sparkline([0, 50, 100])).toBe('▁▅█');
    expect(sparkline([null, 1, 1])).toBe(' ▄▄');
    expect(sparkline([0, 0])).toBe('▁▁');
    expect(sparkline([])).toBe('');
  });
});
