/**
 * `voc serve`'s API against a running server on a seeded PostgreSQL store: every endpoint with an
 * admin, a lead of team A, a lead of team B, an agent, a revoked token and none. What is outside a
 * token's scope answers 404 like an id that does not exist; a lead's CSV holds only their teams;
 * changes land in the audit trail; live guidance comes at the turn it should.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../store/access.ts';
import { vocOk } from './cli.ts';
import { startServer, type RunningServer } from './serve-fixture.ts';

let server: RunningServer;
const tokens: Record<string, string> = {};
let teamA = '';
let teamB = '';
let agentA = '';
let otherAgentA = '';
let idA = ''; // an interaction of agentA (team A)
let idA2 = ''; // an interaction of another agent of team A
let idB = ''; // an interaction of team B

async function call(who: string | null, path: string, init: RequestInit = {}) {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
  if (who) headers.authorization = `Bearer ${tokens[who] ?? who}`;
  if (init.body) headers['content-type'] = 'application/json';
  const res = await fetch(server.url + path, { ...init, headers });
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, headers: res.headers, body: type.includes('json') ? await res.json() : await res.text() } as { status: number; type: string; headers: Headers; body: any };
}

beforeAll(async () => {
  server = await startServer(700, 5, 'oracle', async (store) => {
    // Two recent contacts of one customer, for the live "third contact" guidance.
    for (const [id, days] of [['live-prior-1', 3], ['live-prior-2', 1]] as const) {
      await store.db.query(
        `INSERT INTO interactions (interaction_id, channel, customer_id, started_at, content_hash) VALUES ($1, 'chat', 'C-LIVE', now() - make_interval(days => $2), 'x')`,
        [id, days],
      );
    }
  });
  const db = server.store.db;
  const teams = (await db.query<{ team: string }>('SELECT DISTINCT team FROM interactions WHERE team IS NOT NULL ORDER BY team')).rows.map((r) => r.team);
  [teamA, teamB] = [teams[0]!, teams[1]!];
  const agents = (await db.query<{ agent_id: string }>('SELECT DISTINCT agent_id FROM interactions WHERE team = $1 ORDER BY agent_id', [teamA])).rows.map((r) => r.agent_id);
  [agentA, otherAgentA] = [agents[0]!, agents[1]!];
  const one = async (sql: string, p: unknown[]) => (await db.query<{ interaction_id: string }>(sql + ' ORDER BY interaction_id LIMIT 1', p)).rows[0]!.interaction_id;
  idA = await one(`SELECT i.interaction_id FROM interactions i JOIN scores s USING (interaction_id) WHERE agent_id = $1 AND EXISTS (SELECT 1 FROM json_array_elements(s.detail->'t') tr WHERE tr->>2 = 'missing')`, [agentA]);
  idA2 = await one('SELECT interaction_id FROM interactions WHERE agent_id = $1', [otherAgentA]);
  idB = await one('SELECT interaction_id FROM interactions WHERE team = $1', [teamB]);

  tokens.admin = server.adminToken;
  tokens.leadB = (await createToken(db, { role: 'lead', teams: [teamB] })).token;
  tokens.agent = (await createToken(db, { role: 'agent', agent: agentA })).token;
  const revoked = await createToken(db, { role: 'admin' });
  tokens.revoked = revoked.token;
  const env = { DATABASE_URL: server.store.url };
  const [lead] = await Promise.all([
    vocOk(['token', 'create', '--role', 'lead', '--team', teamA, '--json'], env),
    vocOk(['token', 'revoke', revoked.token_id], env),
  ]);
  tokens.leadA = JSON.parse(lead.stdout).token;
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe('voc serve API', () => {
  it('lists tokens without their secrets', async () => {
    const out = await vocOk(['token', 'list', '--json'], { DATABASE_URL: server.store.url });
    const list = JSON.parse(out.stdout);
    expect(list.map((t: { role: string }) => t.role).sort()).toEqual(['admin', 'admin', 'agent', 'lead', 'lead']);
    expect(list.filter((t: { revoked_at: string | null }) => t.revoked_at)).toHaveLength(1);
    // The secret is everything after `voc_<12 hex>_`; it may itself hold '_' (base64url), even first.
    const secret = tokens.leadA!.slice('voc_'.length + 12 + 1);
    expect(secret).toHaveLength(43);
    expect(out.stdout).not.toContain(secret);
  });

  it('answers 401 with no token, a malformed one and a revoked one, on every endpoint', async () => {
    const paths: [string, string, object?][] = [
      ['GET', '/api/v1/status'], ['GET', '/api/v1/agents'], ['GET', `/api/v1/agents/${agentA}`], ['GET', '/api/v1/interactions'],
      ['GET', `/api/v1/interactions/${idA}`], ['GET', '/api/v1/coaching/moments'], ['GET', '/api/v1/coaching/queue'], ['GET', '/api/v1/drivers'],
      ['GET', '/api/v1/audit'], ['POST', '/api/v1/coaching/queue', { interaction_id: idA, turn_index: 0 }], ['PATCH', '/api/v1/coaching/queue/1', { status: 'coached' }],
      ['POST', '/api/v1/score', { turns: [{ speaker: 'customer', text: 'hi' }] }], ['POST', '/api/v1/live/x/turns', { speaker: 'customer', text: 'hi' }],
    ];
    for (const who of [null, 'voc_000000000000_' + 'a'.repeat(43), 'revoked']) {
      for (const [method, path, body] of paths) {
        const r = await call(who, path, { method, body: body ? JSON.stringify(body) : undefined });
        expect(r.status, `${who} ${method} ${path}`).toBe(401);
        expect(r.body.error).toMatch(/token/);
      }
    }
    // A valid token with a wrong secret is as good as none.
    const forged = tokens.admin!.replace(/_[^_]+$/, '_' + 'b'.repeat(43));
    expect((await call(forged, '/api/v1/status')).status).toBe(401);
  });

  it('status counts what each token can see', async () => {
    const all = (await call('admin', '/api/v1/status')).body;
    const a = (await call('leadA', '/api/v1/status')).body;
    const b = (await call('leadB', '/api/v1/status')).body;
    const me = (await call('agent', '/api/v1/status')).body;
    expect(all.stored).toBe(702);
    expect(a.stored + b.stored).toBeLessThan(all.stored);
    expect(a.stored).toBeGreaterThan(me.stored);
    expect(me).toMatchObject({ role: 'agent', agent_id: agentA });
    expect(a).toMatchObject({ role: 'lead', teams: [teamA] });
  });

  it('agents: each lead sees their team, the agent themself; ranked only from the minimum', async () => {
    const all = (await call('admin', '/api/v1/agents')).body.agents;
    const a = (await call('leadA', '/api/v1/agents')).body.agents;
    const me = (await call('agent', '/api/v1/agents')).body.agents;
    expect(new Set(all.map((x: { team: string }) => x.team)).size).toBeGreaterThan(2);
    expect(a.length).toBeGreaterThan(1);
    expect(a.every((x: { team: string }) => x.team === teamA)).toBe(true);
    expect(me.map((x: { agent_id: string }) => x.agent_id)).toEqual([agentA]);
    // A lead asking for another team's agents gets none, not theirs.
    expect((await call('leadA', `/api/v1/agents?team=${teamB}`)).body.agents).toEqual([]);
    const high = (await call('admin', '/api/v1/agents?min_interactions=100000')).body;
    expect(high.agents.every((x: { ranked: boolean; quadrant: null; empathy_pct_team: null }) => !x.ranked && x.quadrant === null && x.empathy_pct_team === null)).toBe(true);
    expect(all.some((x: { ranked: boolean; quadrant: string | null }) => x.ranked && x.quadrant)).toBe(true);
    expect((await call('admin', '/api/v1/agents?channel=fax')).status).toBe(400);
  });

  it('one agent: figures, trend and drill-downs; out of scope is 404 like a missing id', async () => {
    const r = await call('leadA', `/api/v1/agents/${agentA}?limit=3`);
    expect(r.status).toBe(200);
    expect(r.body.agent.agent_id).toBe(agentA);
    expect(r.body.agent.trend.length).toBeGreaterThan(0);
    const empathy = r.body.drilldowns.find((d: { figure: string }) => d.figure === 'empathy');
    expect(empathy.rows.length).toBeGreaterThan(0);
    const values = empathy.rows.map((x: { value: number }) => x.value);
    expect(values).toEqual([...values].sort((p: number, q: number) => p - q));
    expect((await call('admin', `/api/v1/agents/${agentA}`)).status).toBe(200);
    expect((await call('agent', `/api/v1/agents/${agentA}`)).status).toBe(200);
    const hidden = await call('leadB', `/api/v1/agents/${agentA}`);
    const missing = await call('leadB', `/api/v1/agents/${agentA}-nobody`);
    expect([hidden.status, missing.status]).toEqual([404, 404]);
    expect(hidden.body.error).toBe(missing.body.error.replace('-nobody', ''));
    expect((await call('agent', `/api/v1/agents/${otherAgentA}`)).status).toBe(404);
  });

  it('an id of thousands of characters is 414 with a short message, not the whole address echoed', async () => {
    const id = `${'x'.repeat(4990)}TAIL-MARK`;
    for (const who of ['admin', null]) {
      const r = await call(who, `/api/v1/agents/${id}`);
      expect(r.status).toBe(414);
      expect(r.body.error).toMatch(/^this address has a part longer than 100 characters: \/api\/v1\/agents\/x+…$/);
      expect(JSON.stringify(r.body).length).toBeLessThan(200);
      expect(JSON.stringify(r.body)).not.toContain('TAIL-MARK');
    }
    const page = await call(null, `/agents/${id}`);
    expect(page.status).toBe(414);
    expect(page.type).toMatch(/^text\/plain/);
    expect(page.body.length).toBeLessThan(200);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const bad = await call('admin', `/api/v1/agents/${'%zz'.repeat(1000)}`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body).length).toBeLessThan(200);
  });

  it('interactions: search within scope, score ranges, cursor paging, CSV of a lead holds only their team', async () => {
    const first = await call('leadA', '/api/v1/interactions?limit=40');
    expect(first.body.interactions).toHaveLength(40);
    expect(first.body.interactions.every((x: { team: string }) => x.team === teamA)).toBe(true);
    const second = await call('leadA', `/api/v1/interactions?limit=40&cursor=${first.body.next_cursor}`);
    const ids1 = first.body.interactions.map((x: { interaction_id: string }) => x.interaction_id);
    const ids2 = second.body.interactions.map((x: { interaction_id: string }) => x.interaction_id);
    expect(ids2.some((id: string) => ids1.includes(id))).toBe(false);
    expect(second.body.interactions[0].started_at <= first.body.interactions[39].started_at).toBe(true);

    const low = (await call('admin', '/api/v1/interactions?empathy_max=20&channel=chat&limit=1000')).body.interactions;
    expect(low.length).toBeGreaterThan(0);
    expect(low.every((x: { empathy: number; channel: string }) => x.empathy <= 20 && x.channel === 'chat')).toBe(true);
    expect((await call('admin', '/api/v1/interactions?cursor=nonsense')).status).toBe(400);
    expect((await call('agent', '/api/v1/interactions?limit=1000')).body.interactions.every((x: { agent_id: string }) => x.agent_id === agentA)).toBe(true);

    const csv = await call('leadA', '/api/v1/interactions?limit=1000', { headers: { accept: 'text/csv' } });
    expect(csv.type).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toMatch(/^interaction_id,started_at,channel,agent_id,team,/);
    const teamCol = lines[0].split(',').indexOf('team');
    expect(lines.length - 1).toBe((await call('leadA', '/api/v1/status')).body.stored);
    expect(lines.slice(1).every((l: string) => l.split(',')[teamCol] === teamA)).toBe(true);
    expect((await call('leadA', '/api/v1/agents?format=csv')).body.split('\n').slice(1).filter(Boolean).every((l: string) => l.split(',')[1] === teamA)).toBe(true);
    // Another team asked for explicitly: nothing, not an error that says it exists.
    expect((await call('leadA', `/api/v1/interactions?team=${teamB}&format=csv`)).body.trim().split('\n')).toHaveLength(1);
  });

  it('one interaction: turns, scores with evidence offsets; cross-team reads are 404 like missing ids', async () => {
    const r = await call('leadA', `/api/v1/interactions/${idA}`);
    expect(r.status).toBe(200);
    const turns = r.body.interaction.turns;
    expect(turns.length).toBeGreaterThan(1);
    const cues = r.body.score.detail.empathy.cues;
    for (const c of cues) expect(turns[c.turn].text.slice(c.evidence.start, c.evidence.end)).toBe(c.evidence.text);
    expect(r.body.score.detail.empathy.triggers.some((t: { response: string }) => t.response === 'missing')).toBe(true);
    expect((await call('admin', `/api/v1/interactions/${idB}`)).status).toBe(200);
    expect((await call('agent', `/api/v1/interactions/${idA}`)).status).toBe(200);
    for (const [who, id] of [['leadA', idB], ['leadB', idA], ['agent', idA2], ['agent', idB], ['admin', 'no-such-id']] as const) {
      const x = await call(who, `/api/v1/interactions/${id}`);
      expect(x.status, `${who} ${id}`).toBe(404);
      expect(x.body).toEqual({ error: `no interaction "${id}"` });
    }
  });

  it('coaching moments: a lead gets their team, an agent their own and no peer\'s words', async () => {
    const a = (await call('leadA', '/api/v1/coaching/moments')).body.moments;
    expect(a.length).toBeGreaterThan(0);
    expect(a.every((m: { team: string }) => m.team === teamA)).toBe(true);
    expect(a.some((m: { example_reply: string | null }) => m.example_reply)).toBe(true);
    const me = (await call('agent', '/api/v1/coaching/moments')).body.moments;
    expect(me.length).toBeGreaterThan(0);
    expect(me.every((m: { agent_id: string; example_reply: string | null }) => m.agent_id === agentA && m.example_reply === null)).toBe(true);
    const csv = await call('leadB', '/api/v1/coaching/moments?format=csv');
    expect(csv.body.split('\n')[0]).toMatch(/^agent_id,team,kind,/);
    expect((await call('admin', '/api/v1/coaching/moments')).body.moments.length).toBeGreaterThan(a.length);
  });

  it('coaching queue: a lead marks, the agent acknowledges, others get 404 or 403, all audited', async () => {
    expect((await call('agent', '/api/v1/coaching/queue', { method: 'POST', body: JSON.stringify({ interaction_id: idA, turn_index: 1 }) })).status).toBe(403);
    expect((await call('leadB', '/api/v1/coaching/queue', { method: 'POST', body: JSON.stringify({ interaction_id: idA, turn_index: 1 }) })).status).toBe(404);
    const made = await call('leadA', '/api/v1/coaching/queue', { method: 'POST', body: JSON.stringify({ interaction_id: idA, turn_index: 1, note: '=cmd|acknowledge first' }) });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ interaction_id: idA, turn_index: 1, agent_id: agentA, status: 'open' });
    const id = made.body.moment_id;
    expect((await call('leadB', '/api/v1/coaching/queue')).body.queue).toEqual([]);
    expect((await call('leadB', `/api/v1/coaching/queue/${id}`, { method: 'PATCH', body: JSON.stringify({ status: 'coached' }) })).status).toBe(404);
    expect((await call('agent', `/api/v1/coaching/queue/${id}`, { method: 'PATCH', body: JSON.stringify({ note: 'mine' }) })).status).toBe(400);
    expect((await call('leadA', `/api/v1/coaching/queue/${id}`, { method: 'PATCH', body: JSON.stringify({ status: 'acknowledged' }) })).status).toBe(400);
    expect((await call('leadA', `/api/v1/coaching/queue/${id}`, { method: 'PATCH', body: JSON.stringify({ status: 'coached' }) })).body.status).toBe('coached');
    const mine = (await call('agent', '/api/v1/coaching/queue')).body.queue;
    expect(mine.map((m: { moment_id: number }) => m.moment_id)).toEqual([id]);
    expect((await call('agent', `/api/v1/coaching/queue/${id}`, { method: 'PATCH', body: JSON.stringify({ status: 'acknowledged' }) })).body.status).toBe('acknowledged');
    const csv = (await call('leadA', '/api/v1/coaching/queue?format=csv')).body;
    expect(csv).toContain("'=cmd|acknowledge first");

    expect((await call('leadA', '/api/v1/audit')).status).toBe(403);
    const log = (await call('admin', '/api/v1/audit')).body.audit;
    expect(log.slice(0, 3).map((e: { action: string; role: string; detail: { to?: string } }) => [e.action, e.role, e.detail.to ?? null])).toEqual([
      ['coaching.update', 'agent', 'acknowledged'], ['coaching.update', 'lead', 'coached'], ['coaching.mark', 'lead', null],
    ]);
    expect(log[0].at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('drivers: analysed within scope', async () => {
    const all = (await call('admin', '/api/v1/drivers')).body;
    const a = (await call('leadA', '/api/v1/drivers')).body;
    expect(all.overall.effects.length).toBeGreaterThan(0);
    expect(a.overall.n).toBeLessThan(all.overall.n);
    expect(a.teams.map((t: { scope: string }) => t.scope)).toEqual([teamA]);
    expect((await call('admin', '/api/v1/drivers?outcome=mood')).status).toBe(400);
    // The overview with no driver analysis to show (reviews have no agent) shows effort by reason instead.
    const login = await fetch(`${server.url}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: tokens.admin!, next: '/' }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const page = await (await fetch(`${server.url}/?channel=review`, { headers: { cookie } })).text();
    expect(page).toMatch(/what moves CSAT cannot be estimated\. Effort by contact reason instead/);
    expect(page).toMatch(/<figure data-chart="drivers"><p class="note">[^]*?<svg/);
  });

  it('scores an interaction sent in the body and stores nothing', async () => {
    const before = (await call('admin', '/api/v1/status')).body.stored;
    const r = await call('agent', '/api/v1/score', {
      method: 'POST',
      body: JSON.stringify({ channel: 'chat', turns: [{ speaker: 'customer', text: 'I have called three times and I am really frustrated.' }, { speaker: 'agent', text: 'I am so sorry, I will fix this for you today.' }] }),
    });
    expect(r.status).toBe(200);
    expect(r.body.empathy.triggers[0].response).toBe('timely');
    const cue = r.body.empathy.cues[0];
    expect(cue.evidence.text.length).toBeGreaterThan(0);
    expect((await call('admin', '/api/v1/status')).body.stored).toBe(before);
    expect((await call('admin', '/api/v1/score', { method: 'POST', body: JSON.stringify({ turns: [{ speaker: 'robot', text: 'x' }] }) })).status).toBe(400);
  });

  it('live: guidance at the turn it is due, from state kept in PostgreSQL', async () => {
    const script: [string, string][] = [
      ['agent', 'Hi, thanks for contacting us. How can I help?'],
      ['customer', 'My internet has been down for three days and I am really frustrated.'],
      ['agent', 'Can I have your account number please?'],
      ['customer', 'I already gave it twice. I had to explain everything again and I was transferred twice.'],
      ['agent', 'I am so sorry about this, I completely understand how frustrating that is. I will personally make sure this gets fixed today.'],
    ];
    const kinds: string[][] = [];
    for (const [k, [speaker, text]] of script.entries()) {
      const r = await call('agent', '/api/v1/live/conv-1/turns', { method: 'POST', body: JSON.stringify({ speaker, text, ...(k === 0 ? { customer_id: 'C-LIVE', channel: 'chat' } : {}) }) });
      expect(r.status).toBe(200);
      expect(r.body.turn).toBe(k);
      expect(r.body.prior_contacts).toBe(2);
      kinds.push(r.body.guidance.map((g: { kind: string }) => g.kind));
      if (k === 1) expect(r.body.guidance[0].message).toMatch(/last turn calls for empathy and the agent has not acknowledged it yet/);
      if (k === 0) expect(r.body.guidance.find((g: { kind: string }) => g.kind === 'repeat_contact').message).toMatch(/^Third contact about this: own the fix/);
    }
    expect(kinds).toEqual([
      ['repeat_contact'],
      ['empathy_due', 'repeat_contact'],
      ['empathy_missed', 'repeat_contact'],
      ['empathy_due', 'repeat_contact', 'effort_rising'],
      [],
    ]);
    // Turns sent at once to one conversation are numbered one after the other, none lost.
    const burst = await Promise.all(Array.from({ length: 6 }, (_, k) => call('agent', '/api/v1/live/conv-2/turns', { method: 'POST', body: JSON.stringify({ speaker: k % 2 ? 'agent' : 'customer', text: `line ${k}` }) })));
    expect(burst.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(burst.map((r) => r.body.turn).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    // Another token cannot see or add to this conversation.
    expect((await call('leadA', '/api/v1/live/conv-1/turns', { method: 'POST', body: JSON.stringify({ speaker: 'customer', text: 'hello?' }) })).status).toBe(404);
  });

  it('publishes an OpenAPI document of every endpoint', async () => {
    const r = await call(null, '/api/v1/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    expect(Object.keys(r.body.paths).sort()).toEqual([
      '/api/v1/agents', '/api/v1/agents/{id}', '/api/v1/audit', '/api/v1/calibration', '/api/v1/coaching/moments', '/api/v1/coaching/queue', '/api/v1/coaching/queue/{id}',
      '/api/v1/disputes', '/api/v1/disputes/{id}/resolve', '/api/v1/drivers', '/api/v1/interactions', '/api/v1/interactions/{id}',
      '/api/v1/interactions/{id}/reviews', '/api/v1/interactions/{id}/scorecard', '/api/v1/live/{conversation}/turns', '/api/v1/reviews/queue', '/api/v1/score', '/api/v1/status',
    ]);
    expect(r.body.paths['/api/v1/interactions'].get.parameters.map((p: { name: string }) => p.name)).toContain('empathy_min');
    expect(r.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  });
});
