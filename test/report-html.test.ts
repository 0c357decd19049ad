/**
 * `voc report html` in a real browser (Debian's Chromium through playwright-core): the page loads
 * from the file alone with no console errors and no network, every chart is drawn, the agent table
 * sorts, data cannot inject markup, and a screenshot is taken. Fails, never skips, without Chromium
 * (`.ci/run` installs it).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.ts';
import { vocOk } from './cli.ts';
import { demoStore, type DemoStore } from './report-fixture.ts';

describe('voc report html', () => {
  const dir = mkdtempSync(join(tmpdir(), 'voc-html-'));
  const file = join(dir, 'report.html');
  let store: DemoStore;
  let browser: Browser;
  beforeAll(async () => {
    store = await demoStore(900, 11, 'real');
    // An agent id that is markup must come out as text.
    await store.db.query(`UPDATE interactions SET agent_id = '<b id="injected">A01</b>' WHERE agent_id = 'A01'`);
    const out = await vocOk(['report', 'html', '--out', file], { DATABASE_URL: store.url });
    expect(out.stdout).toContain(file);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is one file that needs nothing from the network', () => {
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('loads without errors, draws every chart, sorts the table, escapes data, and looks like a report', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
    await page.goto(`file://${file}`);

    expect(errors).toEqual([]);
    expect(requests).toEqual([`file://${file}`]);
    expect(await page.textContent('#headline')).toMatch(/one standard deviation more empathy moves CSAT/);
    for (const chart of ['drivers', 'quadrant', 'empathy-trend', 'csat-trend']) {
      const marks = await page.locator(`figure[data-chart="${chart}"] svg path`).count();
      expect(marks, `${chart} chart marks`).toBeGreaterThan(3);
    }

    const csatColumn = async () => (await page.locator('#agents tbody tr td:nth-child(11)').allTextContents()).map(Number);
    await page.click('#agents th:has-text("CSAT")');
    const ascending = await csatColumn();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await page.click('#agents th:has-text("CSAT")');
    const descending = await csatColumn();
    expect(descending).toEqual([...ascending].reverse());

    expect(await page.locator('#injected').count()).toBe(0);
    expect(await page.locator('#agents').textContent()).toContain('<b id="injected">A01</b>');

    const shot = join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(shot).size).toBeGreaterThan(50_000);
    await page.close();
  });
});
