/**
 * The store on the real PostgreSQL: migrations under their lock, idempotent upserts, scoring
 * failures recorded once, changed rows rescored, repeat contacts counted from the records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScorer, type Scorer } from '../pipeline/score.ts';
import type { Interaction } from '../pipeline/types.ts';
import { DEFAULTS } from '../store/config.ts';
import { openPostgres, type Db } from '../store/db.ts';
import { upsertInteractions } from '../store/ingest-batch.ts';
import { loadUnscored } from '../store/interactions.ts';
import { migrate } from '../store/migrate.ts';
import { statusCounts } from '../store/status.ts';
import { processChunk, writeIsolating } from '../workers/processor.ts';
import { DATABASE_URL, freshDatabase } from './services.ts';

const interaction = (id: string, customer: string, day: number, text = 'Customer: my order is late again'): Interaction => ({
  interaction_id: id,
  channel: 'chat',
  turns: [{ speaker: 'customer', text: text.replace(/^Customer: /, '') }, { speaker: 'agent', text: 'I am sorry, I will chase it now.' }],
  agent_id: 'ag1',
  team: 'core',
  customer_id: customer,
  started_at: new Date(Date.UTC(2026, 2, day)).toISOString(),
  kpis: { csat: 3 },
  metadata: {},
});

describe(`store on PostgreSQL (${DATABASE_URL})`, () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await freshDatabase();
    db = await openPostgres(database.url);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('applies migrations once, even when two processes race', async () => {
    const other = await openPostgres(database.url);
    const [a, b] = await Promise.all([migrate(db), migrate(other)]);
    await other.close();
    expect([...a, ...b]).toEqual(expect.arrayContaining(['001_init.sql']));
    expect([...a, ...b].filter((m) => m === '001_init.sql')).toHaveLength(1);
    expect(await migrate(db)).toEqual([]);
  });

  it('stores a batch once; a changed row is updated, gets a new revision and loses its old scores', async () => {
    const batch = [interaction('s1', 'c1', 1), interaction('s2', 'c1', 3), interaction('s3', 'c2', 20)];
    expect(await upsertInteractions(db, batch, 'a.jsonl')).toEqual({ inserted: ['s1', 's2', 's3'], updated: [], revisions: new Map([['s1', 1], ['s2', 1], ['s3', 1]]) });
    expect(await upsertInteractions(db, batch, 'a.jsonl')).toEqual({ inserted: [], updated: [], revisions: new Map() });
    await processChunk({ db, scorer: createScorer(), repeatWindowDays: DEFAULTS.repeatWindowDays }, ['s1', 's2', 's3']);
    const changed = [interaction('s2', 'c1', 3, 'Customer: actually it arrived, thanks')];
    expect(await upsertInteractions(db, changed, 'b.jsonl')).toEqual({ inserted: [], updated: ['s2'], revisions: new Map([['s2', 2]]) });
    // Back to the first content: a revision of its own, so its chunk is queued under a new job id.
    expect((await upsertInteractions(db, [batch[1]!], 'a.jsonl')).revisions).toEqual(new Map([['s2', 3]]));
    await upsertInteractions(db, changed, 'b.jsonl');
    expect(await statusCounts(db, createScorer().version)).toMatchObject({ stored: 3, scored: 2, queued: 1 });
    const { rows } = await db.query(`SELECT text FROM turns WHERE interaction_id = 's2' ORDER BY turn_index`);
    expect(rows[0]!.text).toBe('actually it arrived, thanks');
  });

  it('counts earlier contacts by the same customer within the repeat window', async () => {
    await upsertInteractions(db, [interaction('r1', 'c9', 1), interaction('r2', 'c9', 4), interaction('r3', 'c9', 6), interaction('r4', 'c9', 30)], 'r.jsonl');
    const loaded = await loadUnscored(db, ['r1', 'r2', 'r3', 'r4'], 'v-test', 7);
    const prior = Object.fromEntries(loaded.map((l) => [l.interaction.interaction_id, l.priorContacts]));
    expect(prior).toEqual({ r1: 0, r2: 1, r3: 2, r4: 0 });
  });

  it('records an interaction the scorer cannot score as failed, once, and scores the rest', async () => {
    const real = createScorer();
    const scorer: Scorer = {
      version: real.version,
      score: (i, ctx) => {
        if (i.interaction_id === 'r2') throw new Error('turn 0 has no text');
        return real.score(i, ctx);
      },
    };
    const first = await processChunk({ db, scorer, repeatWindowDays: DEFAULTS.repeatWindowDays }, ['r1', 'r2', 'r3', 'r4']);
    expect(first).toEqual({ scored: 3, failed: 1, skipped: 0 });
    const again = await processChunk({ db, scorer, repeatWindowDays: DEFAULTS.repeatWindowDays }, ['r1', 'r2', 'r3', 'r4']);
    expect(again).toEqual({ scored: 0, failed: 0, skipped: 4 });
    const { rows } = await db.query(`SELECT interaction_id, error FROM score_failures`);
    expect(rows).toEqual([{ interaction_id: 'r2', error: 'turn 0 has no text' }]);
  });

  it('a result the database refuses is isolated and recorded as failed; the rest of the chunk is written', async () => {
    const ids = ['w1', 'w2', 'w3', 'w4', 'w5'];
    await upsertInteractions(db, ids.map((id) => interaction(id, 'cw', 1)), 'w.jsonl');
    const scorer = createScorer();
    const loaded = await loadUnscored(db, ids, scorer.version, 7);
    const scores = loaded.map((l) => scorer.score(l.interaction, { priorContacts: l.priorContacts }));
    const bad = scores.find((s) => s.interaction_id === 'w3')!;
    (bad.sentiment as { label: string }).label = 'posi\u0000tive'; // PostgreSQL text cannot hold a NUL
    expect(await writeIsolating(db, scorer.version, scores, [])).toBe(1);
    const written = await db.query(`SELECT interaction_id FROM scores WHERE interaction_id LIKE 'w%' ORDER BY 1`);
    expect(written.rows.map((r) => r.interaction_id)).toEqual(['w1', 'w2', 'w4', 'w5']);
    const failed = await db.query(`SELECT interaction_id, error FROM score_failures WHERE interaction_id LIKE 'w%'`);
    expect(failed.rows).toEqual([{ interaction_id: 'w3', error: expect.stringMatching(/database refused the result: invalid byte sequence/) }]);
  });

  it('stores a declined language with its reason and no figures; status counts it', async () => {
    const es = interaction('l1', 'c5', 2, 'Customer: hola, mi pedido no ha llegado y nadie me responde');
    await upsertInteractions(db, [es], 'l.jsonl');
    await processChunk({ db, scorer: createScorer(), repeatWindowDays: DEFAULTS.repeatWindowDays }, ['l1']);
    const { rows } = await db.query(`SELECT language, not_scored, sentiment, effort, intent, empathy_applicable FROM scores WHERE interaction_id = 'l1'`);
    expect(rows).toEqual([{ language: 'es', not_scored: 'language es', sentiment: null, effort: null, intent: null, empathy_applicable: false }]);
    const turns = await db.query(`SELECT DISTINCT language FROM turn_scores WHERE interaction_id = 's1'`);
    expect(turns.rows).toEqual([{ language: 'en' }]);
    expect((await statusCounts(db, createScorer().version)).not_scored).toEqual({ 'language es': 1 });
  });
});
