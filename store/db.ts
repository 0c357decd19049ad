/**
 * One small interface over the two PostgreSQL back ends: a real server through `pg` (when
 * DATABASE_URL is set) and the embedded PGlite (the no-server default). Both run the same SQL.
 *
 * Conventions for SQL written against it: cast counts to int (`count(*)::int`) so both back ends
 * return numbers, and use $1-style parameters.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { redactUrl } from '../lib/url.ts';
import { Outage, isConnectionError, retryConnection } from '../lib/transient.ts';
import { acquireLock } from './lock.ts';

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
  /**
   * One connection kept for a run of transactions, so that temporary tables last from one to the next
   * (the ingest's staging tables). `setup` runs on it first, and again on the new connection whenever
   * the old one was lost (its temporary tables went with it).
   */
  session(setup: (tx: SessionTx) => Promise<void>): Session;
  close(): Promise<void>;
}

export interface SessionTx extends Queryable {
  /**
   * COPY … FROM STDIN of `text` (lines in COPY's text format), on a server; null on the embedded
   * database, where a multi-row INSERT is the faster way in.
   */
  copyFrom: ((sql: string, text: string) => Promise<void>) | null;
}

export interface Session {
  /** Runs `fn` in one transaction on the session's connection; rolls back if it throws. */
  transaction<T>(fn: (tx: SessionTx) => Promise<T>): Promise<T>;
  /** Hands the connection back (its temporary tables are dropped). */
  close(): Promise<void>;
}

export class DatabaseError extends Error {
  override name = 'DatabaseError';
}

export interface PostgresOptions {
  /** Connections in the pool. @defaultValue 4 */
  poolSize?: number;
  /** Where the once-per-outage messages go. @defaultValue stderr, prefixed `voc: ` */
  log?: (message: string) => void;
  /** Aborting it ends any wait for a lost server with a ShutdownError (on SIGTERM / SIGINT). */
  signal?: AbortSignal;
  /** The session time zone: reports cut days and weeks in it (`Config.timeZone`). @defaultValue UTC */
  timeZone?: string;
}

/**
 * A PostgreSQL server through a `pg` pool. The first connection must succeed (a wrong URL is an error
 * at once); after that a lost connection — a restart, a fail-over, a terminated backend — is waited
 * out: every query and transaction is retried with backoff until the server answers again, with one
 * line when it went away and one when it is back. Retrying is safe because every write voc makes is
 * one transaction that either committed or did not, and is idempotent when repeated.
 */
