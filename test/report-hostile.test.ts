/**
 * The whole HTML report on a hostile data set (see hostile-fixture.ts), checked in a real browser:
 * every chart draws or says why it cannot, no number is unreadable, the tables fit the page, and
 * agents with too few interactions are listed but not ranked. The screenshot is kept in
 * test/artifacts/ (not committed) for a person to look at.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.ts';
import { vocOk } from './cli.ts';
import { hostileStore, type HostileStore } from './hostile-fixture.ts';

const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

/** Numbers no person should have to read: long decimals, exponents, huge minute counts, NaN. */
const UNREADABLE: [string, RegExp][] = [
  ['a long decimal', /\d\.\d{5,}/],
  // A whole token (not the inside of a hex id such as the scorer version's lexicon hash).
  ['an exponent', /\b\d(\.\d+)?e[-+]?\d+\b/i],
  ['a count of minutes past an hour', /(^|[^\d:])\d{3,}:\d\d(?!:)/],
  ['a number of eight or more digits', /\d{8,}/],
  ['NaN, Infinity or undefined', /\b(NaN|Infinity|undefined|null)\b/],
  ['a negative zero', /(^|[\s(])[−-]0(\.0+)?(?![.\d])/],
];

describe('voc report html on hostile data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'voc-hostile-'));
  const file = join(dir, 'report.html');
  let store: HostileStore;
  let browser: Browser;
  beforeAll(async () => {
    store = await hostileStore();
    await vocOk(['report', 'html', '--out', file], { DATABASE_URL: store.url });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws every chart or explains itself, prints no unreadable number, and fits the page', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`file://${file}`);
    expect(errors).toEqual([]);

    const figures = await page.locator('figure[data-chart]').evaluateAll((els) =>
      els.map((f) => ({
        name: f.getAttribute('data-chart'),
        marks: f.querySelectorAll('svg path[role="graphics-symbol"], svg path[aria-roledescription]').length,
        why: f.querySelector('p.why')?.textContent ?? '',
      })),
    );
    expect(figures.length).toBeGreaterThanOrEqual(4);
    for (const f of figures) expect(f.marks > 0 || f.why.length > 20, `${f.name} draws or explains itself`).toBe(true);
    const byName = Object.fromEntries(figures.map((f) => [f.name, f]));
    expect(byName.drivers!.why).toMatch(/^No survey answers: drivers of CSAT cannot be estimated; here is effort by reason instead/);
    expect(byName.drivers!.marks, 'effort by reason drawn instead').toBeGreaterThan(0);
    expect(byName.quadrant!.why).toMatch(/Only 1 agent has 20\+ interactions.*300 more have fewer/);
    expect(byName['csat-trend']!.why).toMatch(/No survey answers/);

    const text = await page.evaluate(() => document.body.innerText + '\n' + [...document.querySelectorAll('svg text')].map((t) => t.textContent).join('\n'));
    // The scorer version's lexicon hashes are hex and may happen to be all digits.
    const prose = text.replace(/\b(lex|zh)\.?[0-9a-f]{8,}\b/g, '');
    for (const [what, re] of UNREADABLE) expect(prose.match(re)?.[0], `no ${what} on the page`).toBeUndefined();
    expect(text).not.toMatch(/blame|left out: empathy/i);

    // One ranked agent; the 300 with one interaction each are listed as too few, without a quadrant.
    expect(await page.locator('#agents tbody tr').count()).toBe(1);
    expect(await page.locator('#too-few summary').textContent()).toMatch(/300 agents with too few interactions/);
    const quadrants = await page.locator('#agents-too-few tbody tr td:last-child').allTextContents();
    expect(new Set(quadrants)).toEqual(new Set(['too few']));
    expect(await page.locator('#agents-too-few tbody tr td:nth-child(5)').first().textContent()).toBe('–');

    // Nothing wider than the page: no sideways scrolling of the page or of a table.
    await page.locator('#too-few summary').click();
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      view: document.documentElement.clientWidth,
      tables: [...document.querySelectorAll('.table-wrap')].map((w) => [w.scrollWidth, w.clientWidth]),
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.view);
    for (const [scroll, client] of widths.tables) expect(scroll).toBeLessThanOrEqual(client!);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('#too-few summary').click();
    await page.screenshot({ path: join(ARTIFACTS, 'hostile-report.png'), fullPage: true });
    await page.close();
  });

  it('analyze drivers says there are no survey answers instead of blaming a driver', async () => {
    const out = await vocOk(['analyze', 'drivers', '--bootstrap', '50'], { DATABASE_URL: store.url });
    expect(out.stdout).toMatch(/No survey answers: no interaction here has a CSAT answer, so the drivers of CSAT cannot be estimated/);
    expect(out.stdout).not.toMatch(/left out/);
  });

  it('the agent table in the terminal says "too few" and shows the ten-day handle time readably', async () => {
    const out = await vocOk(['report', 'agents', '--format', 'table'], { DATABASE_URL: store.url });
    expect(out.stdout).toMatch(/S001 .*too few \(1\)/);
    const big = await vocOk(['report', 'agent', 'BIG', '--limit', '1'], { DATABASE_URL: store.url });
    expect(big.stdout).toMatch(/AHT \d:\d\d/);
    for (const [what, re] of UNREADABLE.slice(0, 4)) expect(out.stdout.match(re)?.[0], `no ${what}`).toBeUndefined();
  });
});
