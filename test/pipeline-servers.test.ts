/**
 * The whole pipeline against the real PostgreSQL and Redis on localhost: `voc ingest` → BullMQ →
 * two `voc worker` processes → rows in PostgreSQL, as a user would run it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoFiles } from '../cli/run-demo.ts';
import { voc, vocOk } from './cli.ts';
import { writeBadCsv } from './fixtures.ts';
import { DATABASE_URL, REDIS_URL, freshDatabase, freshRedis } from './services.ts';

const N = 400;

describe(`pipeline on PostgreSQL (${DATABASE_URL}) and Redis (${REDIS_URL})`, () => {
  let dir: string;
  let env: Record<string, string>;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let redis: Awaited<ReturnType<typeof freshRedis>>;
  let sql: pg.Client;
  let files: { jsonl: string; csv: string };

  const status = async () => JSON.parse((await vocOk(['status', '--json'], env)).stdout);
  const workers = (n: number) =>
    Promise.all(Array.from({ length: n }, () => vocOk(['worker', '--concurrency', '2', '--exit-when-idle'], env)));

  beforeAll(async () => {
    database = await freshDatabase();
    redis = await freshRedis();
    dir = mkdtempSync(join(tmpdir(), 'voc-servers-'));
    env = { DATABASE_URL: database.url, REDIS_URL: redis.url, VOC_QUEUE_PREFIX: redis.prefix, VOC_DATA_DIR: join(dir, 'data') };
    files = await writeDemoFiles(dir, N, 11);
    sql = new pg.Client({ connectionString: database.url });
    await vocOk(['migrate'], env);
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await database?.drop();
    await redis?.flush();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ingest stores every row and queues it in Redis; nothing is scored before a worker runs', async () => {
    const summary = JSON.parse((await vocOk(['ingest', files.jsonl, '--json'], env)).stdout);
    expect(summary).toMatchObject({ read: N, inserted: N, rejected: 0, queued: N, scored: 0 });
    expect(await status()).toEqual({ stored: N, scored: 0, queued: N, failed: 0, rejected: 0 });
  });

  it('two worker processes score every queued interaction exactly once, and check the alerts on the new scores once', async () => {
    // A rule on a score (effort): an ingest with Redis scores nothing, so only the workers can see it.
    const rules = join(dir, 'alerts.json');
    writeFileSync(rules, JSON.stringify({ rules: [{ id: 'any-effort', metric: 'effort', window_days: 3650, above: -1, min_n: 1 }] }));
    const runs = await Promise.all(
      Array.from({ length: 2 }, () => vocOk(['worker', '--concurrency', '2', '--exit-when-idle'], { ...env, VOC_ALERTS: rules })),
    );
    expect(runs.map((r) => r.stdout).join('').match(/FIRING any-effort/g)).toHaveLength(1);
    const firings = await sql.query(`SELECT count(*)::int AS n FROM alert_firings WHERE rule_id = 'any-effort'`);
    expect(firings.rows[0].n).toBe(1);
    expect(await status()).toEqual({ stored: N, scored: N, queued: 0, failed: 0, rejected: 0 });
    const { rows } = await sql.query('SELECT count(*)::int AS n, count(DISTINCT interaction_id)::int AS ids FROM scores');
    expect(rows[0]).toEqual({ n: N, ids: N });
    const turns = await sql.query(`SELECT count(*)::int AS n FROM turn_scores`);
    expect(turns.rows[0].n).toBeGreaterThan(N);
  });

  it('a second ingest of the same file stores and queues nothing', async () => {
    const summary = JSON.parse((await vocOk(['ingest', files.jsonl, '--json'], env)).stdout);
    expect(summary).toMatchObject({ read: N, inserted: 0, updated: 0, unchanged: N, queued: 0 });
    expect(await status()).toEqual({ stored: N, scored: N, queued: 0, failed: 0, rejected: 0 });
  });

  it('requeue puts back work lost with the queue', async () => {
    // Lose 50 results and everything Redis held: PostgreSQL still knows what is unscored.
    await sql.query(`DELETE FROM scores WHERE interaction_id IN (SELECT interaction_id FROM interactions ORDER BY interaction_id LIMIT 50)`);
    await redis.flush();
    expect(await status()).toMatchObject({ scored: N - 50, queued: 50 });
    const r = await vocOk(['requeue'], env);
    expect(r.stdout).toMatch(/queued 50 interactions/);
    await workers(1);
    expect(await status()).toEqual({ stored: N, scored: N, queued: 0, failed: 0, rejected: 0 });
  });

  it('rejects bad rows with their line and reason, and stores every good row', async () => {
    const bad = writeBadCsv(join(dir, 'bad.csv'));
    const summary = JSON.parse((await vocOk(['ingest', join(dir, 'bad.csv'), '--json'], env)).stdout);
    expect(summary).toMatchObject({ inserted: bad.good.length, rejected: bad.rejects.length });
    const { rows } = await sql.query(`SELECT line, reason FROM rejects WHERE source = 'bad.csv' AND reason IS NOT NULL ORDER BY line`);
    expect(rows.map((r) => r.line)).toEqual(bad.rejects.map((r) => r.line));
    rows.forEach((row, i) => expect(row.reason).toMatch(bad.rejects[i]!.reason));
    const warned = await sql.query(`SELECT line, interaction_id, warning FROM rejects WHERE source = 'bad.csv' AND reason IS NULL ORDER BY line`);
    expect(warned.rows.map((r) => r.line)).toEqual(bad.warned.map((w) => w.line));
    warned.rows.forEach((row, i) => expect(row.warning).toMatch(bad.warned[i]!.warning));
    const kept = await sql.query(`SELECT csat, handle_time_s FROM interactions WHERE interaction_id IN ('b4', 'b5') ORDER BY interaction_id`);
    expect(kept.rows).toEqual([{ csat: null, handle_time_s: 100 }, { csat: 3, handle_time_s: null }]);
    const stored = await sql.query(`SELECT interaction_id FROM interactions WHERE source = 'bad.csv' ORDER BY interaction_id`);
    expect(stored.rows.map((r) => r.interaction_id)).toEqual([...bad.good].sort());
    // The e-mail lost its quoted reply and signature before it was stored.
    const email = await sql.query(`SELECT text FROM turns WHERE interaction_id = 'b10'`);
    expect(email.rows.map((r) => r.text).join(' ')).not.toMatch(/issued your refund|Sam/);
    // A rerun reports the same rejects, once.
    await vocOk(['ingest', join(dir, 'bad.csv'), '--json'], env);
    expect((await status()).rejected).toBe(bad.rejects.length);
    await workers(1);
    expect(await status()).toMatchObject({ stored: N + bad.good.length, scored: N + bad.good.length, queued: 0 });
  });

  it('a file that cannot be read is a clear error and a non-zero exit', async () => {
    const r = await voc(['ingest', join(dir, 'missing.csv')], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/cannot read .*missing\.csv/);
  });
});
