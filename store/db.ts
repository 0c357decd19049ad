/**
 * One small interface over the two PostgreSQL back ends: a real server through `pg` (when
 * DATABASE_URL is set) and the embedded PGlite (the no-server default). Both run the same SQL.
 *
 * Conventions for SQL written against it: cast counts to int (`count(*)::int`) so both back ends
 * return numbers, and use $1-style parameters.
 */
import { mkdirSync } from 'node:fs';
import { redactUrl } from '../lib/url.ts';

export interface Queryable {
  query<T = Record<string, any>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Runs a script of several statements, with no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  kind: 'postgres' | 'pglite';
  /** Where the data lives, for messages (a URL without its password, or a folder). */
  location: string;
  /** Runs `fn` in one transaction on one connection; rolls back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class DatabaseError extends Error {
  override name = 'DatabaseError';
}

export async function openPostgres(url: string, poolSize = 4): Promise<Db> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => {}); // an idle client's error surfaces on its next query instead
  try {
    await pool.query('SELECT 1');
  } catch (cause) {
    await pool.end().catch(() => {});
    throw new DatabaseError(
      `cannot connect to PostgreSQL at ${redactUrl(url)}: ${(cause as Error).message}. ` +
        'Start the server, fix DATABASE_URL, or unset it to use the embedded database.',
      { cause },
    );
  }
  return {
    kind: 'postgres',
    location: redactUrl(url),
    query: (sql, params) => pool.query(sql, params as unknown[]) as any,
    exec: async (sql) => void (await pool.query(sql)),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn({
          query: (sql, params) => client.query(sql, params as unknown[]) as any,
          exec: async (sql) => void (await client.query(sql)),
        });
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export async function openPglite(dir: string): Promise<Db> {
  mkdirSync(dir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  let db: InstanceType<typeof PGlite>;
  try {
    db = await PGlite.create(dir);
  } catch (cause) {
    throw new DatabaseError(
      `cannot open the embedded database in ${dir}: ${(cause as Error).message}. ` +
        'Is another voc process using it? Only one process at a time can open the embedded database.',
      { cause },
    );
  }
  // PGlite runs one statement at a time; queue callers so a transaction is never interleaved.
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => {});
    return run;
  };
  return {
    kind: 'pglite',
    location: dir,
    query: (sql, params) => serial(() => db.query(sql, params as unknown[]) as any),
    exec: (sql) => serial(async () => void (await db.exec(sql))),
    transaction: (fn) =>
      serial(() =>
        db.transaction((tx) =>
          fn({
            query: (sql, params) => tx.query(sql, params as unknown[]) as any,
            exec: async (sql) => void (await tx.exec(sql)),
          }),
        ),
      ),
    close: () => serial(() => db.close()),
  };
}
