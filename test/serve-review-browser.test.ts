/**
 * QA review in a real browser (Debian's Chromium through playwright-core) against a running `voc
 * serve` on PostgreSQL: a lead picks conversations for review, a reviewer scores one beside the
 * automatic answers, the agent disputes an answer, the lead accepts it, and the calibration page shows
 * the figures of `voc calibrate scorecard`. No console errors, no request leaves the server.
 * Screenshots are kept in out/test-artifacts/serve/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signIn as signInAt } from './browser.ts';
import { demoReviews } from '../demo/reviewers.ts';
import { SCORER_VERSION } from '../pipeline/version.ts';
import { createToken } from '../store/access.ts';
import { readAutoAnswers, writeReviews } from '../store/scorecards.ts';
import { DEFAULT_SCORECARD, evaluatePending, loadScorecardFile } from '../workers/scorecard.ts';
import { vocOk } from './cli.ts';
import { startServer, type RunningServer } from './serve-fixture.ts';

const ARTIFACTS = join(import.meta.dirname, '..', 'out', 'test-artifacts', 'serve');

let server: RunningServer;
let browser: Browser;
let team = '';
let leadToken = '';
let reviewerToken = '';

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer(240, 8, 'oracle');
  const db = server.store.db;
  team = (await db.query<{ team: string }>('SELECT team FROM interactions WHERE team IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1')).rows[0]!.team;
  // Two reviewers' earlier reviews (a very strict one and a lenient one), so calibration has figures
  // and some items fall below the 80% agreement line.
  const card = loadScorecardFile(DEFAULT_SCORECARD);
  await evaluatePending(db, card, SCORER_VERSION);
  const auto = await readAutoAnswers(db, card.version, SCORER_VERSION, { conversationsOnly: true });
  const reviewers = [{ name: 'strict.reviewer', yesToNo: 0.4, noToYes: 0 }, { name: 'lenient.reviewer', yesToNo: 0, noToYes: 0.3 }];
  await writeReviews(db, demoReviews(auto, { sample: 100, seed: 3, reviewers }).reviews, 'qa-history.csv');
  leadToken = (await createToken(db, { role: 'lead', teams: [team], label: 'Lena' })).token;
  reviewerToken = (await createToken(db, { role: 'reviewer', teams: [team], label: 'Rita' })).token;
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function session(token: string, next = '/') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  await signInAt(page, server.url, token, next);
  return {
    page,
    async close() {
      expect(errors).toEqual([]);
      expect(requests.filter((u) => !u.startsWith(server.url))).toEqual([]);
      await context.close();
    },
  };
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
const row = (page: Page, item: string) => page.locator(`#scorecard-items tr[data-item="${item}"]`);

describe('QA review in a browser', () => {
  it('a lead samples, a reviewer scores, the agent disputes, the lead accepts, calibration shows the numbers', async () => {
    // The lead picks the five lowest-scored conversations of the team.
    const lead = await session(leadToken, '/reviews');
    await lead.page.fill('#sample-form input[name="n"]', '5');
    await lead.page.selectOption('#sample-form select[name="method"]', { label: 'lowest automatic score first' });
    await lead.page.click('#sample-form button:has-text("Add to review queue")');
    await expect.poll(() => lead.page.textContent('#added')).toContain('5 conversation(s) added');
    expect(await lead.page.locator('#review-queue tbody tr').count()).toBe(5);
    expect(await lead.page.locator('#review-queue .status.open').count()).toBe(5);
    const scores = (await lead.page.locator('#review-queue tbody td:nth-child(6)').allTextContents()).map(Number);
    const { rows: worst } = await server.store.db.query<{ score: number }>(
      `SELECT round(e.score)::int AS score FROM scorecard_evaluations e JOIN interactions i USING (interaction_id)
       WHERE i.team = $1 AND i.agent_id IS NOT NULL AND e.score IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM scorecard_reviews r WHERE r.interaction_id = i.interaction_id) ORDER BY e.score LIMIT 5`, [team]);
    expect(scores.sort((a, b) => a - b)).toEqual(worst.map((w) => w.score));
    await shot(lead.page, 'review-1-queue');
    await lead.close();

    // The reviewer opens the first conversation to review and answers two questions.
    const reviewer = await session(reviewerToken);
    await expect.poll(() => reviewer.page.textContent('h1')).toBe('Review queue');
    const first = reviewer.page.locator('#review-queue tbody tr').first();
    const id = (await first.getAttribute('data-interaction'))!;
    await first.locator('a:has-text("Review")').click();
    await expect.poll(() => reviewer.page.textContent('h1')).toBe(`Interaction ${id}`);
    const card = loadScorecardFile(DEFAULT_SCORECARD);
    expect(await reviewer.page.locator('#scorecard-items tbody tr').count()).toBe(card.items.length);
    expect(await reviewer.page.textContent('#scorecard-score')).toMatch(/Automatic score \d+ of 100/);
    const autoClosing = (await row(reviewer.page, 'closing').locator('td.auto .answer').textContent())!;
    const mine = autoClosing === 'Yes' ? 'no' : 'yes';
    await row(reviewer.page, 'greeting').locator('input[value="yes"]').check();
    await row(reviewer.page, 'closing').locator(`input[value="${mine}"]`).check();
    await row(reviewer.page, 'closing').locator('input[type="text"]').fill('No goodbye at the end.');
    await reviewer.page.click('button:has-text("Save my review")');
    await expect.poll(() => reviewer.page.textContent('#review-saved')).toContain('2 answer(s)');
    expect(await row(reviewer.page, 'closing').locator('td.people').textContent()).toContain('Rita');
    expect(await row(reviewer.page, 'closing').locator('td.people').textContent()).toContain('No goodbye at the end.');
    // The automatic answer is still there, beside the reviewer's.
    expect(await row(reviewer.page, 'closing').locator('td.auto .answer').textContent()).toBe(autoClosing);
    expect(await row(reviewer.page, 'closing').locator('td.counts').textContent()).toContain('by Rita');
    expect(await row(reviewer.page, 'closing').locator(`input[value="${mine}"]`).isChecked()).toBe(true);
    await shot(reviewer.page, 'review-2-scored');
    await reviewer.page.locator('#scorecard').screenshot({ path: join(ARTIFACTS, 'review-scorecard.png') });
    await reviewer.page.click('header.top a:has-text("Reviews")');
    expect(await reviewer.page.locator(`#review-queue tr[data-interaction="${id}"]`).textContent()).toContain('Rita');
    // A reviewer does not settle disputes or coach.
    expect(await reviewer.page.locator('header.top a:has-text("Disputes")').count()).toBe(0);
    await reviewer.close();

    // The agent of that conversation disputes the reviewer's answer on closing.
    const { rows: [owner] } = await server.store.db.query<{ agent_id: string }>('SELECT agent_id FROM interactions WHERE interaction_id = $1', [id]);
    const agentToken = (await createToken(server.store.db, { role: 'agent', agent: owner!.agent_id })).token;
    const agent = await session(agentToken);
    // The agent's own page lists their latest evaluations, each a link to its answers.
    await expect.poll(() => agent.page.textContent('h1')).toBe(`Agent ${owner!.agent_id}`);
    expect(await agent.page.locator('#evaluations tbody tr').count()).toBeGreaterThan(0);
    expect(await agent.page.locator('#figures').textContent()).toContain('QA pass rate');
    await agent.page.goto(`${server.url}/interactions/${encodeURIComponent(id)}`);
    await expect.poll(() => agent.page.textContent('h1')).toBe(`Interaction ${id}`);
    expect(await agent.page.locator('#review-form').count()).toBe(0);
    await row(agent.page, 'closing').locator('summary:has-text("Dispute this answer")').click();
    await row(agent.page, 'closing').locator('textarea[name="reason"]').fill('I said "have a good day" in my last turn.');
    await row(agent.page, 'closing').locator('button:has-text("Send dispute")').click();
    await expect.poll(() => row(agent.page, 'closing').locator('.dispute').textContent()).toContain('waiting for a lead');
    await shot(agent.page, 'review-3-disputed');
    await agent.page.click('header.top a:has-text("My disputes")');
    expect(await agent.page.locator('#disputes tbody tr').count()).toBe(1);
    await agent.close();

    // The lead accepts: the answer changes to the one the lead gives, kept as the lead's review.
    const lead2 = await session(leadToken, '/disputes');
    await expect.poll(() => lead2.page.textContent('h1')).toBe('Disputes');
    const dispute = lead2.page.locator('#disputes tbody tr').first();
    expect(await dispute.textContent()).toContain('have a good day');
    await dispute.locator('select[name="answer"]').selectOption(mine === 'no' ? 'yes' : 'no');
    await dispute.locator('input[name="note"]').fill('Agreed, the goodbye is there.');
    await shot(lead2.page, 'review-4-dispute');
    await dispute.locator('button:has-text("Accept")').click();
    await expect.poll(() => lead2.page.locator('#disputes .status.acknowledged').count()).toBe(1);
    expect(await lead2.page.locator('#disputes tbody tr').first().textContent()).toContain('accepted');
    await lead2.page.goto(`${server.url}/interactions/${encodeURIComponent(id)}#scorecard`);
    expect(await row(lead2.page, 'closing').locator('td.counts').textContent()).toContain(`${mine === 'no' ? 'Yes' : 'No'}by Lena`);
    expect(await row(lead2.page, 'closing').locator('td.people').textContent()).toContain('settling a dispute');

    // Calibration shows the figures of `voc calibrate scorecard` for the lead's team.
    await lead2.page.click('header.top a:has-text("Calibration")');
    await expect.poll(() => lead2.page.textContent('h1')).toBe('Can the automatic scorecard be trusted?');
    await shot(lead2.page, 'review-5-calibration');
    await lead2.close();

    // The same figures from the command, on the same team (the admin's scope would be every team).
    const shown = await calibrationRows(leadToken);
    expect(shown.length).toBe(card.items.length + 1);
    const cli = JSON.parse((await vocOk(['calibrate', 'scorecard', '--json'], { DATABASE_URL: server.store.url })).stdout);
    const admin = await calibrationRows(server.adminToken);
    for (const item of cli.items as { item: string; n: number; exact_agreement: number | null; kappa: number | null; trusted: boolean }[]) {
      const r = admin.find((x) => x.item === item.item)!;
      expect([r.n, r.exact, r.kappa]).toEqual([item.n, item.exact_agreement, item.kappa]);
      expect(r.verdict).toBe(item.trusted ? 'can be trusted' : item.n < cli.min_n ? 'too few reviews to tell' : 'do not trust automatically yet');
    }
    expect(admin.some((r) => r.verdict === 'do not trust automatically yet')).toBe(true);

    const audit = await server.store.db.query<{ action: string; role: string }>('SELECT action, role FROM audit_log ORDER BY audit_id');
    expect(audit.rows.map((r) => `${r.action}/${r.role}`)).toEqual(['review.sample/lead', 'review.save/reviewer', 'dispute.open/agent', 'dispute.accept/lead']);
  });
});

/** The agreement table of the calibration page as a token sees it. */
async function calibrationRows(token: string) {
  const s = await session(token, '/calibration');
  const rows = await s.page.$$eval('#agreement tbody tr', (trs) => trs.map((tr) => ({
    item: tr.getAttribute('data-item')!,
    n: Number(tr.getAttribute('data-n')),
    exact: tr.getAttribute('data-exact') ? Number(tr.getAttribute('data-exact')) : null,
    kappa: tr.getAttribute('data-kappa') ? Number(tr.getAttribute('data-kappa')) : null,
    verdict: tr.querySelector('.verdict')?.textContent ?? '',
  })));
  await s.close();
  return rows;
}
