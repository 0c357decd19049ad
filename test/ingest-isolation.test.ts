/**
 * The net under validation, on the real PostgreSQL: a row the database refuses in spite of validation
 * costs that row only. The refusal here is a CHECK constraint the test adds, standing for any rule of
 * the database that validation does not know about.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../cli/run-ingest.ts';
import { resolveConfig } from '../store/config.ts';
import { isDataError, writeIsolating } from '../store/isolate.ts';
import { openStore } from '../store/open.ts';
import { freshDatabase } from './services.ts';

describe('a batch the database refuses', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let sql: pg.Client;
  const dir = mkdtempSync(join(tmpdir(), 'voc-isolate-'));

  beforeAll(async () => {
    database = await freshDatabase();
    (await openStore({ databaseUrl: database.url, dataDir: dir })).close();
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    await sql.query(`ALTER TABLE interactions ADD CONSTRAINT test_refused CHECK (agent_id IS DISTINCT FROM 'refused')`);
  });
  afterAll(async () => {
    await sql?.end();
    await database?.drop();
  });

  it('is halved until the refused row is alone: 1,200 rows with a bad one at 1,101 store 1,199 and reject 1, every time', async () => {
    const rows = ['interaction_id,channel,text,agent_id'];
    for (let i = 1; i <= 1200; i++) rows.push(`r${i},chat,Customer: my parcel is late again,${i === 1101 ? 'refused' : `ag${i % 7}`}`);
    const file = join(dir, 'late.csv');
    writeFileSync(file, rows.join('\n') + '\n');
    const config = resolveConfig({ databaseUrl: database.url, redisUrl: null, dataDir: dir }, {});
    const first = await runIngest(file, config, { quiet: true });
    expect(first).toMatchObject({ read: 1200, inserted: 1199, rejected: 1, scored: 1199 });
    const rejects = await sql.query(`SELECT line, interaction_id, reason FROM rejects`);
    expect(rejects.rows).toEqual([{ line: 1102, interaction_id: 'r1101', reason: expect.stringMatching(/^the database refused the row: .*violates check constraint "test_refused"/) }]);
    expect(readFileSync(first.rejectsPath!, 'utf8')).toMatch(/^1102,r1101,"the database refused the row: .*""test_refused""",/m);
    // A rerun does not stop at the same row: the rest is unchanged, the same row is rejected once.
    const again = await runIngest(file, config, { quiet: true });
    expect(again).toMatchObject({ inserted: 0, unchanged: 1199, rejected: 1, queued: 0 });
    const counts = await sql.query(`SELECT (SELECT count(*)::int FROM interactions) AS stored, (SELECT count(*)::int FROM scores) AS scored, (SELECT count(*)::int FROM rejects) AS rejected`);
    expect(counts.rows[0]).toEqual({ stored: 1199, scored: 1199, rejected: 1 });
  });

  it('a fault that is not about the data is not split: it is raised', async () => {
    const down = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    let calls = 0;
    await expect(writeIsolating([1, 2, 3, 4], async () => { calls++; throw down; }, () => {})).rejects.toBe(down);
    expect(calls).toBe(1);
    expect([isDataError(down), isDataError({ code: '22021' }), isDataError({ code: '54000' }), isDataError(new Error('ECONNREFUSED'))]).toEqual([false, true, true, false]);
  });
});
