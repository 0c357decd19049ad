/**
 * The real services the integration tests run against. They never skip: when PostgreSQL or Redis is
 * not reachable, the test fails with what to do. Each test file gets a database of its own and a
 * Redis key prefix of its own, and removes them afterwards.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';

export const DATABASE_URL = process.env.DATABASE_URL || 'postgres://root@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

const HOW_TO_START =
  'Start it (`bash .ci/run` installs and starts both), or point DATABASE_URL / REDIS_URL at running servers.';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates an empty database for one test file; `drop()` removes it. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `voc_test_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${DATABASE_URL}: ${(err as Error).message}. ${HOW_TO_START}`);
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: withDatabase(DATABASE_URL, name),
    async drop() {
      const c = new pg.Client({ connectionString: DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * A Redis key prefix of one test file's own on the configured Redis (never a whole database: someone
 * else's queues may live there). `flush()` deletes the keys under the prefix, and only those.
 */
export async function freshRedis(): Promise<{ url: string; prefix: string; flush(): Promise<void> }> {
  const prefix = `voc_test_${randomBytes(4).toString('hex')}`;
  const flush = async () => {
    const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
    r.on('error', () => {});
    try {
      await r.connect();
    } catch (err) {
      throw new Error(`Redis is not reachable at ${REDIS_URL}: ${(err as Error).message}. ${HOW_TO_START}`);
    }
    try {
      let cursor = '0';
      do {
        const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        if (keys.length > 0) await r.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      r.disconnect();
    }
  };
  await flush();
  return { url: REDIS_URL, prefix, flush };
}
