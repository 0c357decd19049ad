/**
 * The workspace in a real browser (Debian's Chromium through playwright-core) against a running
 * `voc serve` on PostgreSQL: a lead signs in, goes overview → agents → agent → interaction, sees the
 * evidence marked, marks a moment "to coach"; the agent signs in and acknowledges it. No console
 * errors, no request leaves the server, control characters are shown and not obeyed. Screenshots are
 * kept in out/test-artifacts/serve/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signIn as signInAt } from './browser.ts';
import { createToken } from '../store/access.ts';
import { startServer, type RunningServer } from './serve-fixture.ts';

const ARTIFACTS = join(import.meta.dirname, '..', 'out', 'test-artifacts', 'serve');
const HOSTILE = 'hostile-1';

let server: RunningServer;
let browser: Browser;
let leadToken = '';
let agentToken = '';
let agentId = '';
let team = '';

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer(360, 3, 'real');
  const db = server.store.db;
  ({ agent_id: agentId, team } = (await db.query<{ agent_id: string; team: string }>(
    `SELECT i.agent_id, i.team FROM interactions i JOIN scores s USING (interaction_id)
     WHERE EXISTS (SELECT 1 FROM json_array_elements(s.detail->'t') tr WHERE tr->>2 = 'missing') GROUP BY 1, 2 ORDER BY count(*) DESC, 1 LIMIT 1`,
  )).rows[0]!);
  // A transcript carrying a bidi override, a terminal escape and markup must be shown, not obeyed.
  await db.query(
    `INSERT INTO interactions (interaction_id, channel, agent_id, team, started_at, content_hash) VALUES ($1, 'chat', $2, $3, now(), 'x')`,
    [HOSTILE, agentId, team],
  );
  await db.query(`INSERT INTO interaction_turns (interaction_id, speakers, texts) VALUES ($1, 'c', ARRAY[$2::text])`, [HOSTILE, 'refund \u202Edetaeh\u202C now \u001b[31mred <img src="http://203.0.113.9/x.png" id="injected">']);
  leadToken = (await createToken(db, { role: 'lead', teams: [team] })).token;
  agentToken = (await createToken(db, { role: 'agent', agent: agentId })).token;
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A fresh browser context that records console errors and every request. */
async function session() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  return { context, page, errors, requests };
}

const signIn = (page: Page, token: string, next = '/') => signInAt(page, server.url, token, next);

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

