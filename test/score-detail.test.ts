import { describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate.ts';
import { toInteraction } from '../ingest/validate.ts';
import { createScorer } from '../pipeline/score.ts';
import { openPostgres, type Db } from '../store/db.ts';
import { loadMigrations, migrate } from '../store/migrate.ts';
import { compactStoredScores, cueIdsFor, decodeDetail, DETAIL_FORMAT, encodeDetail, packedJson, type StoredDetail } from '../store/score-detail.ts';
import { readShowRecord } from '../store/show.ts';
import type { Interaction } from '../pipeline/types.ts';
import { upsertInteractions } from '../store/ingest-batch.ts';
import { writeResults } from '../store/scores.ts';
import { reasonEvidence } from '../store/reports-reasons.ts';
import { freshDatabase } from './services.ts';

/** Stored bytes of a detail. */
const size = (x: StoredDetail) => Buffer.byteLength(x.detail) + x.packed.length;

/** A stored detail as one object: the packed part put back beside the json. */
function merged(x: StoredDetail) {
  const d = JSON.parse(x.detail);
  const rest = JSON.parse(packedJson(x));
  return { ...d, ...rest, e: [...d.e, ...rest.e], t: d.t.map((t: unknown[], k: number) => [...t, rest.t[k]]) };
}

describe('compact score detail', () => {
  it('decodes to exactly what the scorer produced, in a fraction of the JSON', () => {
    const scorer = createScorer();
    let whole = 0;
    let compact = 0;
    let offsets = 0;
    let json = 0;
    const ids = new Map<string, number>();
    for (const r of generateDemo({ n: 400, seed: 3 })) {
      const x = toInteraction(r as unknown as Record<string, unknown>);
      const s = scorer.score(x, { priorContacts: 1 });
      const text = encodeDetail(s);
      whole += JSON.stringify(s).length;
      compact += size(text);
      expect(decodeDetail(text.detail, s.interaction_id, s.scorer_version, undefined, undefined, text.packed)).toEqual(s);
      // With the cue names kept once in a table and referred to by id.
      for (const t of merged(text).e) if (typeof t[3] === 'string' && !ids.has(t[3])) ids.set(t[3], ids.size + 1);
      const names = new Map([...ids].map(([k, v]) => [v, k]));
      const short = encodeDetail(s, ids);
      expect(size(short)).toBeLessThanOrEqual(size(text));
      expect(decodeDetail(short.detail, s.interaction_id, s.scorer_version, names, undefined, short.packed)).toEqual(s);
      // With the words cut from the turn texts.
      const texts = x.turns.map((t) => t.text);
      const cut = encodeDetail(s, ids, texts);
      expect(decodeDetail(cut.detail, s.interaction_id, s.scorer_version, names, texts, cut.packed)).toEqual(s);
      offsets += size(cut);
      json += JSON.stringify(merged(cut)).length;
    }
    // Packed, the part no SQL reads is a fraction of its json.
    expect(compact / whole).toBeLessThan(0.3);
    expect(offsets / json).toBeLessThan(0.6);
  });

  it('keeps the words that are not a cut of the turn, or that SQL would cut elsewhere', () => {
    const scorer = createScorer();
    const r = [...generateDemo({ n: 20, seed: 4 })].map((x) => toInteraction(x as unknown as Record<string, unknown>)).find((x) => x.turns.length > 1)!;
    const s = scorer.score(r, { priorContacts: 2 });
    const texts = r.turns.map((t) => t.text);
    const turn0 = texts[0]!;
    const withEvidence = structuredClone(s);
    withEvidence.sentiment.evidence = [
      { text: turn0.slice(0, 4), turn: 0, start: 0, end: 4 },
      { text: 'not in the turn', turn: 0, start: 0, end: 4, cue: 'x' },
      { text: '2 earlier contacts', turn: -1, start: 0, end: 0, weight: 30 },
      { text: 'é', turn: 1, start: 2, end: 3 },
    ];
    // An emoji before the words: JavaScript counts it as two units, PostgreSQL as one character.
    const astral = [...texts];
    astral[1] = '😀 é';
    const out = encodeDetail(withEvidence, undefined, astral);
    const stored = merged(out);
    const evs = withEvidence.sentiment.evidence.map((_, k) => stored.e[stored.s[7][k]]);
    expect(evs[0]).toEqual([0, 0, 4]);
    expect(evs[1]).toEqual([0, 0, 4, 'x', null, 'not in the turn']);
    expect(evs[2]).toEqual([-1, 0, 0, null, 30, '2 earlier contacts']);
    expect(evs[3]).toEqual([1, 2, 3, null, null, 'é']);
    expect(decodeDetail(out.detail, s.interaction_id, s.scorer_version, undefined, astral, out.packed)).toEqual(withEvidence);
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
  expect(rows.every((r) => (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail).f === DETAIL_FORMAT)).toBe(true);
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

/** Format 1 of a detail (migration 010): the words of every evidence copied, before its cue and weight. */
function formatOne(stored: StoredDetail): string {
  const d = merged(stored);
  d.f = 1;
  d.e = d.e.map(([turn, start, end, cue, weight, text]: [number, number, number, unknown, unknown, string]) =>
    [turn, start, end, text, ...(weight != null ? [cue, weight] : cue != null ? [cue] : [])]);
  return JSON.stringify(d);
}

/** Interactions stored as before migration 014: one `interaction_turns` row each. */
async function storeOneTurnsRowEach(db: Db, records: Interaction[]) {
  for (const x of records) {
    await db.query(`INSERT INTO interactions (interaction_id, channel, agent_id, customer_id, started_at, csat, content_hash) VALUES ($1, $2, $3, $4, $5, $6, 'h')`,
      [x.interaction_id, x.channel, x.agent_id, x.customer_id ?? null, x.started_at, x.kpis.csat ?? null]);
    const times = (k: 'start_s' | 'end_s') => (x.turns.some((t) => t[k] != null) ? x.turns.map((t) => t[k] ?? null) : null);
    if (x.turns.length > 0) {
      await db.query('INSERT INTO interaction_turns (interaction_id, speakers, texts, starts, ends) VALUES ($1, $2, $3, $4, $5)',
        [x.interaction_id, x.turns.map((t) => (t.speaker === 'agent' ? 'a' : 'c')).join(''), x.turns.map((t) => t.text), times('start_s'), times('end_s')]);
    }
  }
}

describe('migration 013 on a database of copied evidence words (format 1)', () => {
  it('rewrites every score as offsets and reads back the same results, views and reports', async () => {
    const fresh = await freshDatabase();
    const db = await openPostgres(fresh.url);
    try {
      await migrate(db, loadMigrations().filter((m) => m.id < 13));
      const scorer = createScorer();
      const records = [...generateDemo({ n: 40, seed: 6 })].map((r) => toInteraction(r as unknown as Record<string, unknown>));
      await storeOneTurnsRowEach(db, records);
      const scores = records.map((x) => scorer.score(x, { priorContacts: 1 }));
      // Stored as migration 010 did: the words copied into each evidence.
      const names = await db.transaction((tx) => cueIdsFor(tx, tx, scores));
      for (const s of scores) {
        await db.query(`INSERT INTO scores (interaction_id, scorer_version, sentiment, sentiment_label, empathy_applicable, effort, predicted_ces, intent, intent_confidence, detail)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::json)`,
        [s.interaction_id, s.scorer_version, s.sentiment.score, s.sentiment.label, s.empathy.applicable, s.effort.score, s.effort.predicted_ces, s.intent.primary, s.intent.confidence, formatOne(encodeDetail(s, names))]);
      }
      const view = 'SELECT interaction_id, turn_index, speaker, sentiment, sentiment_label, empathy_trigger, empathy_response, answered_by, cues::text, language FROM turn_scores ORDER BY 1, 2';
      const before = (await db.query(view)).rows;
      expect(before.some((r) => r.cues !== '[]')).toBe(true);

      await migrate(db);
      expect(await compactStoredScores(db)).toBe(scores.length);
      expect((await db.query(`SELECT to_regclass('scores_to_compact') AS t`)).rows[0]!.t).toBeNull();
      const stored = (await db.query<{ detail: string | { f: number; e: unknown[][] } }>('SELECT detail FROM scores')).rows.map((r) => (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail));
      expect(stored.every((d) => d.f === DETAIL_FORMAT)).toBe(true);
      // Most words are now offsets only.
      const all = stored.flatMap((d) => d.e);
      expect(all.filter((e) => e.length < 6).length).toBeGreaterThan(all.length * 0.8);
      expect((await db.query(view)).rows).toEqual(before);
      for (const s of scores) expect((await readShowRecord(db, s.interaction_id, s.scorer_version))!.score!.detail).toEqual(s);
      const reasons = await reasonEvidence(db, scorer.version);
      expect(reasons.length).toBeGreaterThan(0);
      for (const r of reasons) expect(r.evidence).toBe(r.turn_text.slice(r.start, r.end));
    } finally {
      await db.close();
      await fresh.drop();
    }
  }, 60_000);
});

describe('migration 014: the turns of several interactions in one row', () => {
  it('moves the stored turns into blocks with every view, record and report as before; writes keep them right', async () => {
    const fresh = await freshDatabase();
    const db = await openPostgres(fresh.url);
    try {
      await migrate(db, loadMigrations().filter((m) => m.id < 14));
      const scorer = createScorer();
      const records = [...generateDemo({ n: 70, seed: 8 })].map((r) => toInteraction(r as unknown as Record<string, unknown>));
      // Text a block must keep as written, and timed turns.
      records[0]!.turns[0]!.text = 'tab\there, "quotes", back\\slash, é, 😀, 请帮我';
      records[1]!.turns = records[1]!.turns.map((t, k) => ({ ...t, start_s: k * 1.5, end_s: k === 1 ? undefined : k * 1.5 + 0.1 }));
      await storeOneTurnsRowEach(db, records);
      const scores = records.map((x) => scorer.score(x, { priorContacts: 1 }));
      await writeResults(db, scorer.version, scores, []);
      const queries = [
        'SELECT * FROM interaction_turns ORDER BY interaction_id',
        'SELECT * FROM turns ORDER BY interaction_id, turn_index',
        'SELECT interaction_id, turn_index, speaker, sentiment, sentiment_label, empathy_trigger, empathy_response, answered_by, cues::text, language FROM turn_scores ORDER BY 1, 2',
      ];
      const read = async () => ({
        views: await Promise.all(queries.map(async (q) => (await db.query(q)).rows)),
        shown: await Promise.all(records.map((x) => readShowRecord(db, x.interaction_id, scorer.version))),
        // In no set order: sorted.
        reasons: (await reasonEvidence(db, scorer.version)).map((r) => JSON.stringify(r)).sort(),
      });
      const before = await read();
      expect(before.views[1]!.some((t) => t.start_s != null)).toBe(true);

      await migrate(db);
      const blocks = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM turn_blocks');
      expect(blocks.rows[0]!.n).toBe(Math.ceil(records.filter((x) => x.turns.length > 0).length / 32));
      expect(await read()).toEqual(before);
      expect((await db.query(`SELECT text FROM turns WHERE interaction_id = $1 AND turn_index = 0`, [records[0]!.interaction_id])).rows[0]!.text)
        .toBe(records[0]!.turns[0]!.text);

      // A changed row: its turns are stored anew, its entry leaves the old block.
      const changed = structuredClone(records[2]!);
      changed.turns[0]!.text = 'a corrected first turn';
      const oldBlock = (await db.query('SELECT turns_block FROM interactions WHERE interaction_id = $1', [changed.interaction_id])).rows[0]!.turns_block;
      const up = await upsertInteractions(db, [changed, records[3]!], 'test');
      expect(up.updated).toContain(changed.interaction_id);
      expect((await db.query(`SELECT text FROM turns WHERE interaction_id = $1 ORDER BY turn_index LIMIT 1`, [changed.interaction_id])).rows[0]!.text).toBe('a corrected first turn');
      const holders = async (id: string) => (await db.query<{ block_id: number }>('SELECT block_id FROM turn_blocks WHERE turns ? $1', [id])).rows.map((r) => r.block_id);
      expect(await holders(changed.interaction_id)).not.toContain(oldBlock);
      expect(await holders(changed.interaction_id)).toHaveLength(1);
      // A deleted interaction leaves no entry.
      await db.query('DELETE FROM interactions WHERE interaction_id = $1', [records[4]!.interaction_id]);
      expect(await holders(records[4]!.interaction_id)).toEqual([]);
      // Long transcripts: a block holds at most 32 kB of text (and one more interaction).
      const long = [1, 2, 3, 4].map((k) => ({ ...structuredClone(records[5]!), interaction_id: `long${k}`, turns: [{ speaker: 'customer' as const, text: `${k} `.repeat(10_000) }] }));
      await upsertInteractions(db, long, 'test');
      const longBlocks = await db.query<{ turns_block: number; n: number }>(
        `SELECT turns_block, count(*)::int AS n FROM interactions WHERE interaction_id LIKE 'long%' GROUP BY 1 ORDER BY 1`);
      expect(longBlocks.rows.map((r) => r.n)).toEqual([2, 2]);
      expect((await db.query(`SELECT text FROM turns WHERE interaction_id = 'long3'`)).rows[0]!.text).toBe('3 '.repeat(10_000));
      // Writing through the view.
      await db.query(`INSERT INTO interactions (interaction_id, channel, content_hash) VALUES ('v1', 'chat', 'x')`);
      await db.query(`INSERT INTO interaction_turns (interaction_id, speakers, texts) VALUES ('v1', 'ca', ARRAY['hello', 'hi there'])`);
      await db.query(`UPDATE interaction_turns SET texts[2] = 'good morning' WHERE interaction_id = 'v1'`);
      expect((await db.query(`SELECT speaker, text, start_s FROM turns WHERE interaction_id = 'v1' ORDER BY turn_index`)).rows).toEqual([
        { speaker: 'customer', text: 'hello', start_s: null },
        { speaker: 'agent', text: 'good morning', start_s: null },
      ]);
      expect(await holders('v1')).toHaveLength(1);
    } finally {
      await db.close();
      await fresh.drop();
    }
  }, 60_000);
});

describe('cue names', () => {
  it('are committed before the score write, so writers meeting the same new name do not wait on each other’s scores', async () => {
    const fresh = await freshDatabase();
    const db = await openPostgres(fresh.url);
    const other = await openPostgres(fresh.url);
    try {
      await migrate(db);
      const scorer = createScorer();
      const records = [...generateDemo({ n: 6, seed: 9 })].map((r) => toInteraction(r as unknown as Record<string, unknown>));
      await upsertInteractions(db, records, 'test');
      const scores = records.map((x) => scorer.score(x, { priorContacts: 0 }));
      // Score writes are held up at their insert while another transaction locks the table.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const lock = other.transaction(async (tx) => {
        await tx.query('LOCK TABLE scores IN SHARE MODE');
        locked();
        await held;
      });
      await isLocked;
      const writing = writeResults(db, scorer.version, scores, []);
      const cues = async () => (await other.query<{ n: number }>('SELECT count(*)::int AS n FROM score_cues')).rows[0]!.n;
      try {
        for (let k = 0; k < 60 && (await cues()) === 0; k++) await new Promise((r) => setTimeout(r, 50));
        expect(await cues()).toBeGreaterThan(0);
        expect((await other.query<{ n: number }>('SELECT count(*)::int AS n FROM scores')).rows[0]!.n).toBe(0);
      } finally {
        release();
      }
      await lock;
      await writing;
      expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM scores')).rows[0]!.n).toBe(scores.length);
      for (const s of scores) expect((await readShowRecord(db, s.interaction_id, s.scorer_version))!.score!.detail).toEqual(s);
    } finally {
      await other.close();
      await db.close();
      await fresh.drop();
    }
  }, 60_000);
});

describe('turn blocks under concurrent ingests', () => {
  it('a row another run changes between the check and the write still gets its turns', async () => {
    const fresh = await freshDatabase();
    const db = await openPostgres(fresh.url);
    const other = await openPostgres(fresh.url);
    try {
      await migrate(db);
      const [x] = [...generateDemo({ n: 1, seed: 10 })].map((r) => toInteraction(r as unknown as Record<string, unknown>));
      await upsertInteractions(db, [x!], 'test');
      // Another run changes the row and holds it uncommitted while this one stores the same content.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let changed!: () => void;
      const isChanged = new Promise<void>((r) => (changed = r));
      const change = other.transaction(async (tx) => {
        await tx.query(`UPDATE interactions SET content_hash = 'other' WHERE interaction_id = $1`, [x!.interaction_id]);
        changed();
        await held;
      });
      await isChanged;
      const storing = upsertInteractions(db, [x!], 'test');
      await new Promise((r) => setTimeout(r, 1500));
      release();
      await change;
      const result = await storing;
      expect(result.updated).toEqual([x!.interaction_id]);
      const { rows } = await db.query(`SELECT text FROM turns WHERE interaction_id = $1 ORDER BY turn_index`, [x!.interaction_id]);
      expect(rows.map((r) => r.text)).toEqual(x!.turns.map((t) => t.text));
    } finally {
      await other.close();
      await db.close();
      await fresh.drop();
    }
  }, 60_000);
});
