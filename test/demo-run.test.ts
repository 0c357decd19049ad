/**
 * `voc demo`, the README's first command, end to end on the no-server default (embedded database, in-
 * process queue) in an empty folder: it scores everything, prints the agent table with its QA figures
 * and the driver headline, writes the coaching export, the report (with its QA section) and the demo
 * reviews, and a second run stores nothing new.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { vocOk } from './cli.ts';

describe('voc demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'voc-demo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { DATABASE_URL: '', REDIS_URL: '', VOC_DATA_DIR: join(dir, '.voc') };

  it('scores the sample centre with no servers and prints what a new user needs', async () => {
    const { stdout } = await vocOk(['demo', '-n', '800', '--seed', '3'], env, dir);
    expect(stdout).toMatch(/800 of 800 interactions scored/);
    expect(stdout).toMatch(/│ agent +│ team +│ +n │ +empathy │.*│ QA pass │ QA score │/);
    expect(stdout).toMatch(/What drives CSAT: .*empathy moves CSAT by \+0\.\d\d/);
    expect(stdout).toMatch(/QA scorecard: every interaction evaluated/);
    const out = join(dir, '.voc', 'demo');
    for (const f of ['interactions.jsonl', 'coaching.csv', 'report.html', 'reviews.csv']) expect(existsSync(join(out, f)), f).toBe(true);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('id="reviews"');
    expect(html).toContain('id="scorecard"');
  });

  it('stores nothing new when run again', async () => {
    const { stdout } = await vocOk(['demo', '-n', '800', '--seed', '3'], env, dir);
    expect(stdout).toMatch(/800 of 800 interactions scored/);
    expect(stdout).toMatch(/0 new, 0 changed, 800 unchanged/);
  });
});
