import { describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate.ts';
import { toInteraction } from '../ingest/validate.ts';
import { createScorer } from '../pipeline/score.ts';
import { openPostgres, type Db } from '../store/db.ts';
import { loadMigrations, migrate } from '../store/migrate.ts';
import { compactStoredScores, decodeDetail, encodeDetail } from '../store/score-detail.ts';
import { readShowRecord } from '../store/show.ts';
import { freshDatabase } from './services.ts';

describe('compact score detail', () => {
  it('decodes to exactly what the scorer produced, in a fraction of the JSON', () => {
    const scorer = createScorer();
    let whole = 0;
    let compact = 0;
    const ids = new Map<string, number>();
    for (const r of generateDemo({ n: 400, seed: 3 })) {
      const s = scorer.score(toInteraction(r as unknown as Record<string, unknown>), { priorContacts: 1 });
      const text = encodeDetail(s);
      whole += JSON.stringify(s).length;
      compact += text.length;
      expect(decodeDetail(text, s.interaction_id, s.scorer_version)).toEqual(s);
      // With the cue names kept once in a table and referred to by id.
      for (const t of JSON.parse(text).e) if (typeof t[4] === 'string' && !ids.has(t[4])) ids.set(t[4], ids.size + 1);
      const names = new Map([...ids].map(([k, v]) => [v, k]));
      const short = encodeDetail(s, ids);
      expect(short.length).toBeLessThan(text.length);
      expect(decodeDetail(short, s.interaction_id, s.scorer_version, names)).toEqual(s);
    }
    expect(compact / whole).toBeLessThan(0.5);
  });

  it('reads a whole result stored before the compact form as it is', () => {
    const s = { interaction_id: 'x', scorer_version: 'v', sentiment: { score: 0 } };
    expect(decodeDetail(JSON.stringify(s), 'x', 'v')).toEqual(s);
  });
});

/** A database scored before migration 010 (whole results in JSONB, one turns row per turn) is upgraded in place. */
async function upgradesInPlace(db: Db) {
  await migrate(db, loadMigrations().filter((m) => m.id < 10));
  const scorer = createScorer();
  const records = [...generateDemo({ n: 10, seed: 5 })].map((r) => toInteraction(r as unknown as Record<string, unknown>));
  const scores = records.map((x) => scorer.score(x, { priorContacts: 0 }));
  for (const x of records) {
    await db.query(`INSERT INTO interactions (interaction_id, channel, agent_id, started_at, content_hash) VALUES ($1, $2, $3, $4, 'h')`, [x.interaction_id, x.channel, x.agent_id, x.started_at]);
    for (const [k, t] of x.turns.entries()) {
      await db.query('INSERT INTO turns (interaction_id, turn_index, speaker, text, start_s, end_s) VALUES ($1, $2, $3, $4, $5, $6)', [x.interaction_id, k, t.speaker, t.text, t.start_s ?? null, t.end_s ?? null]);
    }
  }
  for (const s of scores) {
    await db.query(`INSERT INTO scores (interaction_id, scorer_version, sentiment, sentiment_label, empathy_applicable, effort, predicted_ces, intent, intent_confidence, detail)
      VALUES ($1, $2, 0, 'neutral', $3, 0, 1, 'other', 0, $4::jsonb)`, [s.interaction_id, s.scorer_version, s.empathy.applicable, JSON.stringify(s)]);
  }
  await migrate(db);
  expect(await compactStoredScores(db)).toBe(scores.length);
  expect((await db.query(`SELECT to_regclass('scores_to_compact') AS t`)).rows[0]!.t).toBeNull();
  const { rows } = await db.query<{ detail: { f: number } }>('SELECT detail FROM scores');
  expect(rows.every((r) => (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail).f === 1)).toBe(true);
  for (const [k, s] of scores.entries()) {
    const shown = await readShowRecord(db, s.interaction_id, s.scorer_version);
    expect(shown!.score!.detail).toEqual(s);
    expect(shown!.interaction.turns.map((t) => t.text)).toEqual(records[k]!.turns.map((t) => t.text));
  }
  const turns = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM turn_scores');
  expect(turns.rows[0]!.n).toBe(scores.reduce((n, s) => n + s.sentiment.turns.length, 0));
}

describe('migration 010 on a database scored before it', () => {
  it('compacts every stored score and keeps what `voc show` reads', async () => {
    const fresh = await freshDatabase();
    const db = await openPostgres(fresh.url);
    try {
      await upgradesInPlace(db);
    } finally {
      await db.close();
      await fresh.drop();
    }
  }, 60_000);
});
