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

/** A free TCP port on localhost, for a private server a test starts and stops. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A private, throw-away redis-server on `port` (no persistence), for tests that make Redis go away;
 * the shared Redis is never stopped. Resolves once it accepts connections.
 */
export async function startPrivateRedis(port: number): Promise<{ stop(): Promise<void> }> {
  const { spawn } = await import('node:child_process');
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.on('error', () => {});
  const deadline = Date.now() + 10_000;
  for (;;) {
    const r = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
    r.on('error', () => {});
    try {
      await r.connect();
      await r.ping();
      r.disconnect();
      break;
    } catch (err) {
      r.disconnect();
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}: ${(err as Error).message}. Is redis-server installed?`);
      await new Promise((res) => setTimeout(res, 100));
    }
  }
  return {
    async stop() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
