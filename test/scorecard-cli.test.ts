/**
 * QA scorecards end to end on real PostgreSQL: every scored demo interaction evaluated and stored per
 * item, `voc scorecard explain`, `voc report scorecard`, `voc import reviews` (bad rows named, the
 * automatic answers untouched) and `voc calibrate scorecard` recovering the demo reviewers' known
 * agreement within its intervals.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoReviews } from '../demo/reviewers.ts';
import { parseScorecard } from '../pipeline/scorecard/scorecard.ts';
import { SCORER_VERSION } from '../pipeline/version.ts';
import { readAutoAnswers } from '../store/scorecards.ts';
import { DEFAULT_SCORECARD, evaluatePending, loadScorecardFile } from '../workers/scorecard.ts';
import { voc, vocOk } from './cli.ts';
import { demoStore, type DemoStore } from './report-fixture.ts';

describe('QA scorecards on a stored demo', () => {
  let store: DemoStore;
  let env: Record<string, string | undefined>;
  const dir = mkdtempSync(join(tmpdir(), 'voc-scorecard-'));
  const card = loadScorecardFile(DEFAULT_SCORECARD);
  beforeAll(async () => {
    store = await demoStore(400, 11, 'real');
    env = { DATABASE_URL: store.url, REDIS_URL: undefined, VOC_DATA_DIR: dir, VOC_SCORECARD: undefined };
  });
  afterAll(async () => store?.close());

  it('evaluates every scored interaction once per scorecard version, per item', async () => {
    const r = await vocOk(['scorecard', 'score'], env);
    expect(r.stdout).toMatch(/^400 interaction\(s\) evaluated/);
    const { rows } = await store.db.query<{ n: string; answers: string }>(
      `SELECT count(*) AS n, (SELECT count(*) FROM scorecard_answers WHERE scorecard_version = $1) AS answers
       FROM scorecard_evaluations WHERE scorecard_version = $1 AND scorer_version = $2`, [card.version, SCORER_VERSION]);
    expect(Number(rows[0]!.n)).toBe(400);
    expect(Number(rows[0]!.answers)).toBe(400 * card.items.length);
    expect(await evaluatePending(store.db, card, SCORER_VERSION)).toBe(0);
    // A changed scorecard is a new version, evaluated again.
    const json = JSON.parse(readFileSync(DEFAULT_SCORECARD, 'utf8'));
    json.pass_mark = 70;
    const changed = parseScorecard(json);
    expect(changed.version).not.toBe(card.version);
    expect(await evaluatePending(store.db, changed, SCORER_VERSION)).toBe(400);
  });

  it('explains one interaction item by item, and reports pass rates by item', async () => {
    const id = store.records.find((r) => r.record.channel === 'call')!.record.interaction_id;
    const text = (await vocOk(['scorecard', 'explain', DEFAULT_SCORECARD, '--id', id], env)).stdout;
    expect(text).toContain(`${id} on "${card.name}"`);
    for (const item of card.items) expect(text).toContain(item.id);
    const missing = await voc(['scorecard', 'explain', '--id', 'nope'], env);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/no interaction "nope"/);
    const rows = JSON.parse((await vocOk(['report', 'scorecard', '--by', 'item', '--format', 'json'], env)).stdout);
    expect(rows.map((r: { group: string }) => r.group).sort()).toEqual(card.items.map((i) => i.id).sort());
    for (const r of rows) if (r.pass_rate !== null) expect(r.pass_rate).toBeGreaterThanOrEqual(0);
  });

  it('imports reviews beside the automatic answers and recovers the reviewers\' known agreement', async () => {
    const auto = await readAutoAnswers(store.db, card.version, SCORER_VERSION, { conversationsOnly: true });
    const { reviews, expected } = demoReviews(auto, { sample: 150, seed: 4 });
    const file = join(dir, 'reviews.csv');
    const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    writeFileSync(file, ['interaction_id,reviewer,item,answer,comment', ...reviews.map((r) => [r.interaction_id, r.reviewer, r.item, r.answer, r.comment].map(cell).join(',')),
      `${reviews[0]!.interaction_id},x,no_such_item,yes,`, `${reviews[0]!.interaction_id},x,greeting,maybe,`].join('\n') + '\n');
    const before = await store.db.query('SELECT count(*) AS n FROM scorecard_answers');
    const imp = await vocOk(['import', 'reviews', file], env);
    expect(imp.stdout).toContain(`${reviews.length.toLocaleString('en-US')} review answer(s) stored`);
    expect(imp.stderr).toMatch(/line \d+: item "no_such_item" is not on the scorecard/);
    expect(imp.stderr).toMatch(/line \d+: answer "maybe" is not yes, no or na/);
    expect((await store.db.query('SELECT count(*) AS n FROM scorecard_answers')).rows).toEqual(before.rows);

    const a = JSON.parse((await vocOk(['calibrate', 'scorecard', '--json'], env)).stdout);
    expect(a.items.map((i: { item: string }) => i.item)).toEqual(card.items.map((i) => i.id));
    for (const item of a.items) expect(Object.keys(item)).toEqual(expect.arrayContaining(['exact_agreement', 'kappa', 'n']));
    for (const r of a.per_reviewer) {
      const want = expected.per_reviewer[r.reviewer]!;
      expect(r.exact_ci[0]).toBeLessThanOrEqual(want);
      expect(r.exact_ci[1]).toBeGreaterThanOrEqual(want);
    }
    expect(a.between_reviewers.exact_ci[0]).toBeLessThanOrEqual(expected.between);
    expect(a.between_reviewers.exact_ci[1]).toBeGreaterThanOrEqual(expected.between);
    expect(a.total.n).toBe(300);
  });
});
