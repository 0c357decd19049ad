/**
 * The same pipeline with no servers: DATABASE_URL and REDIS_URL unset, so the embedded PostgreSQL
 * and the in-process queue do the work, as on a laptop.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoFiles } from '../cli/run-demo.ts';
import { PGlite } from '@electric-sql/pglite';
import { vocOk } from './cli.ts';
import { writeBadCsv } from './fixtures.ts';

const N = 300;

describe('pipeline with no servers (embedded PostgreSQL, in-process queue)', () => {
  let dir: string;
  let env: Record<string, string | undefined>;
  let files: { jsonl: string; csv: string };
  const status = async () => JSON.parse((await vocOk(['status', '--json'], env)).stdout);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'voc-local-'));
    env = { DATABASE_URL: undefined, REDIS_URL: undefined, VOC_DATA_DIR: join(dir, 'data') };
    files = await writeDemoFiles(dir, N, 5);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ingest stores and scores every interaction in one process', async () => {
    const summary = JSON.parse((await vocOk(['ingest', files.csv, '--json'], env)).stdout);
    expect(summary).toMatchObject({ read: N, inserted: N, rejected: 0, scored: N });
    expect(await status()).toEqual({ stored: N, scored: N, queued: 0, failed: 0, rejected: 0 });
  });

  it('a second ingest of the same file changes nothing', async () => {
    const summary = JSON.parse((await vocOk(['ingest', files.csv, '--json'], env)).stdout);
    expect(summary).toMatchObject({ inserted: 0, updated: 0, unchanged: N, queued: 0, scored: 0 });
  });

  it('requeue scores what lost its score', async () => {
    const db = await PGlite.create(join(dir, 'data', 'pgdata'));
    await db.query(`DELETE FROM scores WHERE interaction_id IN (SELECT interaction_id FROM interactions ORDER BY 1 LIMIT 20)`);
    await db.close();
    expect(await status()).toMatchObject({ scored: N - 20, queued: 20 });
    expect((await vocOk(['requeue'], env)).stdout).toMatch(/scored 20 of 20/);
    expect(await status()).toMatchObject({ scored: N, queued: 0 });
  });

  it('lists rejected rows with line and reason in the rejects file, and keeps the good rows', async () => {
    const bad = writeBadCsv(join(dir, 'bad.csv'));
    const summary = JSON.parse((await vocOk(['ingest', join(dir, 'bad.csv'), '--json'], env)).stdout);
    expect(summary).toMatchObject({ inserted: bad.good.length, rejected: bad.rejects.length, warned: bad.warned.length, scored: bad.good.length });
    const listed = readFileSync(summary.rejectsPath, 'utf8').trim().split('\n').slice(1);
    expect(listed[0]).toMatch(/^4,,interaction_id is missing,,/);
    const lines = [...bad.rejects.map((r) => r.line), ...bad.warned.map((w) => w.line)].sort((a, b) => a - b);
    expect(listed.map((l) => Number(l.split(',')[0]))).toEqual(lines);
    // A row kept with a warning has no reason, and says what was dropped.
    expect(listed.find((l) => l.startsWith('7,'))).toMatch(/^7,b5,,"handle_time_s must be seconds, 0 or more, got ""abc""; dropped",/);
  });
});
