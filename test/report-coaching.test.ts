import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseString } from 'fast-csv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENTS } from '../demo/model.ts';
import { coachingRows, exportCoaching, excerpt, missingCue, type CoachingRow } from '../report/coaching.ts';
import { inert } from '../lib/csv-cell.ts';
import { demoStore, type DemoStore } from './report-fixture.ts';
import { SCORER_VERSION } from '../pipeline/version.ts';

let store: DemoStore;
let rows: CoachingRow[];
const dir = mkdtempSync(join(tmpdir(), 'voc-coaching-'));

beforeAll(async () => {
  store = await demoStore(1500, 33);
  rows = await coachingRows(store.db, { limit: 5, scorerVersion: SCORER_VERSION });
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const readCsv = (file: string) =>
  new Promise<Record<string, string>[]>((resolve, reject) => {
    const out: Record<string, string>[] = [];
    parseString(readFileSync(file, 'utf8'), { headers: true })
      .on('data', (r) => out.push(r))
      .on('end', () => resolve(out))
      .on('error', reject);
  });

describe('coachingRows', () => {
  it('gives each agent its missed or late moments, worst first, with a peer example', () => {
    const coach = rows.filter((r) => r.kind === 'coach');
    expect(new Set(coach.map((r) => r.agent_id)).size).toBe(AGENTS.length);
    for (const r of coach) {
      expect(['missing', 'late']).toContain(r.response);
      expect(r.customer_turn).toBeTruthy();
      expect(r.note.length).toBeGreaterThan(10);
      if (r.example_agent) {
        expect(r.example_agent).not.toBe(r.agent_id);
        expect(AGENTS.find((a) => a.agent_id === r.example_agent)!.team).toBe(r.team);
        expect(r.example_reply).toBeTruthy();
      }
    }
    expect(coach.filter((r) => r.example_agent).length / coach.length).toBeGreaterThan(0.8);
    const a02 = coach.filter((r) => r.agent_id === 'A02');
    expect(a02).toHaveLength(5);
    // Missing before late.
    const order = a02.map((r) => (r.response === 'missing' ? 0 : 1));
    expect([...order].sort()).toEqual(order);
  });

  it('draws examples from the empathetic agents of the team', () => {
    const coach = rows.filter((r) => r.kind === 'coach' && r.example_agent);
    const warm = new Set(AGENTS.filter((a) => a.style === 'warm-slow' || a.style === 'strong').map((a) => a.agent_id));
    expect(coach.filter((r) => warm.has(r.example_agent!)).length / coach.length).toBeGreaterThan(0.9);
  });

  it('adds praise rows from the agent\'s best interactions', () => {
    const praise = rows.filter((r) => r.kind === 'praise');
    expect(praise.length).toBeGreaterThan(0);
    for (const r of praise) {
      expect(r.response).toBe('timely');
      expect(r.agent_reply).toBeTruthy();
    }
  });
});

describe('exportCoaching', () => {
  it('writes one CSV and one per agent, with formula-like cells made inert', async () => {
    const target = rows.find((r) => r.kind === 'coach' && r.agent_id === 'A04')!;
    await store.db.query(
      `UPDATE interaction_turns SET texts[strpos(speakers, 'c')] = '=HYPERLINK("http://x")' WHERE interaction_id = $1`,
      [target.interaction_id],
    );
    const out = join(dir, 'coaching.csv');
    const res = await exportCoaching(store.db, { out, perAgentDir: join(dir, 'agents'), limit: 5, scorerVersion: SCORER_VERSION });
    expect(res.agents).toBe(AGENTS.length);
    const all = await readCsv(out);
    expect(all.length).toBe(res.rows);
    expect(Object.keys(all[0]!)).toContain('example_reply');
    const hit = all.find((r) => r.interaction_id === target.interaction_id && r.customer_turn.includes('HYPERLINK'));
    expect(hit?.customer_turn.startsWith(`'=`)).toBe(true);
    expect(readdirSync(join(dir, 'agents')).sort()).toEqual(AGENTS.map((a) => `${a.agent_id}.csv`).sort());
    const one = await readCsv(join(dir, 'agents', 'A01.csv'));
    expect(one.every((r) => r.agent_id === 'A01')).toBe(true);
  });

  it('exports only the agent asked for', async () => {
    const only = await coachingRows(store.db, { agent: 'A07', limit: 3, scorerVersion: SCORER_VERSION });
    expect(new Set(only.map((r) => r.agent_id))).toEqual(new Set(['A07']));
    expect(only.filter((r) => r.kind === 'coach').every((r) => r.example_agent !== 'A07')).toBe(true);
  });
});

describe('helpers', () => {
  it('neutralises every formula prefix', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(inert(s)).toBe(`'${s}`);
    expect(inert('fine')).toBe('fine');
    expect(inert(-1)).toBe(-1);
    expect(inert(null)).toBe('');
  });

  it('trims e-mail quotes and explains what was missing', () => {
    expect(excerpt('Thanks\n> quoted line\n  ok')).toBe('Thanks ok');
    expect(missingCue('repeat_contact', 'missing', false)).toMatch(/come back/);
    expect(missingCue('frustration', 'late', true)).toMatch(/first reply.*frustrat.*policy/);
    expect(missingCue(null, 'missing', false)).toMatch(/acknowledge/);
  });
});
