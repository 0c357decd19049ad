/**
 * Redis going away under the ingest and a worker, on a private redis-server this test starts and stops on a port
 * of its own (the shared Redis is never touched): the ingest waits and finishes when Redis is back,
 * and an ingest killed after storing but before queueing loses nothing — a worker's sweep finds the
 * stored batch and queues it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startVoc as start, vocOk, waitFor, type Running } from './cli.ts';
import { freePort, freshDatabase, startPrivateRedis } from './services.ts';

describe('Redis unreachable for the ingest (private redis-server)', () => {
  /** Processes a test started; whatever one leaves running when it fails is stopped before the next. */
  const started: Running[] = [];
  const startVoc = (...args: Parameters<typeof start>) => {
    const r = start(...args);
    started.push(r);
    return r;
  };
  let dir: string;
  let env: Record<string, string>;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let server: Awaited<ReturnType<typeof startPrivateRedis>> | null = null;
  let port: number;
  let sql: pg.Client;

  const rows = (name: string, prefix: string, n: number) => {
    const path = join(dir, name);
    const text = 'Customer: My parcel is late again and nobody answers.\nAgent: I am sorry, I will chase it right now.';
    writeFileSync(path, Array.from({ length: n }, (_, i) => JSON.stringify({ interaction_id: `${prefix}${i}`, channel: 'chat', text })).join('\n') + '\n');
    return path;
  };
  const countOf = async (table: 'interactions' | 'scores', prefix: string) =>
    (await sql.query(`SELECT count(*)::int AS n FROM ${table} WHERE interaction_id LIKE $1`, [`${prefix}%`])).rows[0].n as number;
  const status = async () => JSON.parse((await vocOk(['status', '--json'], env)).stdout);

  beforeAll(async () => {
    database = await freshDatabase();
    port = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'voc-redis-'));
    env = { DATABASE_URL: database.url, REDIS_URL: `redis://127.0.0.1:${port}`, VOC_QUEUE_PREFIX: 'voc', VOC_DATA_DIR: join(dir, 'data') };
    await vocOk(['migrate'], env);
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  });

  afterEach(() => {
    for (const r of started.splice(0)) r.child.kill('SIGKILL');
  });

  afterAll(async () => {
    await server?.stop();
    await sql?.end();
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a worker and an ingest wait for Redis, say so once, and finish when Redis is back', async () => {
    const worker = startVoc(['worker'], env);
    const ingest = startVoc(['ingest', rows('wait.jsonl', 'r', 40)], env);
    for (const p of [worker, ingest]) await waitFor('Redis to be missed', () => /lost the connection to Redis/.test(p.stderr));
    server = await startPrivateRedis(port);
    expect(await ingest.exited).toBe(0);
    await waitFor('the worker to score the file', async () => (await countOf('scores', 'r')) === 40);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    for (const p of [worker, ingest]) {
      expect(p.stderr.match(/lost the connection to Redis/g), p.stderr).toHaveLength(1);
      expect(p.stderr).toMatch(/Redis at redis:\/\/127\.0\.0\.1:\d+ is back after/);
    }
  });

  it('an ingest killed between storing and queueing loses nothing: the sweep queues the stored batch', async () => {
    await server!.stop();
    server = null;
    const ingest = startVoc(['ingest', rows('killed.jsonl', 's', 40)], env);
    await waitFor('the batch to be stored', async () => (await countOf('interactions', 's')) === 40);
    await waitFor('the ingest to wait for Redis', () => /lost the connection to Redis/.test(ingest.stderr));
    ingest.child.kill('SIGKILL');
    await ingest.exited;
    server = await startPrivateRedis(port); // empty: nothing of the batch was queued
    expect(await status()).toEqual({ stored: 80, scored: 40, queued: 40, failed: 0, rejected: 0, unqueued: 40 });
    const rerun = JSON.parse((await vocOk(['ingest', join(dir, 'killed.jsonl'), '--json'], env)).stdout);
    expect(rerun).toMatchObject({ unchanged: 40, queued: 0 });
    const worker = await vocOk(['worker', '--exit-when-idle', '--sweep-every', '1', '--sweep-grace', '0'], env);
    expect(worker.stderr).toMatch(/sweep: queued 40 stored interaction/);
    expect(await countOf('scores', 's')).toBe(40);
    expect(await status()).toEqual({ stored: 80, scored: 80, queued: 0, failed: 0, rejected: 0 });
  });
});
