/**
 * Scorecard figures in the reports: `voc report agents` carries each agent's pass rate, mean score and
 * the items failed most (table, CSV, JSON), the coaching export names the items each interaction
 * failed, and the HTML report has a QA scorecard section. Checked against the stored evaluations.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseString } from 'fast-csv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCORER_VERSION } from '../pipeline/version.ts';
import { htmlReport } from '../report/html.ts';
import { DEFAULT_SCORECARD, evaluatePending, loadScorecardFile } from '../workers/scorecard.ts';
import { vocOk } from './cli.ts';
import { demoStore, type DemoStore } from './report-fixture.ts';

let store: DemoStore;
const card = loadScorecardFile(DEFAULT_SCORECARD);

beforeAll(async () => {
  store = await demoStore(300, 21, 'oracle');
}, 120_000);
afterAll(async () => {
  await store?.close();
});

describe('scorecard figures in the reports', () => {
  it('voc report agents: pass rate, mean score and worst items per agent', async () => {
    const env = { DATABASE_URL: store.url };
    // A report reads the evaluations stored; before `voc scorecard score` it says what is missing.
    const before = await vocOk(['report', 'agents', '--format', 'csv'], env);
    expect(before.stderr).toMatch(/note: 300 scored interaction\(s\) are not evaluated on the scorecard .* run `voc scorecard score`/);
    await vocOk(['scorecard', 'score'], env);
    const after = await vocOk(['report', 'agents', '--format', 'json'], env);
    expect(after.stderr).toBe('');
    const json = JSON.parse(after.stdout) as { agent_id: string; scorecard: { evaluations: number; pass_rate: number; mean_score: number; worst_items: { item: string; fail_rate: number }[] } | null }[];
    const { rows } = await store.db.query<{ agent_id: string; n: number; pass: number; mean: number }>(
      `SELECT i.agent_id, count(*)::int AS n, avg(CASE WHEN e.passed THEN 1.0 ELSE 0.0 END)::float8 AS pass, avg(e.score)::float8 AS mean
       FROM scorecard_evaluations e JOIN interactions i USING (interaction_id)
       WHERE e.scorecard_version = $1 AND e.score IS NOT NULL AND i.agent_id IS NOT NULL GROUP BY 1`, [card.version]);
    expect(rows.length).toBeGreaterThan(3);
    for (const r of rows) {
      const a = json.find((x) => x.agent_id === r.agent_id)!;
      expect(a.scorecard!.evaluations).toBe(r.n);
      expect(a.scorecard!.pass_rate).toBeCloseTo(r.pass, 6);
      expect(a.scorecard!.mean_score).toBeCloseTo(r.mean, 3);
      const rates = a.scorecard!.worst_items.map((w) => w.fail_rate);
      expect(rates).toEqual([...rates].sort((x, y) => y - x));
      expect(rates.every((x) => x > 0)).toBe(true);
    }
    const table = (await vocOk(['report', 'agents'], env)).stdout;
    expect(table).toMatch(/QA pass\s.*QA score/);
    expect(table).toContain("most often an agent's worst item:");
    const csv = (await vocOk(['report', 'agents', '--format', 'csv'], env)).stdout;
    expect(csv.split('\n')[0]).toMatch(/,qa_evaluations,qa_pass_rate,qa_mean_score,qa_worst_items$/);
  });

  it('the coaching export names the items each interaction failed', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'voc-coaching-')), 'coaching.csv');
    await vocOk(['export', 'coaching', '--out', out], { DATABASE_URL: store.url });
    const csv = readFileSync(out, 'utf8');
    expect(csv.split('\n')[0]!.split(',').at(-1)).toBe('failed_items');
    const records = await new Promise<Record<string, string>[]>((resolve, reject) => {
      const got: Record<string, string>[] = [];
      parseString(csv, { headers: true }).on('data', (r) => got.push(r)).on('error', reject).on('end', () => resolve(got));
    });
    const { rows } = await store.db.query<{ interaction_id: string; items: string }>(
      `SELECT interaction_id, string_agg(item, '; ' ORDER BY item) AS items FROM scorecard_answers WHERE scorecard_version = $1 AND answer = 'no' GROUP BY 1`, [card.version]);
    const failed = new Map(rows.map((r) => [r.interaction_id, r.items]));
    expect(records.length).toBeGreaterThan(10);
    let named = 0;
    for (const r of records) {
      expect(r.failed_items).toBe(failed.get(r.interaction_id) ?? '');
      if (r.failed_items) named++;
    }
    expect(named).toBeGreaterThan(0);
  });

  it('the HTML report has a QA scorecard section', async () => {
    await evaluatePending(store.db, card, SCORER_VERSION);
    const page = await htmlReport(store.db, { scorerVersion: SCORER_VERSION, scorecard: { name: card.name, version: card.version, questions: new Map(card.items.map((i) => [i.id, i.question])) } });
    expect(page).toContain('<h2 id="scorecard">QA scorecard</h2>');
    expect(page).toContain('items failed most');
    expect(page).toContain(card.items[0]!.question.replace(/'/g, '&#39;'));
    const without = await htmlReport(store.db, { scorerVersion: SCORER_VERSION });
    expect(without).not.toContain('id="scorecard"');
  });
});
