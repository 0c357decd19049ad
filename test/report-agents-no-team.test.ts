/**
 * Agents without a team (a file with no `team` column) are in the agent table and its drill-down,
 * and an agent with no handle time says why it has no quadrant. With no customer ids and no resolved
 * flag, FCR cannot be known, and is shown as unknown rather than 100%.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toInteraction } from '../ingest/validate.ts';
import { createScorer } from '../pipeline/score.ts';
import { SCORER_VERSION } from '../pipeline/version.ts';
import { agentDetail, agentTable } from '../report/agents.ts';
import { formatAgentTable } from '../report/agents-format.ts';
import { coachingRows } from '../report/coaching.ts';
import { kpiReport } from '../report/kpis.ts';
import type { Db } from '../store/db.ts';
import { upsertInteractions } from '../store/ingest-batch.ts';
import { openStore } from '../store/open.ts';
import { writeResults } from '../store/scores.ts';
import { freshDatabase } from './services.ts';

let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  const fresh = await freshDatabase();
  drop = fresh.drop;
  db = await openStore({ databaseUrl: fresh.url, dataDir: '/tmp' });
  const rows: Record<string, unknown>[] = [];
  for (const [agent, n] of [['N1', 3], ['N2', 2], ['N3', 1]] as const) {
    for (let i = 0; i < n; i++) {
      rows.push({
        interaction_id: `${agent}-${i}`, channel: 'chat', agent_id: agent, started_at: `2026-05-0${i + 1}T10:00:00Z`, csat: 3 + (i % 2),
        text: `Customer: the router I bought keeps dropping the connection and I am fed up\nAgent: ${i % 2 ? 'I am so sorry about that, ' : ''}let me check the line`,
      });
    }
  }
  const interactions = rows.map((r) => toInteraction(r));
  await upsertInteractions(db, interactions, 'no-team');
  const scorer = createScorer();
  await writeResults(db, SCORER_VERSION, interactions.map((x) => scorer.score(x)), []);
});
afterAll(async () => {
  await db?.close();
  await drop?.();
});

describe('agents with no team', () => {
  it('are listed, one row each, with their interactions', async () => {
    const rows = await agentTable(db, { scorerVersion: SCORER_VERSION, minInteractions: 1 });
    expect(rows.map((r) => [r.agent_id, r.team, r.interactions]).sort()).toEqual([['N1', null, 3], ['N2', null, 2], ['N3', null, 1]]);
    const text = formatAgentTable(rows);
    for (const a of ['N1', 'N2', 'N3']) expect(text).toContain(a);
    // Ranked, but no handle time in the data: the "–" in the quadrant column is explained.
    expect(text).toMatch(/–: no quadrant without both an empathy score .* and a handle time/);
  });

  it('have a drill-down', async () => {
    const d = await agentDetail(db, 'N1', { scorerVersion: SCORER_VERSION });
    expect(d?.row.interactions).toBe(3);
  });

  it('a legend with no quadrant to explain does not end on "quadrant vs the median:"', async () => {
    const rows = await agentTable(db, { scorerVersion: SCORER_VERSION });
    expect(rows.every((r) => r.too_few)).toBe(true);
    expect(formatAgentTable(rows).trimEnd()).not.toMatch(/quadrant vs the median:$/);
  });

  it('have no FCR and no repeat rate when neither a resolved flag nor a customer id can tell them, until a flag does', async () => {
    const table = await agentTable(db, { scorerVersion: SCORER_VERSION, minInteractions: 1 });
    expect(table.map((r) => r.fcr)).toEqual([null, null, null]);
    const kpis = await kpiReport(db, { scorerVersion: SCORER_VERSION });
    expect(kpis.rows.map((r) => [r.fcr, r.unresolved, r.repeat_rate])).toEqual([[null, null, null]]);
    // One conversation with a resolved flag: FCR is known for it alone.
    const flagged = toInteraction({
      interaction_id: 'N1-flagged', channel: 'chat', agent_id: 'N1', started_at: '2026-05-09T10:00:00Z', resolved: 'false',
      text: 'Customer: still no signal\nAgent: let me look',
    });
    await upsertInteractions(db, [flagged], 'no-team');
    await writeResults(db, SCORER_VERSION, [createScorer().score(flagged)], []);
    const after = await agentTable(db, { scorerVersion: SCORER_VERSION, minInteractions: 1 });
    expect(after.find((r) => r.agent_id === 'N1')?.fcr).toBe(0);
    expect((await kpiReport(db, { scorerVersion: SCORER_VERSION })).rows[0]!.fcr).toBe(0);
  });

  it('get coaching moments without a reply of another agent as the example: with no team, no one is their peer', async () => {
    const distress = 'Customer: this is the third time I am writing, I am furious and so disappointed with your service';
    const rows = [
      { interaction_id: 'C1-0', channel: 'chat', agent_id: 'C1', text: `${distress}\nAgent: Please send your order number.` },
      { interaction_id: 'C2-0', channel: 'chat', agent_id: 'C2', text: `${distress}\nAgent: I am so sorry, I completely understand how frustrating this is. I will fix it for you right now.` },
    ].map((r) => toInteraction(r));
    await upsertInteractions(db, rows, 'no-team');
    await writeResults(db, SCORER_VERSION, rows.map((x) => createScorer().score(x)), []);
    const coach = (await coachingRows(db, { scorerVersion: SCORER_VERSION })).filter((r) => r.kind === 'coach' && r.agent_id === 'C1');
    expect(coach).toHaveLength(1);
    // C2 answered the same distress in time, but belongs to no team of C1's: no example is offered.
    expect(coach[0]!.example_agent).toBeNull();
  });
});