describe('voc serve in a browser', () => {
  it('a lead goes from the overview to a transcript and marks a moment; the agent acknowledges it', async () => {
    const lead = await session();
    const { page } = lead;
    await signIn(page, leadToken);
    await expect.poll(() => page.textContent('#headline')).toMatch(/empathy moves CSAT/);
    expect(await page.locator('figure[data-chart="drivers"] svg path').count()).toBeGreaterThan(3);
    await shot(page, '1-overview');

    await page.click('header.top a:has-text("Agents")');
    expect(await page.locator('#agents tbody tr').count()).toBeGreaterThan(1);
    const teams = await page.locator('#agents tbody tr td:nth-child(2)').allTextContents();
    expect(new Set(teams)).toEqual(new Set([team]));
    await shot(page, '2-agents');

    await page.click(`#agents a:text-is("${agentId}")`);
    await expect.poll(() => page.textContent('h1')).toBe(`Agent ${agentId}`);
    expect(await page.locator('#figures .card').count()).toBeGreaterThan(5);
    await shot(page, '3-agent');

    await page.locator('#to-coach ~ table a:has-text("open")').first().click();
    await expect.poll(() => page.textContent('h1')).toMatch(/^Interaction /);
    const interactionUrl = page.url();
    const trigger = page.locator('.turn.customer mark.trigger').first();
    await expect.poll(() => trigger.isVisible()).toBe(true);
    expect(await page.locator('.turn mark').count()).toBeGreaterThan(1);
    expect(await page.locator('.tag.missing, .tag.late').count()).toBeGreaterThan(0);
    await shot(page, '4-interaction');

    const form = page.locator('form.coach-form').first();
    await form.locator('input[name="note"]').fill('Acknowledge the frustration before asking for the order number.');
    await form.locator('button').click();
    await expect.poll(() => page.locator('.status.open').count()).toBe(1);
    expect(page.url().split('#')[0]).toBe(interactionUrl.split('#')[0]);

    // A form post without the session's CSRF token is refused.
    const cookie = (await lead.context.cookies()).find((c) => c.name === 'voc_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const forged = await fetch(`${server.url}/coaching/1`, { method: 'POST', redirect: 'manual', headers: { cookie: `voc_session=${cookie.value}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'status=coached' });
    expect(forged.status).toBe(403);

    await page.click('button:has-text("Sign out")');
    expect(page.url()).toContain('/login');
    expect(lead.errors).toEqual([]);
    expect(lead.requests.filter((u) => !u.startsWith(server.url))).toEqual([]);
    await lead.context.close();

    const agent = await session();
    await signIn(agent.page, agentToken);
    await expect.poll(() => agent.page.textContent('h1')).toBe(`Agent ${agentId}`);
    await agent.page.click('header.top a:has-text("My coaching")');
    const row = agent.page.locator('#queue tbody tr').first();
    await expect.poll(() => row.textContent()).toContain('Acknowledge the frustration');
    await row.locator('button:has-text("Acknowledge")').click();
    await expect.poll(() => agent.page.locator('#queue .status.acknowledged').count()).toBe(1);
    await shot(agent.page, '5-agent-acknowledged');
    // The agent sees no other agent's page.
    const other = await agent.page.goto(`${server.url}/agents/${encodeURIComponent(agentId)}x`);
    expect(other!.status()).toBe(404);
    expect(agent.errors.filter((e) => !/404/.test(e))).toEqual([]);
    expect(agent.requests.filter((u) => !u.startsWith(server.url))).toEqual([]);
    await agent.context.close();

    const audit = await server.store.db.query<{ action: string; role: string }>('SELECT action, role FROM audit_log ORDER BY audit_id');
    expect(audit.rows.map((r) => `${r.action}/${r.role}`)).toEqual(['coaching.mark/lead', 'coaching.update/agent']);
  });

  it('shows control characters and markup from a transcript as text, and fetches nothing from elsewhere', async () => {
    const s = await session();
    await signIn(s.page, leadToken, `/interactions/${HOSTILE}`);
    const res = await s.page.reload();
    expect(res!.headers()['content-security-policy']).toMatch(/default-src 'none'/);
    const body = s.page.locator('#turn-0 .body');
    const shown = (await body.textContent())!;
    expect(shown).toContain('⟨U+202E⟩');
    expect(shown).toContain('⟨ESC⟩');
    expect(shown).not.toMatch(/[\u202e\u001b]/);
    expect(shown).toContain('<img src=');
    expect(await s.page.locator('#injected').count()).toBe(0);
    expect(s.requests.filter((u) => !u.startsWith(server.url))).toEqual([]);
    expect(s.errors).toEqual([]);
    await s.context.close();
  });

  it('lists agents under the minimum without ranking them, and says why', async () => {
    const s = await session();
    await signIn(s.page, leadToken, '/agents?min=100000');
    expect(await s.page.textContent('#unranked-note')).toMatch(/fewer than 100000 interactions here: listed in grey, but not ranked or put in a quadrant/);
    expect(await s.page.locator('#agents tbody tr.unranked').count()).toBe(await s.page.locator('#agents tbody tr').count());
    await s.page.click('#agents th:has-text("CSAT")');
    expect(await s.page.getAttribute('#agents th:has-text("CSAT")', 'aria-sort')).toBe('ascending');
    expect(s.errors).toEqual([]);
    await s.context.close();
  });

  it('signs the first admin in once with the link printed at start', async () => {
    const first = await fetch(server.loginLink, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('set-cookie')).toMatch(/voc_session=.+HttpOnly; SameSite=Strict/);
    const again = await fetch(server.loginLink, { redirect: 'manual' });
    expect(again.headers.get('location')).toMatch(/^\/login\?failed=1/);
    expect(readFileSync(join(ARTIFACTS, '4-interaction.png')).subarray(1, 4).toString()).toBe('PNG');
  });
});
