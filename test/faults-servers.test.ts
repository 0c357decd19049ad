/**
 * Faults on the real PostgreSQL and Redis, as a user would meet them, each ending with every
 * interaction scored once for its current content and nothing done by hand: a worker killed twice
 * while holding a chunk, the PostgreSQL backends of this test's own database terminated mid-run, the
 * queue flushed, a chunk the queue gave up on, and a file corrected and re-ingested twice.
 *
 * Work is held at a known point with a table lock the test takes on its own database (the workers'
 * result writes or the ingest's inserts wait on it), so each fault lands mid-chunk every time.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_NAME } from '../queue/jobs.ts';
import { startVoc as start, voc, vocOk, waitFor, type Running } from './cli.ts';
import { freshDatabase, freshRedis } from './services.ts';

const HAPPY = 'Customer: Thanks, that worked perfectly and I love the new app.\nAgent: Glad to hear it, have a great day!';
const ANGRY = 'Customer: This is terrible, it is still broken and I am furious.\nAgent: I am sorry, let me fix that for you now.';

describe('faults on PostgreSQL and Redis', () => {
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
  let redis: Awaited<ReturnType<typeof freshRedis>>;
  /** Takes the table locks that hold work at a known point. */
  let lock: pg.Client;
  /** Looks at what the servers are doing. */
  let probe: pg.Client;

  const rows = (name: string, prefix: string, n: number, text = HAPPY) => {
    const path = join(dir, name);
    const lines = Array.from({ length: n }, (_, i) => JSON.stringify({ interaction_id: `${prefix}${i}`, channel: 'chat', agent_id: 'a1', text }));
    writeFileSync(path, lines.join('\n') + '\n');
    return path;
  };
  const status = async () => JSON.parse((await vocOk(['status', '--json'], env)).stdout);
  const scored = async (prefix: string) =>
    (
      await probe.query(`SELECT count(*)::int AS n, count(DISTINCT interaction_id)::int AS ids FROM scores WHERE interaction_id LIKE $1`, [`${prefix}%`])
    ).rows[0] as { n: number; ids: number };
  /**
   * Backends of this database (other than the test's own) waiting for a lock while writing into `table`
   * or a table beside it (`score_cues`, `interaction_turns`): a backend whose worker was killed while it
   * waited keeps its transaction open, so the next worker can wait on the cue names that one inserted.
   */
  const lockWaiters = async (table: 'scores' | 'interactions') =>
    (
      await probe.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()
           AND query ILIKE $1`,
        [`%INSERT INTO ${table === 'scores' ? 'score' : 'interaction'}%`],
      )
    ).rows[0].n as number;
  const count = (text: string, re: RegExp) => text.match(new RegExp(re, 'g'))?.length ?? 0;

  beforeAll(async () => {
    database = await freshDatabase();
    redis = await freshRedis();
    dir = mkdtempSync(join(tmpdir(), 'voc-faults-'));
    env = { DATABASE_URL: database.url, REDIS_URL: redis.url, VOC_QUEUE_PREFIX: redis.prefix, VOC_DATA_DIR: join(dir, 'data') };
    await vocOk(['migrate'], env);
    lock = new pg.Client({ connectionString: database.url });
    probe = new pg.Client({ connectionString: database.url });
    await lock.connect();
    await probe.connect();
  });

  afterEach(async () => {
    for (const r of started.splice(0)) r.child.kill('SIGKILL');
    await lock.query('ROLLBACK').catch(() => {}); // a test that failed holding its table lock
  });

  afterAll(async () => {
    await lock?.end().catch(() => {});
    await probe?.end().catch(() => {});
    await database?.drop();
    await redis?.flush();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a chunk whose worker is killed twice while holding it is taken over and scored once', async () => {
    await vocOk(['ingest', rows('kill.jsonl', 'k', 40), '--chunk-size', '40'], env); // one chunk
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE scores IN EXCLUSIVE MODE'); // the worker scores, then waits to write
    for (let kill = 1; kill <= 2; kill++) {
      const w = startVoc(['worker', '--stall-seconds', '1'], env);
      await waitFor(`worker ${kill} to hold the chunk`, async () => (await lockWaiters('scores')) >= kill);
      w.child.kill('SIGKILL');
      await w.exited;
    }
    await lock.query('COMMIT');
    await vocOk(['worker', '--exit-when-idle', '--stall-seconds', '1'], env);
    expect(await scored('k')).toEqual({ n: 40, ids: 40 });
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUE_NAME, { connection, prefix: redis.prefix });
    try {
      const done = await queue.getJobs(['completed']);
      expect(done.map((j) => j.stalledCounter)).toEqual([2]); // the same chunk, taken back twice
      expect(await queue.getFailedCount()).toBe(0);
    } finally {
      await queue.close();
      connection.disconnect();
    }
    expect(await status()).toEqual({ stored: 40, scored: 40, queued: 0, failed: 0, rejected: 0 });
  });

  it('a worker and an ingest carry on when the backends of their database are terminated', async () => {
    const worker = startVoc(['worker'], env);
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE scores IN EXCLUSIVE MODE');
    await vocOk(['ingest', rows('pg-a.jsonl', 'pa', 40)], env);
    await waitFor('the worker to be writing its chunk', async () => (await lockWaiters('scores')) >= 1);
    await lock.query('LOCK TABLE interactions IN EXCLUSIVE MODE');
    const ingest = startVoc(['ingest', rows('pg-b.jsonl', 'pb', 40)], env);
    await waitFor('the ingest to be storing its batch', async () => (await lockWaiters('interactions')) >= 1);
    const lockPid = (await lock.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const { rows: killed } = await probe.query(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND pid NOT IN (pg_backend_pid(), $1)`,
      [lockPid],
    );
    expect(killed[0].n).toBeGreaterThanOrEqual(2);
    await lock.query('COMMIT');
    expect(await ingest.exited).toBe(0);
    await waitFor('both files to be scored', async () => (await scored('pa')).n + (await scored('pb')).n === 80);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(await scored('pa')).toEqual({ n: 40, ids: 40 });
    expect(await scored('pb')).toEqual({ n: 40, ids: 40 });
    for (const p of [worker, ingest]) {
      expect(count(p.stderr, /lost the connection to PostgreSQL/), p.stderr).toBe(1);
      expect(count(p.stderr, /PostgreSQL at .* is back after/), p.stderr).toBe(1);
    }
    expect(worker.stderr).toMatch(/SIGTERM: finishing the chunks in hand/);
    expect(await status()).toEqual({ stored: 120, scored: 120, queued: 0, failed: 0, rejected: 0 });
  });

  it('after the queue is flushed, status says so and a worker sweeps the stored work back in', async () => {
    await vocOk(['ingest', rows('flush.jsonl', 'f', 40)], env);
    expect(await status()).toEqual({ stored: 160, scored: 120, queued: 40, failed: 0, rejected: 0 });
    await redis.flush();
    expect(await status()).toEqual({ stored: 160, scored: 120, queued: 40, failed: 0, rejected: 0, unqueued: 40 });
    const human = await vocOk(['status'], env);
    expect(human.stdout).toMatch(/40 stored but in no queued job/);
    const w = await vocOk(['worker', '--exit-when-idle', '--sweep-every', '1', '--sweep-grace', '0'], env);
    expect(w.stderr).toMatch(/sweep: queued 40 stored interaction/);
    expect(await scored('f')).toEqual({ n: 40, ids: 40 });
  });

  it('a chunk the queue gave up on counts as failed, and the sweep queues it again', async () => {
    await vocOk(['ingest', rows('gaveup.jsonl', 'g', 20)], env);
    // The queue fails the chunk for good (as after too many stalls), with no score written.
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUE_NAME, { connection, prefix: redis.prefix });
    const failing = new Worker(QUEUE_NAME, async () => {
      throw new UnrecoverableError('gave up');
    }, { connection, prefix: redis.prefix });
    try {
      await waitFor('the chunk to fail', async () => (await queue.getFailedCount()) === 1);
    } finally {
      await failing.close();
      await queue.close();
      connection.disconnect();
    }
    expect(await status()).toEqual({ stored: 180, scored: 160, queued: 0, failed: 20, rejected: 0 });
    await vocOk(['worker', '--exit-when-idle', '--sweep-every', '1', '--sweep-grace', '0'], env);
    expect(await scored('g')).toEqual({ n: 20, ids: 20 });
    expect(await status()).toEqual({ stored: 180, scored: 180, queued: 0, failed: 0, rejected: 0 });
  });

  it('a corrected file re-ingested twice is rescored each time, back to its first content too', async () => {
    const labels = async () =>
      (await probe.query(`SELECT DISTINCT sentiment_label AS l FROM scores WHERE interaction_id LIKE 'c%'`)).rows.map((r) => r.l);
    const worker = () => vocOk(['worker', '--exit-when-idle'], env); // no sweep within the run: jobs alone must do it
    for (const [text, label] of [[HAPPY, 'positive'], [ANGRY, 'negative'], [HAPPY, 'positive']] as const) {
      const summary = JSON.parse((await vocOk(['ingest', rows('changed.jsonl', 'c', 30, text), '--json'], env)).stdout);
      expect(summary.inserted + summary.updated).toBe(30);
      expect(summary.queued).toBe(30);
      await worker();
      expect(await scored('c')).toEqual({ n: 30, ids: 30 });
      expect(await labels()).toEqual([label]);
    }
    expect(await status()).toEqual({ stored: 210, scored: 210, queued: 0, failed: 0, rejected: 0 });
  });

  it('status without a reachable Redis still counts what is stored, and says why the queue is unknown', async () => {
    const r = await voc(['status', '--json'], { ...env, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ stored: 210, scored: 210 });
    expect(r.stderr).toMatch(/cannot reach Redis .*not known/);
  });
});