export async function openPostgres(url: string, opts: PostgresOptions | number = {}): Promise<Db> {
  const { poolSize = 4, log, signal, timeZone = 'UTC' } = typeof opts === 'number' ? { poolSize: opts } : opts;
  const { default: pg } = await import('pg');
  const { from: copyFrom } = await import('pg-copy-streams');
  // Every connection of the pool starts in the centre's time zone (a validated IANA name, no spaces).
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: `-c TimeZone=${timeZone}` });
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
  const outage = new Outage(`PostgreSQL at ${redactUrl(url)}`, log);
  const retrying = <T>(fn: () => Promise<T>) => retryConnection(fn, outage, signal);
  let closed = false;
  return {
    kind: 'postgres',
    location: redactUrl(url),
    query: (sql, params) => retrying(() => pool.query(sql, params as unknown[]) as any),
    exec: (sql) => retrying(async () => void (await pool.query(sql))),
    transaction: (fn) =>
      retrying(async () => {
        const client = await pool.connect();
        // A checked-out client whose server goes away emits 'error'; unheard, that ends the process.
        let lost: Error | undefined;
        const onError = (err: Error) => (lost = err);
        client.on('error', onError);
        try {
          await client.query('BEGIN');
          const out = await fn({
            query: (sql, params) => client.query(sql, params as unknown[]) as any,
            exec: async (sql) => void (await client.query(sql)),
          });
          await client.query('COMMIT');
          return out;
        } catch (err) {
          if (!lost && !isConnectionError(err)) await client.query('ROLLBACK').catch(() => {});
          lost ??= isConnectionError(err) ? (err as Error) : undefined;
          throw err;
        } finally {
          client.off('error', onError);
          // A broken connection is dropped rather than handed to the next caller.
          client.release(lost ?? undefined);
        }
      }),
    session(setup) {
      type Client = import('pg').PoolClient;
      let client: Client | null = null;
      let lost: Error | undefined;
      const onError = (err: Error) => (lost = err);
      const on = (c: Client): SessionTx => ({
        query: (sql, params) => c.query(sql, params as unknown[]) as any,
        exec: async (sql) => void (await c.query(sql)),
        copyFrom: async (sql, text) => {
          const stream = c.query(copyFrom(sql));
          await new Promise<void>((resolve, reject) => {
            stream.on('error', reject);
            stream.on('finish', resolve);
            stream.end(text);
          });
        },
      });
      const drop = () => {
        if (!client) return;
        client.off('error', onError);
        client.release(lost ?? true);
        client = null;
        lost = undefined;
      };
      return {
        transaction: (fn) =>
          retrying(async () => {
            try {
              if (!client) {
                client = await pool.connect();
                client.on('error', onError);
                try {
                  await setup(on(client));
                } catch (err) {
                  // Half set up is not set up: the next try starts on a new connection.
                  lost ??= err as Error;
                  drop();
                  throw err;
                }
              }
              await client.query('BEGIN');
              const out = await fn(on(client));
              await client.query('COMMIT');
              return out;
            } catch (err) {
              if (client && !lost && !isConnectionError(err)) await client.query('ROLLBACK').catch(() => {});
              lost ??= isConnectionError(err) ? (err as Error) : undefined;
              // A lost connection is replaced at the next try, and `setup` run again on the new one.
              if (lost) drop();
              throw err;
            }
          }),
        async close() {
          // Temporary tables are the connection's: it is closed rather than handed to another caller.
          lost ??= new Error('session closed');
          drop();
        },
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** Thrown by a read-only command where nothing was ever stored (no embedded database yet). */
export class NothingStoredError extends Error {
  override name = 'NothingStoredError';
}

/** True when an embedded database has been created in `dir`. */
export function pgliteExists(dir: string): boolean {
  return existsSync(`${dir}/PG_VERSION`);
}

/**
 * The embedded engine's settings for a laptop: small shared buffers (the files are in the operating
 * system's cache anyway) and a checkpoint every 64 MB of write-ahead log, instead of letting it grow to
 * 1 GB during a large ingest.
 */
const PGLITE_SETTINGS = ['-c', 'shared_buffers=32MB', '-c', 'max_wal_size=64MB', '-c', 'min_wal_size=32MB'];

/** Creates an embedded database in `dir` in a child process (see openPglite). */
async function createPgliteApart(dir: string): Promise<void> {
  const { execFile } = await import('node:child_process');
  const code = `const { PGlite } = await import('@electric-sql/pglite'); const db = await PGlite.create(process.argv[1]); await db.close();`;
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', code, dir], { cwd: fileURLToPath(new URL('..', import.meta.url)) }, (err, _out, stderr) =>
      err ? reject(new Error(stderr.trim().split('\n').pop() || err.message)) : resolve(),
    );
  });
}

/**
 * The embedded database in `dir`. One process at a time: a lock file (`<dir>.lock`, holding the pid)
 * is taken first, and a second process meets a clear error instead of a second writer that would lose
 * data. `mustExist`: a read-only command opens only what is there and creates nothing.
 */
export async function openPglite(dir: string, opts: { mustExist?: boolean; timeZone?: string } = {}): Promise<Db> {
  if (opts.mustExist && !pgliteExists(dir)) {
    throw new NothingStoredError(`nothing stored yet in ${dir}: run \`voc ingest FILE\` (or \`voc demo\` for sample data)`);
  }
  mkdirSync(dir, { recursive: true });
  const lock = acquireLock(`${dir}.lock`, dir);
  const { PGlite } = await import('@electric-sql/pglite');
  let db: InstanceType<typeof PGlite>;
  try {
    // Creating the database takes the engine's memory to ~800 MB, which it keeps: done by a process of
    // its own, so that this one opens the database made (~300 MB).
    if (!pgliteExists(dir)) await createPgliteApart(dir);
    db = await PGlite.create(dir, { startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS] });
  } catch (cause) {
    lock.release();
    throw new DatabaseError(`cannot open the embedded database in ${dir}: ${(cause as Error).message}.`, { cause });
  }
  await db.exec(`SET TIME ZONE '${(opts.timeZone ?? 'UTC').replace(/'/g, "''")}'`);
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
    session(setup) {
      let ready = false;
      return {
        transaction: (fn) =>
          serial(async () => {
            const on = (tx: Queryable): SessionTx => ({ query: tx.query.bind(tx), exec: tx.exec.bind(tx), copyFrom: null });
            const wrap = (tx: { query: typeof db.query; exec: typeof db.exec }): Queryable => ({
              query: (sql, params) => tx.query(sql, params as unknown[]) as any,
              exec: async (sql) => void (await tx.exec(sql)),
            });
            if (!ready) {
              await setup(on(wrap(db)));
              ready = true;
            }
            return db.transaction((tx) => fn(on(wrap(tx))));
          }),
        close: async () => {},
      };
    },
    close: () =>
      serial(async () => {
        if (db.closed) return;
        try {
          await db.close();
        } finally {
          lock.release();
        }
      }),
  };
}
