/**
 * The ingest in batches through the database (store/ingest-batch.ts), with batches of three rows so
 * that a file of a few lines crosses several: an id repeated in a later batch is found through the
 * database, also after the connection (and its temporary tables) was lost between two batches; a
 * rerun stores nothing and a changed row is revised. On PostgreSQL and on the embedded database.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../ingest/ingest.ts';
import type { Db } from '../store/db.ts';
import { openStore } from '../store/open.ts';
import type { ScoreQueue } from '../queue/jobs.ts';
import { freshDatabase } from './services.ts';

const ROWS = [
  'interaction_id,channel,text',
  'a1,chat,Customer: first words of a1', // line 2 (batch 1: lines 2-4)
  'a2,chat,Customer: hello',
  'a3,chat,Customer: where is my parcel',
  'a4,chat,Customer: thanks', // line 5 (batch 2: lines 5-7)
  'a1,chat,Customer: other words under the same id', // line 6: a1 again, one batch later
  'a5,chat,Customer: refund please',
  'a6,chat,Customer: six', // line 8 (batch 3)
  'a6,chat,Customer: six again', // line 9: a6 again, same batch
  'a7,chat,Customer: seven',
];

/** A queue that keeps what it was given. */
function recordingQueue(): ScoreQueue & { ids: string[] } {
  const ids: string[] = [];
  return { ids, add: async (chunks) => (ids.push(...chunks.flat()), chunks.length), drain: async () => {}, pending: async () => 0, close: async () => {} };
}

function suite(name: string, open: (dir: string) => Promise<{ db: Db; sql(q: string): Promise<Record<string, unknown>[]>; lose(): Promise<void> | null; done(): Promise<void> }>) {
  describe(name, () => {
    const dir = mkdtempSync(join(tmpdir(), 'voc-batches-'));
    const file = join(dir, 'dups.csv');
    let store: Awaited<ReturnType<typeof open>>;
    beforeAll(async () => {
      store = await open(dir);
    });
    afterAll(async () => {
      await store?.done();
      rmSync(dir, { recursive: true, force: true });
    });

    const ingest = async (lines: string[], beforeSecondBatch?: () => Promise<void> | null) => {
      writeFileSync(file, lines.join('\n') + '\n');
      const queue = recordingQueue();
      let writes = 0;
      // The store as it is, with a pause before the second batch's transaction (to lose the connection there).
      const db: Db = {
        ...store.db,
        session: (setup) => {
          const s = store.db.session(setup);
          return {
            transaction: async (fn) => {
              if (++writes === 2 && beforeSecondBatch) await beforeSecondBatch();
              return s.transaction(fn);
            },
            close: () => s.close(),
          };
        },
      };
      const summary = await ingestFile({ file, db, queue, rejectsPath: join(dir, 'dups.rejects.csv'), batchSize: 3, chunkSize: 2 });
      const rejects = await store.sql(`SELECT line, interaction_id, reason FROM rejects ORDER BY line`);
      return { summary, queued: queue.ids.sort(), rejects };
    };

    it('rejects an id repeated in the same batch or a later one, with the line it was first on, and keeps the first', async () => {
      const first = await ingest(ROWS, store.lose);
      expect(first.summary).toMatchObject({ read: 9, inserted: 7, updated: 0, unchanged: 0, rejected: 2, queued: 7 });
      expect(first.queued).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7']);
      expect(first.rejects).toEqual([
        { line: 6, interaction_id: 'a1', reason: 'duplicate interaction_id (first on line 2)' },
        { line: 9, interaction_id: 'a6', reason: 'duplicate interaction_id (first on line 8)' },
      ]);
      expect(await store.sql(`SELECT text FROM turns WHERE interaction_id IN ('a1', 'a6') ORDER BY interaction_id`)).toEqual([
        { text: 'first words of a1' },
        { text: 'six' },
      ]);
      expect(readFileSync(join(dir, 'dups.rejects.csv'), 'utf8').split('\n').slice(1, 3).map((l) => l.split(',')[0])).toEqual(['6', '9']);
    });

    it('a rerun stores and queues nothing and lists the same rejects; a changed row is revised and queued', async () => {
      const again = await ingest(ROWS);
      expect(again.summary).toMatchObject({ read: 9, inserted: 0, updated: 0, unchanged: 7, rejected: 2, queued: 0 });
      expect(again.rejects.map((r) => r.line)).toEqual([6, 9]);
      const changed = ROWS.map((r) => r.replace('where is my parcel', 'where is my parcel now'));
      const third = await ingest(changed);
      expect(third.summary).toMatchObject({ inserted: 0, updated: 1, unchanged: 6, rejected: 2, queued: 1 });
      expect(third.queued).toEqual(['a3']);
      expect(await store.sql(`SELECT i.revision, t.text FROM interactions i JOIN turns t USING (interaction_id) WHERE interaction_id = 'a3'`)).toEqual([
        { revision: 2, text: 'where is my parcel now' },
      ]);
    });

    it('stores text as written, whatever characters it holds, and the seconds of timed turns', async () => {
      const texts = ['a "quoted" word, a back\\slash \\N and a tab\there', 'NULL', '{braces}, commas', 'line one\nline two\r\n', '中文 客服 ☕'];
      const turns = texts.map((text, k) => ({ speaker: k % 2 ? 'agent' : 'customer', text, start_s: k === 2 ? null : k * 1.5, end_s: k * 1.5 + 1 }));
      const jsonl = join(dir, 'texts.jsonl');
      writeFileSync(jsonl, [JSON.stringify({ interaction_id: 'tx1', channel: 'call', turns }), JSON.stringify({ interaction_id: 'tx2', channel: 'call', abandoned: true, wait_time_s: 30 })].join('\n') + '\n');
      const summary = await ingestFile({ file: jsonl, db: store.db, queue: recordingQueue(), rejectsPath: join(dir, 'texts.rejects.csv'), chunkSize: 2 });
      expect(summary).toMatchObject({ inserted: 2, rejected: 0 });
      const stored = await store.sql(`SELECT speaker, text, start_s, end_s FROM turns WHERE interaction_id = 'tx1' ORDER BY turn_index`);
      expect(stored.map((t) => t.text)).toEqual(texts.map((t) => t.trim()));
      expect(stored.map((t) => [t.speaker, t.start_s, t.end_s])).toEqual(turns.map((t) => [t.speaker, t.start_s, t.end_s]));
      expect(await store.sql(`SELECT count(*)::int AS n FROM interaction_turns WHERE interaction_id = 'tx2'`)).toEqual([{ n: 0 }]);
    });
  });
}

suite('ingest in batches on PostgreSQL, the connection lost between two batches', async (dir) => {
  const database = await freshDatabase();
  const log: string[] = [];
  const db = await openStore({ databaseUrl: database.url, dataDir: dir }, { log: (m) => log.push(m) });
  const probe = new pg.Client({ connectionString: database.url });
  await probe.connect();
  let lost = false;
  return {
    db,
    sql: async (q) => (await probe.query(q)).rows,
    // Every other connection to the database is ended: the next batch's transaction meets a closed one.
    lose: () => {
      if (lost) return null;
      lost = true;
      return probe
        .query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)
        .then(() => {});
    },
    async done() {
      expect(log.filter((m) => /lost the connection/.test(m))).toHaveLength(1);
      await probe.end();
      await db.close();
      await database.drop();
    },
  };
});

suite('ingest in batches on the embedded database', async (dir) => {
  const db = await openStore({ databaseUrl: null, dataDir: dir });
  return { db, sql: async (q) => (await db.query(q)).rows, lose: () => null, done: () => db.close() };
});
