/**
 * QA review through `voc serve`'s API on a seeded store: a reviewer records answers beside the
 * automatic ones (never over them), a lead samples conversations for review (random, per agent, lowest
 * automatic score first), an agent disputes an answer of their own and a lead settles it, and the
 * calibration endpoint gives the figures of `voc calibrate scorecard`. Reviewers and leads see only
 * their teams: outside them is a 404 like an id that does not exist; roles that may not act get 403.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoReviews } from '../demo/reviewers.ts';
import { SCORER_VERSION } from '../pipeline/version.ts';
import { createToken } from '../store/access.ts';
import { readAutoAnswers, writeReviews } from '../store/scorecards.ts';
import { DEFAULT_SCORECARD, evaluatePending, loadScorecardFile } from '../workers/scorecard.ts';
import { voc, vocOk } from './cli.ts';
import { startServer, type RunningServer } from './serve-fixture.ts';

let server: RunningServer;
const tokens: Record<string, string> = {};
let teamA = '';
let teamB = '';
let agentA = '';
let idA = ''; // an interaction of agentA (team A)
let idA2 = ''; // an interaction of another agent of team A
let idB = ''; // an interaction of team B

async function call(who: string | null, path: string, init: { method?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (who) headers.authorization = `Bearer ${tokens[who]}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(server.url + path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  return { status: res.status, body: (await res.json()) as any };
}

beforeAll(async () => {
  server = await startServer(400, 11, 'oracle');
  const db = server.store.db;
  const teams = (await db.query<{ team: string }>('SELECT DISTINCT team FROM interactions WHERE team IS NOT NULL ORDER BY team')).rows.map((r) => r.team);
  [teamA, teamB] = [teams[0]!, teams[1]!];
  const agents = (await db.query<{ agent_id: string }>(`SELECT DISTINCT agent_id FROM interactions WHERE team = $1 ORDER BY agent_id`, [teamA])).rows.map((r) => r.agent_id);
  agentA = agents[0]!;
  const one = async (sql: string, p: unknown[]) => (await db.query<{ interaction_id: string }>(sql + ' ORDER BY interaction_id LIMIT 1', p)).rows[0]!.interaction_id;
  const conv = `channel IN ('call', 'chat', 'email') AND abandoned IS NOT TRUE`;
  idA = await one(`SELECT interaction_id FROM interactions WHERE agent_id = $1 AND ${conv}`, [agentA]);
  idA2 = await one(`SELECT interaction_id FROM interactions WHERE agent_id = $1 AND ${conv}`, [agents[1]]);
  idB = await one(`SELECT interaction_id FROM interactions WHERE team = $1 AND ${conv}`, [teamB]);
  tokens.admin = server.adminToken;
  tokens.leadA = (await createToken(db, { role: 'lead', teams: [teamA], label: 'Lena (lead)' })).token;
  tokens.leadB = (await createToken(db, { role: 'lead', teams: [teamB] })).token;
  tokens.reviewerA = (await createToken(db, { role: 'reviewer', teams: [teamA], label: 'Rita' })).token;
  tokens.reviewerB = (await createToken(db, { role: 'reviewer', teams: [teamB], label: 'Rob' })).token;
  tokens.agent = (await createToken(db, { role: 'agent', agent: agentA })).token;
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe('QA review API', () => {
  it('a reviewer sees the automatic answers with evidence and records their own beside them, in their teams only', async () => {
    const before = await call('reviewerA', `/api/v1/interactions/${idA}/scorecard`);
    expect(before.status).toBe(200);
    const card = loadScorecardFile(DEFAULT_SCORECARD);
    expect(before.body.scorecard_version).toBe(card.version);
    expect(before.body.evaluation.answers.map((a: { item: string }) => a.item).sort()).toEqual(card.items.map((i) => i.id).sort());
    for (const a of before.body.evaluation.answers) expect(typeof a.reason).toBe('string');
    expect(before.body.human_answers).toEqual([]);

    expect((await call('reviewerB', `/api/v1/interactions/${idA}/scorecard`)).status).toBe(404);
    expect((await call('reviewerA', `/api/v1/interactions/${idB}/scorecard`)).status).toBe(404);
    expect((await call('reviewerA', `/api/v1/interactions/nope/scorecard`)).status).toBe(404);

    const greeting = before.body.evaluation.answers.find((a: { item: string }) => a.item === 'greeting').answer;
    const mine = greeting === 'yes' ? 'no' : 'yes';
    const answers = [{ item: 'greeting', answer: mine, comment: 'heard no name' }, { item: 'closing', answer: 'yes' }];
    const saved = await call('reviewerA', `/api/v1/interactions/${idA}/reviews`, { method: 'POST', body: { answers } });
    expect(saved).toEqual({ status: 201, body: { reviewer: 'Rita', stored: 2 } });
    expect((await call('reviewerB', `/api/v1/interactions/${idA}/reviews`, { method: 'POST', body: { answers } })).status).toBe(404);
    expect((await call('agent', `/api/v1/interactions/${idA}/reviews`, { method: 'POST', body: { answers } })).status).toBe(403);
    expect((await call('reviewerA', `/api/v1/interactions/${idA}/reviews`, { method: 'POST', body: { answers: [{ item: 'no_such_item', answer: 'yes' }] } })).status).toBe(400);
    expect((await call('reviewerA', `/api/v1/interactions/${idA}/reviews`, { method: 'POST', body: { answers: [{ item: 'greeting', answer: 'maybe' }] } })).status).toBe(400);

    const after = await call('leadA', `/api/v1/interactions/${idA}/scorecard`);
    expect(after.body.evaluation).toEqual(before.body.evaluation);
    const human = after.body.human_answers.find((h: { item: string }) => h.item === 'greeting');
    expect(human).toMatchObject({ reviewer: 'Rita', answer: mine, comment: 'heard no name', source: 'workspace' });
    expect(human.reviewed_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    const stored = await server.store.db.query<{ token_id: string }>('SELECT token_id FROM scorecard_reviews WHERE interaction_id = $1 AND item = $2', [idA, 'greeting']);
    expect(stored.rows[0]!.token_id).toBe(tokens.reviewerA!.split('_')[1]);
  });

  it('a lead samples for review: lowest automatic score first, the same number per agent, at random; only their teams', async () => {
    const db = server.store.db;
    expect((await call('reviewerA', '/api/v1/reviews/queue', { method: 'POST', body: { method: 'random', n: 3 } })).status).toBe(403);
    expect((await call('agent', '/api/v1/reviews/queue')).status).toBe(403);

    const lowest = await call('leadA', '/api/v1/reviews/queue', { method: 'POST', body: { method: 'lowest_score', n: 4 } });
    expect(lowest).toEqual({ status: 201, body: { added: 4 } });
    const card = loadScorecardFile(DEFAULT_SCORECARD);
    await evaluatePending(db, card, SCORER_VERSION);
    const { rows: low } = await db.query<{ score: number }>(
      `SELECT e.score FROM scorecard_evaluations e JOIN interactions i USING (interaction_id)
       WHERE i.team = $1 AND e.score IS NOT NULL AND i.agent_id IS NOT NULL AND e.interaction_id <> $2 ORDER BY e.score LIMIT 4`, [teamA, idA]);
    let queue = (await call('reviewerA', '/api/v1/reviews/queue')).body.queue as { interaction_id: string; team: string; auto_score: number; method: string; agent_id: string; reviewers: string[] }[];
    expect(queue.map((q) => q.auto_score).sort((a, b) => a - b)).toEqual(low.map((r) => r.score));
    expect(queue.every((q) => q.team === teamA && q.method === 'lowest_score' && q.reviewers.length === 0)).toBe(true);

    const agents = (await db.query<{ n: number }>('SELECT count(DISTINCT agent_id)::int AS n FROM interactions WHERE team = $1', [teamA])).rows[0]!.n;
    const perAgent = await call('leadA', '/api/v1/reviews/queue', { method: 'POST', body: { method: 'per_agent', n: 1 } });
    expect(perAgent.body.added).toBe(agents);
    queue = (await call('leadA', '/api/v1/reviews/queue')).body.queue;
    const picked = queue.filter((q) => q.method === 'per_agent');
    expect(new Set(picked.map((q) => q.agent_id)).size).toBe(agents);

    expect((await call('leadA', '/api/v1/reviews/queue', { method: 'POST', body: { method: 'random', n: 3 } })).body.added).toBe(3);
    expect((await call('leadA', '/api/v1/reviews/queue', { method: 'POST', body: { method: 'random', n: 3, team: teamB } })).body.added).toBe(0);
    expect((await call('reviewerB', '/api/v1/reviews/queue')).body.queue).toEqual([]);
    expect((await call('admin', '/api/v1/reviews/queue')).body.queue).toHaveLength(4 + agents + 3);
  });

  it('an agent disputes an answer of their own; a lead of the team accepts it and the answer changes; all audited', async () => {
    const body = { interaction_id: idA, item: 'empathy', reason: 'The customer was not upset; nothing called for it.' };
    expect((await call('leadA', '/api/v1/disputes', { method: 'POST', body })).status).toBe(403);
    expect((await call('agent', '/api/v1/disputes', { method: 'POST', body: { ...body, interaction_id: idA2 } })).status).toBe(404);
    const d = await call('agent', '/api/v1/disputes', { method: 'POST', body });
    expect(d.status).toBe(201);
    expect(d.body).toMatchObject({ interaction_id: idA, item: 'empathy', status: 'open', agent_id: agentA });
    expect((await call('agent', '/api/v1/disputes', { method: 'POST', body })).status).toBe(400); // already open
    const id = d.body.dispute_id as number;

    expect((await call('leadB', '/api/v1/disputes')).body.disputes).toEqual([]);
    expect((await call('leadB', `/api/v1/disputes/${id}/resolve`, { method: 'POST', body: { decision: 'accept' } })).status).toBe(404);
    expect((await call('agent', `/api/v1/disputes/${id}/resolve`, { method: 'POST', body: { decision: 'accept' } })).status).toBe(403);
    expect((await call('reviewerA', `/api/v1/disputes/${id}/resolve`, { method: 'POST', body: { decision: 'accept' } })).status).toBe(403);
    const settled = await call('leadA', `/api/v1/disputes/${id}/resolve`, { method: 'POST', body: { decision: 'accept', answer: 'na', note: 'agreed: no trigger' } });
    expect(settled.status).toBe(200);
    expect(settled.body).toMatchObject({ status: 'accepted', final_answer: 'na', resolved_by: 'Lena (lead)', resolution_note: 'agreed: no trigger' });
    expect((await call('leadA', `/api/v1/disputes/${id}/resolve`, { method: 'POST', body: { decision: 'reject' } })).status).toBe(400);

    const sheet = (await call('agent', `/api/v1/interactions/${idA}/scorecard`)).body;
    expect(sheet.human_answers.find((h: { item: string }) => h.item === 'empathy')).toMatchObject({ reviewer: 'Lena (lead)', answer: 'na', source: 'dispute' });
    expect(sheet.disputes[0]).toMatchObject({ status: 'accepted' });

    // A second dispute, rejected: the answer stays.
    const d2 = await call('agent', '/api/v1/disputes', { method: 'POST', body: { ...body, item: 'ownership', reason: 'I said I would call back.' } });
    const r2 = await call('leadA', `/api/v1/disputes/${d2.body.dispute_id}/resolve`, { method: 'POST', body: { decision: 'reject' } });
    expect(r2.body).toMatchObject({ status: 'rejected', final_answer: d2.body.disputed_answer });
    expect((await call('agent', '/api/v1/disputes?status=rejected')).body.disputes).toHaveLength(1);

    // The same dispute sent twice at once, and settled twice at once: one of each stands, the other is told why.
    const again = { ...body, item: 'ownership', reason: 'Asking again: I did say I would call back.' };
    const opened = await Promise.all([1, 2].map(() => call('agent', '/api/v1/disputes', { method: 'POST', body: again })));
    expect(opened.map((o) => o.status).sort()).toEqual([201, 400]);
    const d3 = opened.find((o) => o.status === 201)!.body.dispute_id as number;
    const settledTwice = await Promise.all([1, 2].map(() => call('leadA', `/api/v1/disputes/${d3}/resolve`, { method: 'POST', body: { decision: 'reject' } })));
    expect(settledTwice.map((o) => o.status).sort()).toEqual([200, 400]);
    expect(JSON.stringify(settledTwice.find((o) => o.status === 400)!.body)).toMatch(/already rejected/);

    const audit = (await call('admin', '/api/v1/audit')).body.audit as { action: string; role: string }[];
    const actions = audit.map((a) => `${a.action}/${a.role}`).reverse();
    expect(actions).toEqual(['review.save/reviewer', 'review.sample/lead', 'review.sample/lead', 'review.sample/lead', 'review.sample/lead', 'dispute.open/agent', 'dispute.accept/lead', 'dispute.open/agent', 'dispute.reject/lead', 'dispute.open/agent', 'dispute.reject/lead']);
  });

  it('calibration gives the figures of `voc calibrate scorecard`, per scope, and leaves dispute answers out', async () => {
    const db = server.store.db;
    const card = loadScorecardFile(DEFAULT_SCORECARD);
    const auto = await readAutoAnswers(db, card.version, SCORER_VERSION, { conversationsOnly: true });
    await writeReviews(db, demoReviews(auto, { sample: 120, seed: 7 }).reviews, 'demo');
    expect((await call('agent', '/api/v1/calibration')).status).toBe(403);

    const api = (await call('admin', '/api/v1/calibration')).body;
    const cli = JSON.parse((await vocOk(['calibrate', 'scorecard', '--json'], { DATABASE_URL: server.store.url })).stdout);
    expect(api.items.map((i: { item: string; exact_agreement: number; kappa: number; n: number; trusted: boolean }) => [i.item, i.n, i.exact_agreement, i.kappa, i.trusted]))
      .toEqual(cli.items.map((i: { item: string; exact_agreement: number; kappa: number; n: number; trusted: boolean }) => [i.item, i.n, i.exact_agreement, i.kappa, i.trusted]));
    expect(api.overall).toEqual(cli.overall);
    expect(api.reviewers).not.toContain('Lena (lead)');

    const a = (await call('reviewerA', '/api/v1/calibration')).body;
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM scorecard_reviews r JOIN interactions i USING (interaction_id) WHERE i.team = $1 AND r.source IS DISTINCT FROM 'dispute'`, [teamA]);
    expect(a.overall.n).toBe(rows[0]!.n);
    expect(a.overall.n).toBeLessThan(api.overall.n);
    expect(a.reviewers).toContain('Rita');
  });
  it('makes reviewer tokens on the command line; the workspace shows an agent\'s QA figures and keeps reviewers to reviewing', async () => {
    const env = { DATABASE_URL: server.store.url };
    const made = JSON.parse((await vocOk(['token', 'create', '--role', 'reviewer', '--team', teamA, '--label', 'Ray', '--json'], env)).stdout);
    expect(made.token).toMatch(/^voc_/);
    const bad = await voc(['token', 'create', '--role', 'reviewer'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('a reviewer token needs at least one --team');

    const signIn = async (token: string) => {
      const res = await fetch(`${server.url}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token, next: '/' }) });
      return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, home: res.headers.get('location') };
    };
    const lead = await signIn(tokens.leadA!);
    const page = await (await fetch(`${server.url}/agents/${encodeURIComponent(agentA)}`, { headers: { cookie: lead.cookie } })).text();
    expect(page).toMatch(/<div class="v">\d+%<\/div><div class="k">QA pass rate · \d+ evaluations/);
    expect(page).toContain('Scorecard questions answered “No” most often');
    // The same figures in the API, for the lead's teams only.
    const listed = (await call('leadA', '/api/v1/agents')).body.agents as { agent_id: string; team: string; scorecard: { evaluations: number; pass_rate: number } | null }[];
    expect(listed.every((r) => r.team === teamA)).toBe(true);
    const mine = listed.find((r) => r.agent_id === agentA)!;
    expect(mine.scorecard!.evaluations).toBeGreaterThan(0);
    expect((await call('leadA', `/api/v1/agents/${encodeURIComponent(agentA)}`)).body.agent.scorecard).toEqual(mine.scorecard);
    const csv = await (await fetch(`${server.url}/api/v1/agents?format=csv`, { headers: { authorization: `Bearer ${tokens.leadA}` } })).text();
    expect(csv.split('\n')[0]).toMatch(/,qa_pass_rate,qa_mean_score$/);

    const reviewer = await signIn(made.token);
    expect(reviewer.home).toBe('/reviews');
    expect((await fetch(`${server.url}/disputes`, { headers: { cookie: reviewer.cookie } })).status).toBe(404);
    expect((await fetch(`${server.url}/calibration`, { headers: { cookie: reviewer.cookie } })).status).toBe(200);
    const agentSession = await signIn(tokens.agent!);
    expect((await fetch(`${server.url}/reviews`, { headers: { cookie: agentSession.cookie } })).status).toBe(404);
    expect((await fetch(`${server.url}/calibration`, { headers: { cookie: agentSession.cookie } })).status).toBe(404);
  });
});
