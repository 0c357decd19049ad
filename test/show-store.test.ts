/**
 * `voc show` against a real PostgreSQL: the interaction, its turns and its latest score read back and
 * rendered, `--json` for the raw record, a clear error for an unknown id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readShowRecord } from '../store/show.ts';
import { openPostgres, type Db } from '../store/db.ts';
import { upsertInteractions } from '../store/ingest-batch.ts';
import { migrate } from '../store/migrate.ts';
import { voc } from './cli.ts';
import { freshDatabase } from './services.ts';
import { INTERACTION, SCORES } from './show-fixture.ts';

describe('voc show', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await freshDatabase();
    db = await openPostgres(database.url);
    await migrate(db);
    await upsertInteractions(db, [INTERACTION], 'test');
    const insert = `INSERT INTO scores (interaction_id, scorer_version, sentiment, sentiment_label, empathy_applicable, empathy,
      empathy_statements, ownership_statements, effort, predicted_ces, intent, intent_confidence, detail, scored_at)
      VALUES ($1, $2, -0.4, 'negative', true, $3, 35, 50, 55, 4.75, 'delivery', 0.8, $4, $5)`;
    // An older version's score, and the current one: show reads the current one.
    await db.query(insert, ['SHOW-1', '0.0.1', 10, JSON.stringify({ ...SCORES, scorer_version: '0.0.1' }), '2026-09-02T00:00:00Z']);
    await db.query(insert, ['SHOW-1', SCORES.scorer_version, 35, JSON.stringify(SCORES), '2026-09-01T00:00:00Z']);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('reads the interaction, its turns and the score of the current version', async () => {
    const r = await readShowRecord(db, 'SHOW-1', SCORES.scorer_version);
    expect(r!.interaction.turns.map((t) => t.text)).toEqual(INTERACTION.turns.map((t) => t.text));
    expect(r!.interaction.kpis).toMatchObject({ csat: 2, ces: 6, transfers: 1 });
    expect(r!.score!.scorer_version).toBe(SCORES.scorer_version);
    expect(r!.score!.detail.empathy.score).toBe(35);
    expect(await readShowRecord(db, 'nope', SCORES.scorer_version)).toBeNull();
  });

  it('prints the transcript, and the raw record with --json', async () => {
    const text = await voc(['show', 'SHOW-1'], { DATABASE_URL: database.url });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('«Third time» calling');
    expect(text.stdout).toContain('Empathy 35/100');
    const json = await voc(['show', 'SHOW-1', '--json'], { DATABASE_URL: database.url });
    expect(JSON.parse(json.stdout).score.detail.effort.predicted_ces).toBe(4.75);
  });

  it('fails clearly on an unknown id', async () => {
    const r = await voc(['show', 'NO-SUCH-ID'], { DATABASE_URL: database.url });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no interaction with id "NO-SUCH-ID"');
  });
});
